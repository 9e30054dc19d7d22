using System;
using Konnaxion.Ops.Engine;

namespace Konnaxion.Ops.Tests.Engine
{
    public class EngineTimeTests
    {
        [Fact]
        public void KeepsTheFirstSevenOfNineFractionalDigits()
        {
            var parsed = EngineTime.Parse("2024-05-01T12:34:56.123456789Z");

            Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 34, 56, TimeSpan.Zero).AddTicks(1234567), parsed);
        }

        [Theory]
        [InlineData("2024-05-01T12:34:56Z", 0)]
        [InlineData("2024-05-01T12:34:56.5Z", 5000000)]
        [InlineData("2024-05-01T12:34:56.000000001Z", 0)]
        public void ReadsAnyNumberOfFractionalDigits(string text, long ticks)
        {
            Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 34, 56, TimeSpan.Zero).AddTicks(ticks), EngineTime.Parse(text));
        }

        [Fact]
        public void ReadsAnOffset()
        {
            var parsed = EngineTime.Parse("2024-05-01T14:34:56.25+02:00")!.Value;

            Assert.Equal(TimeSpan.FromHours(2), parsed.Offset);
            Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 34, 56, 250, TimeSpan.Zero), parsed.ToUniversalTime());
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("0001-01-01T00:00:00Z")]
        public void GoZeroTimeMeansNever(string? text)
        {
            Assert.Null(EngineTime.Parse(text));
        }

        [Theory]
        [InlineData("yesterday")]
        [InlineData("2024-05-01 12:34:56Z")]
        [InlineData("2024-05-01T12:34:56")]
        [InlineData("2024-13-01T12:34:56Z")]
        public void RejectsOtherText(string text)
        {
            Assert.Throws<EngineProtocolException>(() => EngineTime.Parse(text));
        }
    }
}
