using System;
using System.Collections.Generic;
using System.Linq;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Tests.Discovery;

namespace Konnaxion.Ops.Tests.Compose
{
    /// <summary>The parse kept between projects: reused only while the file's text and the variables it read are unchanged.</summary>
    public sealed class ComposeFileCacheTests : IDisposable
    {
        private readonly TempTree _tree = new TempTree();
        private readonly ComposeFileCache _cache = new ComposeFileCache();
        private readonly Dictionary<string, string> _variables = new Dictionary<string, string> { ["TAG"] = "1" };
        private readonly string _path;

        public ComposeFileCacheTests()
        {
            _tree.File("docker-compose.local.yml", "services:\n  django:\n    image: web:${TAG}\n  tools:\n    image: tools\n    profiles: [tools]\n");
            _path = _tree.PathOf("docker-compose.local.yml");
        }

        [Fact]
        public void An_unchanged_file_with_unchanged_variables_is_parsed_once()
        {
            var first = Load();

            Assert.Same(first, Load());
            Assert.Equal("web:1", first.Services.Single().Image);
        }

        [Fact]
        public void An_edit_of_the_same_size_at_once_is_seen()
        {
            var first = Load();
            _tree.File("docker-compose.local.yml", "services:\n  django:\n    image: app:${TAG}\n  tools:\n    image: tools\n    profiles: [tools]\n");

            var edited = Load();

            Assert.NotSame(first, edited);
            Assert.Equal("app:1", edited.Services.Single().Image);
        }

        [Fact]
        public void A_changed_variable_is_seen_COMPOSE_PROFILES_among_them()
        {
            Load();
            _variables["TAG"] = "2";
            Assert.Equal("web:2", Load().Services.Single().Image);

            _variables[ComposeFileParser.ProfilesVariable] = "tools";
            Assert.Equal(new[] { "django", "tools" }, Load().Services.Select(s => s.Name));
        }

        [Fact]
        public void A_file_that_includes_another_is_parsed_every_time()
        {
            _tree.File("other.yml", "services:\n  worker:\n    image: worker\n");
            _tree.File("docker-compose.local.yml", "include:\n  - other.yml\nservices:\n  django:\n    image: web\n");

            var first = Load();

            Assert.NotSame(first, Load());
            Assert.Equal(new[] { "worker", "django" }.OrderBy(n => n), first.Services.Select(s => s.Name).OrderBy(n => n));
        }

        private ComposeFile Load() => _cache.Load(_path, name => _variables.TryGetValue(name, out var value) ? value : null);

        public void Dispose() => _tree.Dispose();
    }
}
