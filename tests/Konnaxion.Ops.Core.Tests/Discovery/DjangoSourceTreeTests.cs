using System.IO;
using System.Linq;
using Konnaxion.Ops.Discovery;

namespace Konnaxion.Ops.Tests.Discovery
{
    public sealed class DjangoSourceTreeTests
    {
        [Fact]
        public void FindsTheAppsOfTheSampleBackend()
        {
            var backend = Path.Combine(RepositoryRoot(), "examples", "konnaxion", "backend");

            var app = Assert.Single(DjangoSourceTree.FindApps(backend));

            Assert.Equal("ideas", app.Label);
            Assert.Equal(Path.Combine(backend, "konnaxion", "ideas"), app.Folder);
            Assert.Equal(new[] { "0001_initial" }, DjangoSourceTree.FindMigrations(app.MigrationsFolder));
        }

        [Fact]
        public void AnAppIsAFolderWithAMigrationsPackage()
        {
            using var tree = new TempTree();
            tree.File("konnaxion/users/migrations/__init__.py", string.Empty);
            tree.File("konnaxion/ideas/migrations/__init__.py", string.Empty);
            tree.File("konnaxion/ideas/migrations/0001_initial.py", "# migration\n");
            tree.File("konnaxion/notes/migrations/0001_initial.py", "# no __init__.py: not a package, Django ignores it\n");
            tree.File("konnaxion/static/js/app.js", "// not an app\n");

            var apps = DjangoSourceTree.FindApps(tree.Root);

            Assert.Equal(new[] { "ideas", "users" }, apps.Select(a => a.Label));
            Assert.Equal(tree.PathOf("konnaxion/ideas/migrations"), apps[0].MigrationsFolder);
        }

        [Fact]
        public void TakesTheLabelThatAppsPySets()
        {
            using var tree = new TempTree();
            tree.File("konnaxion/users/migrations/__init__.py", string.Empty);
            tree.File("konnaxion/users/apps.py",
                "from django.apps import AppConfig\n\n\nclass UsersConfig(AppConfig):\n    name = \"konnaxion.users\"\n    label = \"kx_users\"\n    verbose_name = \"Users\"\n");

            Assert.Equal("kx_users", Assert.Single(DjangoSourceTree.FindApps(tree.Root)).Label);
        }

        [Fact]
        public void SkipsDependenciesCachesAndHiddenFolders()
        {
            using var tree = new TempTree();
            tree.File("node_modules/pkg/migrations/__init__.py", string.Empty);
            tree.File(".venv/lib/python3.12/site-packages/django/contrib/auth/migrations/__init__.py", string.Empty);
            tree.File("venv/lib/python3.12/site-packages/django/contrib/admin/migrations/__init__.py", string.Empty);
            tree.File("konnaxion/__pycache__/x/migrations/__init__.py", string.Empty);
            tree.File("a/b/c/d/e/f/migrations/__init__.py", string.Empty);
            tree.File("a/b/c/d/e/migrations/__init__.py", string.Empty);

            Assert.Equal(new[] { "e" }, DjangoSourceTree.FindApps(tree.Root).Select(a => a.Label));
        }

        [Fact]
        public void ListsMigrationModulesLikeDjangosLoader()
        {
            using var tree = new TempTree();
            var folder = tree.Folder("ideas/migrations");
            tree.File("ideas/migrations/__init__.py", string.Empty);
            tree.File("ideas/migrations/0002_vote.py", "#\n");
            tree.File("ideas/migrations/0001_initial.py", "#\n");
            tree.File("ideas/migrations/0003_idée_accentuée.py", "#\n");
            tree.File("ideas/migrations/_helpers.py", "#\n");
            tree.File("ideas/migrations/~0004_draft.py", "#\n");
            tree.File("ideas/migrations/README.md", "not a module\n");

            Assert.Equal(new[] { "0001_initial", "0002_vote", "0003_idée_accentuée" }, DjangoSourceTree.FindMigrations(folder));
        }

        [Fact]
        public void AMissingFolderHasNothing()
        {
            using var tree = new TempTree();

            Assert.Empty(DjangoSourceTree.FindApps(tree.PathOf("absent")));
            Assert.Empty(DjangoSourceTree.FindMigrations(tree.PathOf("absent/migrations")));
        }

        private static string RepositoryRoot() => Integration.SampleStack.RepositoryRoot;
    }
}
