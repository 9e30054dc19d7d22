using System.Collections.Generic;
using System.Linq;
using Konnaxion.Ops.Json;

namespace Konnaxion.Ops.Tests.Json
{
    public class JsonParserTests
    {
        [Theory]
        [InlineData("\"plain\"", "plain")]
        [InlineData("\"q\\\"b\\\\s\\/n\\nr\\rt\\tb\\bf\\f\"", "q\"b\\s/n\nr\rt\tb\bf\f")]
        [InlineData("\"\\u00e9\\u20AC\"", "é€")]
        [InlineData("\"\\ud83d\\ude00 grin\"", "😀 grin")]
        [InlineData("\"raw UTF-16: é😀\"", "raw UTF-16: é😀")]
        [InlineData("\"\\u0000\"", "\0")]
        [InlineData("\"\"", "")]
        public void ReadsStrings(string json, string expected)
        {
            Assert.Equal(expected, JsonParser.Parse(json));
        }

        [Fact]
        public void KeepsALoneSurrogateEscape()
        {
            Assert.Equal("\ud800x", JsonParser.Parse("\"\\ud800x\""));
        }

        [Theory]
        [InlineData("0", 0L)]
        [InlineData("-0", 0L)]
        [InlineData("42", 42L)]
        [InlineData("-17", -17L)]
        [InlineData("9223372036854775807", long.MaxValue)]
        [InlineData("-9223372036854775808", long.MinValue)]
        public void ReadsIntegersAsLong(string json, long expected)
        {
            Assert.Equal(expected, Assert.IsType<long>(JsonParser.Parse(json)));
        }

        [Theory]
        [InlineData("1.5", 1.5)]
        [InlineData("-0.25", -0.25)]
        [InlineData("1e3", 1000.0)]
        [InlineData("2.5E-2", 0.025)]
        [InlineData("1E+2", 100.0)]
        [InlineData("9223372036854775808", 9223372036854775808.0)]
        public void ReadsOtherNumbersAsDouble(string json, double expected)
        {
            Assert.Equal(expected, Assert.IsType<double>(JsonParser.Parse(json)));
        }

        [Fact]
        public void ReadsLiteralsAndWhiteSpace()
        {
            var array = Assert.IsType<List<object?>>(JsonParser.Parse(" \t\r\n[ true , false,null ] \n"));

            Assert.Equal(new object?[] { true, false, null }, array);
        }

        [Fact]
        public void ReadsNestedObjectsAndArrays()
        {
            var json = "{\"Id\":\"abc\",\"Names\":[\"/web\"],\"Ports\":[{\"PrivatePort\":8000,\"PublicPort\":80,\"Type\":\"tcp\"}]," +
                       "\"Labels\":{\"com.docker.compose.service\":\"django\",\"empty\":\"\"},\"State\":{\"Health\":{\"Status\":\"healthy\"}},\"Empty\":{},\"None\":[]}";

            var root = Assert.IsType<Dictionary<string, object?>>(JsonParser.Parse(json));

            Assert.Equal("abc", root.GetString("Id"));
            Assert.Equal("/web", Assert.Single(root.GetArray("Names")!));
            var port = Assert.IsType<Dictionary<string, object?>>(Assert.Single(root.GetArray("Ports")!));
            Assert.Equal(8000L, port.GetInteger("PrivatePort"));
            Assert.Equal("django", root.GetStringMap("Labels")["com.docker.compose.service"]);
            Assert.Equal("healthy", root.GetObject("State")!.GetObject("Health")!.GetString("Status"));
            Assert.Empty(root.GetObject("Empty")!);
            Assert.Empty(root.GetArray("None")!);
        }

        [Fact]
        public void ARepeatedKeyKeepsItsLastValue()
        {
            var root = Assert.IsType<Dictionary<string, object?>>(JsonParser.Parse("{\"a\":1,\"a\":2}"));

            Assert.Equal(2L, root["a"]);
        }

        [Fact]
        public void ReadsDeepButBoundedNesting()
        {
            var depth = 100;
            var json = string.Concat(Enumerable.Repeat("[", depth)) + string.Concat(Enumerable.Repeat("]", depth));

            Assert.IsType<List<object?>>(JsonParser.Parse(json));
            Assert.Throws<JsonParseException>(() => JsonParser.Parse(string.Concat(Enumerable.Repeat("[", 1000)) + string.Concat(Enumerable.Repeat("]", 1000))));
        }

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("{")]
        [InlineData("{\"a\":1,}")]
        [InlineData("[1,]")]
        [InlineData("[1 2]")]
        [InlineData("{\"a\" 1}")]
        [InlineData("{a:1}")]
        [InlineData("{'a':1}")]
        [InlineData("\"unterminated")]
        [InlineData("\"bad \\x escape\"")]
        [InlineData("\"bad \\u12G4\"")]
        [InlineData("\"short \\u12\"")]
        [InlineData("\"tab\tinside\"")]
        [InlineData("01")]
        [InlineData("-")]
        [InlineData("1.")]
        [InlineData(".5")]
        [InlineData("1e")]
        [InlineData("+1")]
        [InlineData("NaN")]
        [InlineData("tru")]
        [InlineData("nul")]
        [InlineData("True")]
        [InlineData("{} {}")]
        [InlineData("1 2")]
        public void RejectsInvalidJson(string json)
        {
            Assert.Throws<JsonParseException>(() => JsonParser.Parse(json));
        }

        [Fact]
        public void AnErrorSaysWhere()
        {
            var error = Assert.Throws<JsonParseException>(() => JsonParser.Parse("{\"a\": [1, 2,, 3]}"));

            Assert.Equal(12, error.Position);
            Assert.Contains("offset 12", error.Message);
        }

        [Fact]
        public void TypedReadsTreatMissingAndMistypedFieldsAsAbsent()
        {
            var root = Assert.IsType<Dictionary<string, object?>>(JsonParser.Parse("{\"s\":1,\"n\":\"1\",\"b\":\"true\",\"o\":[],\"l\":{\"x\":1,\"y\":\"z\"}}"));

            Assert.Null(root.GetString("s"));
            Assert.Null(root.GetInteger("n"));
            Assert.False(root.GetBoolean("b"));
            Assert.Null(root.GetObject("o"));
            Assert.Null(root.GetArray("missing"));
            Assert.Equal(new Dictionary<string, string> { ["y"] = "z" }, root.GetStringMap("l"));
        }
    }
}
