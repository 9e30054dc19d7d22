using Konnaxion.Ops.Discovery;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Tests.Discovery
{
    public sealed class ProjectLocatorTests
    {
        private const string LocalFile = "docker-compose.local.yml";
        private const string ProductionFile = "docker-compose.production.yml";

        /// <summary>A Konnaxion checkout: compose files in backend/, a Django app below it, a frontend beside it.</summary>
        private static TempTree KonnaxionRepo()
        {
            var tree = new TempTree();
            tree.Folder(".git");
            tree.File("backend/" + LocalFile);
            tree.File("backend/" + ProductionFile);
            tree.File("backend/konnaxion/ideas/migrations/0001_initial.py", "# migration\n");
            tree.File("frontend/src/index.ts", "export {};\n");
            return tree;
        }

        [Theory]
        [InlineData("")]
        [InlineData("backend")]
        [InlineData("backend/konnaxion/ideas/migrations")]
        [InlineData("frontend/src")]
        public void FindsTheBackendComposeFileOfAKonnaxionRepository(string startFolder)
        {
            using var repo = KonnaxionRepo();

            var found = ProjectLocator.Locate(repo.PathOf(startFolder), KxEnvironment.Local);

            Assert.Equal(repo.PathOf("backend/" + LocalFile), found);
        }

        [Theory]
        [InlineData("")]
        [InlineData("konnaxion/users")]
        public void FindsAComposeFileAtTheRepositoryRoot(string startFolder)
        {
            using var repo = new TempTree();
            repo.File(LocalFile);
            repo.Folder("konnaxion/users");

            var found = ProjectLocator.Locate(repo.PathOf(startFolder), KxEnvironment.Local);

            Assert.Equal(repo.PathOf(LocalFile), found);
        }

        [Fact]
        public void PrefersTheFolderItselfToItsBackendChild()
        {
            using var repo = new TempTree();
            repo.File(LocalFile);
            repo.File("backend/" + LocalFile);

            Assert.Equal(repo.PathOf(LocalFile), ProjectLocator.Locate(repo.Root, KxEnvironment.Local));
        }

        [Fact]
        public void PrefersTheNearestFolderToAParent()
        {
            using var repo = new TempTree();
            repo.File(LocalFile);
            repo.File("services/api/" + LocalFile);
            repo.Folder("services/api/app");

            Assert.Equal(repo.PathOf("services/api/" + LocalFile), ProjectLocator.Locate(repo.PathOf("services/api/app"), KxEnvironment.Local));
        }

        [Theory]
        [InlineData(KxEnvironment.Local, LocalFile)]
        [InlineData(KxEnvironment.Production, ProductionFile)]
        public void SelectsTheFileOfTheEnvironment(KxEnvironment environment, string expectedFile)
        {
            using var repo = KonnaxionRepo();

            var found = ProjectLocator.Locate(repo.PathOf("backend/konnaxion"), environment);

            Assert.Equal(repo.PathOf("backend/" + expectedFile), found);
        }

        [Fact]
        public void DoesNotFallBackToTheLocalFileInProduction()
        {
            using var repo = new TempTree();
            repo.File("backend/" + LocalFile);

            var ex = Assert.Throws<KxException>(() => ProjectLocator.Locate(repo.Root, KxEnvironment.Production));

            Assert.Equal(KxErrorIds.ProjectNotFound, ex.ErrorId);
            Assert.Contains(ProductionFile, ex.Message);
        }

        [Fact]
        public void ResolvesARelativeComposeFileFromTheStartFolder()
        {
            using var repo = KonnaxionRepo();
            var custom = repo.File("backend/compose/ci.yml");

            Assert.Equal(custom, ProjectLocator.Locate(repo.Root, KxEnvironment.Local, "backend/compose/ci.yml"));
            Assert.Equal(repo.PathOf("backend/" + ProductionFile),
                ProjectLocator.Locate(repo.PathOf("backend/konnaxion"), KxEnvironment.Local, "../" + ProductionFile));
        }

        [Fact]
        public void ResolvesARelativeComposeFileFromTheFolderOfAStartFile()
        {
            using var repo = KonnaxionRepo();
            var startFile = repo.PathOf("backend/" + LocalFile);

            Assert.Equal(repo.PathOf("backend/" + ProductionFile), ProjectLocator.Locate(startFile, KxEnvironment.Local, ProductionFile));
        }

        [Fact]
        public void UsesAnAbsoluteComposeFileWhereverTheStartPathIs()
        {
            using var repo = KonnaxionRepo();
            using var elsewhere = new TempTree();
            var absolute = repo.PathOf("backend/" + ProductionFile);

            Assert.Equal(absolute, ProjectLocator.Locate(elsewhere.Root, KxEnvironment.Local, absolute));
        }

        [Fact]
        public void TakesAComposeFileGivenAsTheStartPathAsIs()
        {
            using var repo = KonnaxionRepo();
            var file = repo.PathOf("backend/" + LocalFile);

            // The file itself wins over the environment's file name.
            Assert.Equal(file, ProjectLocator.Locate(file, KxEnvironment.Production));
        }

        [Fact]
        public void AnyOtherStartFileStandsForItsFolder()
        {
            using var repo = KonnaxionRepo();

            // What a piped migration file's Path binds to -Path: its backend's compose file, not the .py itself.
            Assert.Equal(repo.PathOf("backend/" + LocalFile),
                ProjectLocator.Locate(repo.PathOf("backend/konnaxion/ideas/migrations/0001_initial.py"), KxEnvironment.Local));
        }

        [Fact]
        public void NothingFoundIsProjectNotFoundNamingTheFileLookedFor()
        {
            using var repo = new TempTree();
            var start = repo.Folder("backend/konnaxion");

            var ex = Assert.Throws<KxException>(() => ProjectLocator.Locate(start, KxEnvironment.Local));

            Assert.Equal(KxErrorIds.ProjectNotFound, ex.ErrorId);
            Assert.Equal(KxErrorCategory.ObjectNotFound, ex.Category);
            Assert.Equal(start, ex.TargetObject);
            Assert.Contains(LocalFile, ex.Message);
            Assert.Contains(start, ex.Message);
            Assert.False(string.IsNullOrWhiteSpace(ex.RecommendedAction));
        }

        [Fact]
        public void MissingExplicitComposeFileIsComposeFileNotFound()
        {
            using var repo = KonnaxionRepo();
            var expected = repo.PathOf("backend/docker-compose.staging.yml");

            var ex = Assert.Throws<KxException>(() => ProjectLocator.Locate(repo.PathOf("backend"), KxEnvironment.Local, "docker-compose.staging.yml"));

            Assert.Equal(KxErrorIds.ComposeFileNotFound, ex.ErrorId);
            Assert.Equal(KxErrorCategory.ObjectNotFound, ex.Category);
            Assert.Equal(expected, ex.TargetObject);
            Assert.Contains(expected, ex.Message);
        }

        [Fact]
        public void NonexistentStartPathIsProjectNotFound()
        {
            using var repo = KonnaxionRepo();
            var missing = repo.PathOf("backend/no-such-folder");

            var ex = Assert.Throws<KxException>(() => ProjectLocator.Locate(missing, KxEnvironment.Local));

            Assert.Equal(KxErrorIds.ProjectNotFound, ex.ErrorId);
            Assert.Equal(KxErrorCategory.ObjectNotFound, ex.Category);
            Assert.Equal(missing, ex.TargetObject);
            Assert.Contains(missing, ex.Message);
        }
    }
}
