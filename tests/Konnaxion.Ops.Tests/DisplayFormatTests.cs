using System;
using System.Collections;
using System.Reflection;
using System.Runtime.Loader;

namespace Konnaxion.Ops.Commands.Tests
{
    /// <summary>The texts the default views show, from the compiled helper (loaded apart: it needs nothing of PowerShell).</summary>
    public sealed class DisplayFormatTests
    {
        private static readonly Type Helper = new AssemblyLoadContext("display-format-tests", isCollectible: true)
            .LoadFromAssemblyPath(ModuleBuild.CmdletAssembly).GetType(CompiledModule.DisplayFormatType, throwOnError: true)!;

        [Theory]
        [InlineData(0, "0s")]
        [InlineData(44.6, "45s")]
        [InlineData(59.4, "59s")]
        [InlineData(60, "1m 00s")]
        [InlineData(192, "3m 12s")]
        [InlineData(3600 * 5 + 7 * 60 + 59, "5h 07m")]
        [InlineData(86400 * 2 + 3600 * 4 + 1, "2d 04h")]
        [InlineData(-192, "3m 12s")]
        public void Durations_read_at_a_glance(double seconds, string expected) =>
            Assert.Equal(expected, Invoke("Duration", (TimeSpan?)TimeSpan.FromSeconds(seconds)));

        [Fact]
        public void No_duration_is_empty() => Assert.Equal(string.Empty, Invoke("Duration", (TimeSpan?)null));

        [Fact]
        public void Lists_fit_on_one_line()
        {
            Assert.Equal("0.0.0.0:8000->8000/tcp, 5432/tcp", Invoke("List", new[] { "0.0.0.0:8000->8000/tcp", "5432/tcp" }, ", "));
            Assert.Equal("Create model Idea; Add field vote to idea", Invoke("List", new[] { "Create model Idea", "Add field vote to idea" }, "; "));
            Assert.Equal(string.Empty, Invoke("List", (IEnumerable?)null, ", "));
        }

        private static string Invoke(string method, params object?[] arguments) =>
            (string)Helper.GetMethod(method, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, arguments)!;
    }
}
