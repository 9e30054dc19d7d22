using System;
using System.IO;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Tests.Compose
{
    public sealed class ComposeProjectNameTests
    {
        private static ComposeFile FileIn(string folderName, string? name = null) =>
            new ComposeFile(Path.Combine(Path.GetTempPath(), "repos", folderName, "docker-compose.local.yml"), name, Array.Empty<ComposeService>(), Array.Empty<ComposeService>());

        [Fact]
        public void AnExplicitNameWinsOverEverything() =>
            Assert.Equal("explicit", ComposeProjectName.Resolve("explicit", "fromenv", FileIn("backend", "fromfile")));

        [Fact]
        public void TheEnvironmentWinsOverTheFileAndTheFolder() =>
            Assert.Equal("fromenv", ComposeProjectName.Resolve(null, "fromenv", FileIn("backend", "fromfile")));

        [Fact]
        public void TheFileNameWinsOverTheFolder() =>
            Assert.Equal("fromfile", ComposeProjectName.Resolve(string.Empty, string.Empty, FileIn("backend", "fromfile")));

        [Fact]
        public void TheFolderIsTheLastResort() =>
            Assert.Equal("backend", ComposeProjectName.Resolve(null, null, FileIn("backend")));

        [Theory]
        [InlineData("Konnaxion Backend!", "konnaxionbackend")]
        [InlineData("_-konnaxion", "konnaxion")]
        [InlineData("__My_App-2", "my_app-2")]
        [InlineData("My.App", "myapp")]
        [InlineData("konnaxion_backend-v2", "konnaxion_backend-v2")]
        [InlineData("Idées", "ides")]
        [InlineData("-_-", "")]
        public void NormalisesLikeComposeV2(string name, string expected) => Assert.Equal(expected, ComposeProjectName.Normalise(name));

        [Theory]
        [InlineData("Konnaxion Backend!", "konnaxionbackend")]
        [InlineData("_-konnaxion", "konnaxion")]
        [InlineData("My.App", "myapp")]
        public void NormalisesTheFolderName(string folder, string expected) =>
            Assert.Equal(expected, ComposeProjectName.Resolve(null, null, FileIn(folder)));

        [Theory]
        [InlineData("My App")]
        [InlineData("Konnaxion")]
        [InlineData("_konnaxion")]
        [InlineData("-konnaxion")]
        [InlineData("konnaxion.backend")]
        [InlineData("café")]
        public void AnInvalidExplicitNameIsRejectedNotNormalised(string name)
        {
            var ex = Assert.Throws<KxException>(() => ComposeProjectName.Resolve(name, null, FileIn("backend")));

            Assert.Equal(KxErrorIds.InvalidProjectName, ex.ErrorId);
            Assert.Equal(KxErrorCategory.InvalidArgument, ex.Category);
            Assert.Equal(name, ex.TargetObject);
            Assert.Contains($"'{name}'", ex.Message);
        }

        [Fact]
        public void AnInvalidEnvironmentNameIsRejectedNamingTheVariable()
        {
            var ex = Assert.Throws<KxException>(() => ComposeProjectName.Resolve(null, "Konnaxion Dev", FileIn("backend")));

            Assert.Equal(KxErrorIds.InvalidProjectName, ex.ErrorId);
            Assert.Contains(ComposeProjectName.EnvironmentVariable, ex.Message);
        }

        [Fact]
        public void AnInvalidFileNameIsRejectedNamingTheFile()
        {
            var file = FileIn("backend", "Konnaxion");

            var ex = Assert.Throws<KxException>(() => ComposeProjectName.Resolve(null, null, file));

            Assert.Equal(KxErrorIds.InvalidProjectName, ex.ErrorId);
            Assert.Contains(file.Path, ex.Message);
        }

        [Theory]
        [InlineData("!!!")]
        [InlineData("_-_")]
        [InlineData("éàü")]
        public void AFolderNameThatNormalisesToNothingIsInvalid(string folder)
        {
            var ex = Assert.Throws<KxException>(() => ComposeProjectName.Resolve(null, null, FileIn(folder)));

            Assert.Equal(KxErrorIds.InvalidProjectName, ex.ErrorId);
            Assert.Equal(KxErrorCategory.InvalidArgument, ex.Category);
            Assert.Equal(folder, ex.TargetObject);
        }
    }
}
