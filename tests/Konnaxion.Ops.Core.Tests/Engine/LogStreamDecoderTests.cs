using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Konnaxion.Ops.Engine;

namespace Konnaxion.Ops.Tests.Engine
{
    public class LogStreamDecoderTests
    {
        [Fact]
        public void DemultiplexesSeveralFrames()
        {
            var body = Frames((1, "Starting server\n"), (2, "warning: debug on\n"), (1, "Listening on :8000\n"));

            Assert.Equal(new[] { "Starting server", "warning: debug on", "Listening on :8000" }, Decode(body, multiplexed: true));
        }

        [Fact]
        public void JoinsALineWrittenInSeveralFramesOfOneStream()
        {
            var body = Frames((1, "par"), (2, "err\n"), (1, "tial\r\n"));

            Assert.Equal(new[] { "err", "partial" }, Decode(body, multiplexed: true));
        }

        [Fact]
        public void KeepsLinesWithoutATrailingNewline()
        {
            var body = Frames((1, "a\nlast stdout"), (2, "last stderr"));

            Assert.Equal(new[] { "a", "last stdout", "last stderr" }, Decode(body, multiplexed: true));
        }

        [Fact]
        public void KeepsEmptyLines()
        {
            Assert.Equal(new[] { "a", string.Empty, "b" }, Decode(Frames((1, "a\n\nb\n")), multiplexed: true));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        [InlineData(7)]
        [InlineData(8)]
        [InlineData(9)]
        public void AcceptsFramesSplitAcrossReads(int pieceSize)
        {
            var body = Frames((1, "first line\n"), (2, "second\n"), (1, string.Empty), (1, "third\n"));

            Assert.Equal(new[] { "first line", "second", "third" }, Decode(body, multiplexed: true, pieceSize));
        }

        [Fact]
        public void DecodesACharacterSplitBetweenTwoFrames()
        {
            var euro = Encoding.UTF8.GetBytes("€");
            var body = Concat(
                Frame(1, Encoding.UTF8.GetBytes("price: ").Concat(euro.Take(1)).ToArray()),
                Frame(2, Encoding.UTF8.GetBytes("other stream\n")),
                Frame(1, euro.Skip(1).Concat(Encoding.UTF8.GetBytes("5 😀\n")).ToArray()));

            Assert.Equal(new[] { "other stream", "price: €5 😀" }, Decode(body, multiplexed: true, pieceSize: 2));
        }

        [Fact]
        public void PassesATtyStreamThroughAsLines()
        {
            var body = Encoding.UTF8.GetBytes("\u001b[32mgreen\u001b[0m\r\nnaïve\r\nend");

            Assert.Equal(new[] { "\u001b[32mgreen\u001b[0m", "naïve", "end" }, Decode(body, multiplexed: false, pieceSize: 1));
        }

        [Fact]
        public void AnEmptyBodyHasNoLines()
        {
            Assert.Empty(Decode(Array.Empty<byte>(), multiplexed: true));
            Assert.Empty(Decode(Array.Empty<byte>(), multiplexed: false));
        }

        [Fact]
        public void RejectsAnUnknownStream()
        {
            var decoder = new LogStreamDecoder(multiplexed: true);
            var body = Encoding.ASCII.GetBytes("plain text that is not framed\n");

            Assert.Throws<EngineProtocolException>(() => decoder.Write(body, 0, body.Length));
        }

        [Fact]
        public void RejectsABodyEndingInsideAFrame()
        {
            var body = Frames((1, "complete\n"));
            var decoder = new LogStreamDecoder(multiplexed: true);
            decoder.Write(body, 0, body.Length - 3);

            Assert.Throws<EngineProtocolException>(() => decoder.Finish());
        }

        private static IReadOnlyList<string> Decode(byte[] body, bool multiplexed, int pieceSize = int.MaxValue)
        {
            var decoder = new LogStreamDecoder(multiplexed);
            for (var offset = 0; offset < body.Length; offset += pieceSize)
            {
                decoder.Write(body, offset, Math.Min(pieceSize, body.Length - offset));
            }

            return decoder.Finish();
        }

        internal static byte[] Frames(params (byte Stream, string Text)[] frames) =>
            Concat(frames.Select(f => Frame(f.Stream, Encoding.UTF8.GetBytes(f.Text))).ToArray());

        private static byte[] Frame(byte stream, byte[] payload)
        {
            var length = payload.Length;
            var header = new byte[] { stream, 0, 0, 0, (byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length };
            return header.Concat(payload).ToArray();
        }

        private static byte[] Concat(params byte[][] parts)
        {
            var all = new MemoryStream();
            foreach (var part in parts)
            {
                all.Write(part, 0, part.Length);
            }

            return all.ToArray();
        }
    }
}
