using System.Collections.Generic;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Tests.Compose
{
    public sealed class ComposeInterpolationTests
    {
        private static readonly Dictionary<string, string> Variables = new Dictionary<string, string>
        {
            ["TAG"] = "1.4.2",
            ["EMPTY"] = string.Empty,
            ["B"] = "from-b",
            ["_PRIVATE9"] = "underscore",
            ["CITY"] = "Montréal",
        };

        private static string Interpolate(string value) =>
            ComposeInterpolation.Interpolate(value, name => Variables.TryGetValue(name, out var v) ? v : null, "services.django.image (line 4)");

        [Theory]
        [InlineData("konnaxion:$TAG", "konnaxion:1.4.2")]
        [InlineData("konnaxion:${TAG}", "konnaxion:1.4.2")]
        [InlineData("$TAG-$TAG", "1.4.2-1.4.2")]
        [InlineData("${TAG}suffix", "1.4.2suffix")]
        [InlineData("$TAGsuffix", "")]
        [InlineData("$_PRIVATE9/x", "underscore/x")]
        [InlineData("x${UNSET}y", "xy")]
        [InlineData("x$UNSET.y", "x.y")]
        [InlineData("${CITY}", "Montréal")]
        [InlineData("no variables here", "no variables here")]
        public void SubstitutesVariables(string value, string expected) => Assert.Equal(expected, Interpolate(value));

        [Theory]
        [InlineData("${UNSET:-latest}", "latest")]
        [InlineData("${EMPTY:-latest}", "latest")]
        [InlineData("${TAG:-latest}", "1.4.2")]
        [InlineData("${UNSET-latest}", "latest")]
        [InlineData("${EMPTY-latest}", "")]
        [InlineData("${TAG-latest}", "1.4.2")]
        [InlineData("${UNSET:-}", "")]
        [InlineData("${UNSET:-a default with spaces}", "a default with spaces")]
        public void AppliesDefaults(string value, string expected) => Assert.Equal(expected, Interpolate(value));

        [Theory]
        [InlineData("${TAG:+alt}", "alt")]
        [InlineData("${EMPTY:+alt}", "")]
        [InlineData("${UNSET:+alt}", "")]
        [InlineData("${EMPTY+alt}", "alt")]
        [InlineData("${UNSET+alt}", "")]
        [InlineData("${TAG:+v$TAG}", "v1.4.2")]
        public void AppliesAlternatives(string value, string expected) => Assert.Equal(expected, Interpolate(value));

        [Theory]
        [InlineData("${TAG:?must be set}", "1.4.2")]
        [InlineData("${EMPTY?must be set}", "")]
        public void RequiredVariablesThatAreSetPass(string value, string expected) => Assert.Equal(expected, Interpolate(value));

        [Theory]
        [InlineData("${UNSET:?TAG must be set}", "UNSET", "TAG must be set")]
        [InlineData("${EMPTY:?cannot be empty}", "EMPTY", "cannot be empty")]
        [InlineData("${UNSET?is required}", "UNSET", "is required")]
        public void ARequiredVariableWithoutAValueIsComposeFileInvalid(string value, string name, string message)
        {
            var ex = Assert.Throws<KxException>(() => Interpolate(value));

            Assert.Equal(KxErrorIds.ComposeFileInvalid, ex.ErrorId);
            Assert.Equal(KxErrorCategory.InvalidData, ex.Category);
            Assert.Equal("services.django.image (line 4)", ex.TargetObject);
            Assert.Contains("required variable " + name, ex.Message);
            Assert.Contains(message, ex.Message);
            Assert.Contains("services.django.image (line 4)", ex.Message);
        }

        [Theory]
        [InlineData("$$TAG", "$TAG")]
        [InlineData("echo $${HOME}", "echo ${HOME}")]
        [InlineData("$$$TAG", "$1.4.2")]
        [InlineData("a$$", "a$")]
        public void DoubleDollarIsALiteralDollar(string value, string expected) => Assert.Equal(expected, Interpolate(value));

        [Theory]
        [InlineData("${UNSET:-${B:-c}}", "from-b")]
        [InlineData("${UNSET:-${ALSO_UNSET:-c}}", "c")]
        [InlineData("${TAG:-${B:-c}}", "1.4.2")]
        [InlineData("${UNSET:-pre-${B}-post}/x", "pre-from-b-post/x")]
        public void ResolvesNestedDefaults(string value, string expected) => Assert.Equal(expected, Interpolate(value));

        [Theory]
        [InlineData("price: 5$", "price: 5$")]
        [InlineData("$", "$")]
        [InlineData("$1 and $2", "$1 and $2")]
        [InlineData("a $ b", "a $ b")]
        [InlineData("$-x", "$-x")]
        public void KeepsADollarThatStartsNoReference(string value, string expected) => Assert.Equal(expected, Interpolate(value));

        [Theory]
        [InlineData("konnaxion:${TAG")]
        [InlineData("${UNSET:-${B}")]
        public void AnUnclosedBraceIsComposeFileInvalid(string value)
        {
            var ex = Assert.Throws<KxException>(() => Interpolate(value));

            Assert.Equal(KxErrorIds.ComposeFileInvalid, ex.ErrorId);
            Assert.Contains("unclosed", ex.Message);
        }

        [Theory]
        [InlineData("${}")]
        [InlineData("${1ABC}")]
        [InlineData("${TAG:}")]
        [InlineData("${TAG/x/y}")]
        [InlineData("${TAG:=x}")]
        public void AnInvalidReferenceIsComposeFileInvalid(string value)
        {
            var ex = Assert.Throws<KxException>(() => Interpolate(value));

            Assert.Equal(KxErrorIds.ComposeFileInvalid, ex.ErrorId);
            Assert.Contains("invalid variable reference", ex.Message);
        }

        [Fact]
        public void LooksUpOnlyTheVariablesItNeeds()
        {
            var asked = new List<string>();

            var result = ComposeInterpolation.Interpolate("${TAG:-${B}}", name =>
            {
                asked.Add(name);
                return name == "TAG" ? "set" : null;
            }, "x");

            Assert.Equal("set", result);
            Assert.Equal(new[] { "TAG" }, asked);
        }
    }
}
