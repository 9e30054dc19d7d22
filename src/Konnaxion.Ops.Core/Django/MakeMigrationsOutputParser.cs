using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Konnaxion.Ops.Django
{
    /// <summary>
    /// Reads the files <c>makemigrations</c> (also with <c>--check</c> and <c>--dry-run</c>) lists, Django 3.2 to 5.x:
    /// <code>
    /// Migrations for 'ideas':
    ///   konnaxion/ideas/migrations/0002_idea_summary.py
    ///     - Add field summary to idea
    /// </code>
    /// "No changes detected…" lists nothing, so the result is empty. The file content that --dry-run --verbosity 3
    /// prints after each listing cannot take these shapes: MigrationWriter indents the code of the Migration class by
    /// four spaces and more, without a mark in front. Do not pass <c>--scriptable</c>: Django 4.1+ then moves the
    /// listing to stderr.
    /// </summary>
    internal sealed class MakeMigrationsOutputParser : DjangoOutputParser
    {
        private static readonly Regex AppHeading = new Regex(@"^Migrations for '(?<app>.+)':$", RegexOptions.CultureInvariant);

        // Relative to the container's working directory, or absolute when the file lies outside it (3.2 prints ../).
        private static readonly Regex FileLine = new Regex(@"^  (?<path>\S.*\.py)$", RegexOptions.CultureInvariant);

        // Before Django 5.1 every operation is "- "; from 5.1 the mark is its category: + - ~ p s ?.
        private static readonly Regex OperationLine = new Regex(@"^    [-+~ps?] (?<operation>.+)$", RegexOptions.CultureInvariant);

        private readonly bool _dryRun;
        private readonly List<ListedFile> _files = new List<ListedFile>();
        private string? _app;

        /// <param name="dryRun">Whether the command ran with --dry-run; copied to every result.</param>
        public MakeMigrationsOutputParser(bool dryRun)
        {
            _dryRun = dryRun;
        }

        /// <summary>The files Django listed, in its order; empty when it detected no changes.</summary>
        public IReadOnlyList<KxMigrationFile> GetFiles() =>
            _files.Select(file => new KxMigrationFile(file.App, file.Name, file.ContainerPath, null, file.Operations.ToArray(), _dryRun))
                .ToArray();

        /// <inheritdoc/>
        protected override void AddOutput(string line)
        {
            var heading = AppHeading.Match(line);
            if (heading.Success)
            {
                _app = heading.Groups["app"].Value;
                return;
            }

            var file = FileLine.Match(line);
            if (file.Success && _app != null)
            {
                _files.Add(new ListedFile(_app, file.Groups["path"].Value));
                return;
            }

            var operation = OperationLine.Match(line);
            if (operation.Success && _files.Count > 0)
            {
                _files[_files.Count - 1].Operations.Add(operation.Groups["operation"].Value);
            }
        }

        private sealed class ListedFile
        {
            public ListedFile(string app, string containerPath)
            {
                App = app;
                ContainerPath = containerPath;
                var fileName = containerPath.Substring(containerPath.LastIndexOfAny(new[] { '/', '\\' }) + 1);
                Name = fileName.Substring(0, fileName.Length - ".py".Length);
            }

            public string App { get; }
            public string ContainerPath { get; }
            public string Name { get; }
            public List<string> Operations { get; } = new List<string>();
        }
    }
}
