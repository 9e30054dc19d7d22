using System;
using System.Collections.Generic;
using System.Linq;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Json;

namespace Konnaxion.Ops.Tests.Engine
{
    public class LabelFilterTests
    {
        [Fact]
        public void WritesKeyValueAndKeyOnlyConditions()
        {
            var labels = new Dictionary<string, string?>
            {
                ["com.docker.compose.project"] = "konnaxion",
                ["kxtest.engine"] = null,
            };

            Assert.Equal("{\"label\":[\"com.docker.compose.project=konnaxion\",\"kxtest.engine\"]}", LabelFilter.ToJson(labels));
        }

        [Fact]
        public void SortsConditionsSoEqualFiltersGiveEqualUrls()
        {
            var one = new Dictionary<string, string?> { ["b"] = "2", ["a"] = "1" };
            var other = new Dictionary<string, string?> { ["a"] = "1", ["b"] = "2" };

            Assert.Equal(LabelFilter.ToJson(one), LabelFilter.ToJson(other));
        }

        [Fact]
        public void EscapesJsonAndUrlSpecialCharacters()
        {
            var labels = new Dictionary<string, string?> { ["note"] = "a \"quoted\" \\ value\n&x=1?#é" };

            var json = LabelFilter.ToJson(labels);
            var query = LabelFilter.ToQueryValue(labels);

            Assert.Equal("{\"label\":[\"note=a \\\"quoted\\\" \\\\ value\\n&x=1?#é\"]}", json);
            var parsed = (Dictionary<string, object?>)JsonParser.Parse(json)!;
            Assert.Equal("note=" + labels["note"], Assert.Single(parsed.GetArray("label")!));
            Assert.DoesNotContain(query, c => " \"{}[]&?#=\n".IndexOf(c) >= 0 || c > 127);
            Assert.Equal(json, Uri.UnescapeDataString(query));
        }

        [Fact]
        public void EscapesControlCharacters()
        {
            var json = LabelFilter.ToJson(new Dictionary<string, string?> { ["k"] = "\u0001\t" });

            Assert.Equal("{\"label\":[\"k=\\u0001\\t\"]}", json);
            Assert.True(json.All(c => c >= ' '));
        }
    }
}
