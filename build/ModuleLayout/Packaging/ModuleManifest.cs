using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Konnaxion.Ops.ModuleLayout.Packaging
{
    /// <summary>
    /// A module manifest's text: a .psd1 is a data file, a hashtable of literals, so its values are read as text
    /// ('a', @('a', 'b') or one item a line); whole-line comments are ignored. The layout writes the version (and the
    /// project's URLs when a release gives them) into the laid-out copy, so the repository's manifest holds none.
    /// </summary>
    public sealed class ModuleManifest
    {
        /// <summary>What the repository's manifest holds instead of a version: the layout replaces it with Directory.Build.props' Version.</summary>
        public const string VersionPlaceholder = "0.0.0";

        private static readonly Regex Comment = new Regex(@"(?m)^\s*#.*$");
        private static readonly Regex Quoted = new Regex(@"'((?:[^']|'')*)'|""([^""]*)""");
        private static readonly Regex ModuleVersionLine = new Regex(@"(?m)^(\s*ModuleVersion\s*=\s*)'[^']*'");
        private static readonly Regex PSDataOpening = new Regex(@"(?m)^(\s*)PSData\s*=\s*@\{[ \t]*\r?\n");

        public ModuleManifest(string text) => Text = text;

        public string Text { get; }

        /// <summary>A key's value, as a list of its strings: one for 'a', every item for @(...).</summary>
        public IReadOnlyList<string> ReadArray(string key)
        {
            var match = new Regex(@"(?im)^\s*" + Regex.Escape(key) + @"\s*=\s*(?:@\((?<items>[^)]*)\)|(?<items>'(?:[^']|'')*'|""[^""]*""))")
                .Match(Comment.Replace(Text, string.Empty));
            if (!match.Success)
            {
                throw new FormatException($"The manifest has no {key} entry.");
            }

            return Quoted.Matches(match.Groups["items"].Value)
                .Select(m => m.Groups[1].Success ? m.Groups[1].Value.Replace("''", "'") : m.Groups[2].Value)
                .ToList();
        }

        /// <summary>A key's single string value.</summary>
        public string ReadString(string key) => ReadArray(key).Single();

        /// <summary>A key's single string value; null when the manifest does not have the key.</summary>
        public string? TryReadString(string key)
        {
            try
            {
                return ReadString(key);
            }
            catch (FormatException)
            {
                return null;
            }
        }

        /// <summary>
        /// The manifest with this ModuleVersion and, for each URL given, a ProjectUri/LicenseUri in PSData (a release
        /// sets them; the repository's manifest has none, as no public URL of the project is known to it). Stamping a
        /// stamped manifest again with the same values gives the same text.
        /// </summary>
        public ModuleManifest Stamped(string version, string? projectUri, string? licenseUri)
        {
            if (!Version.TryParse(version, out _))
            {
                throw new FormatException($"'{version}' is not a module version (major.minor[.build[.revision]]).");
            }

            if (!ModuleVersionLine.IsMatch(Text))
            {
                throw new FormatException("The manifest has no ModuleVersion = '...' line to write the version into.");
            }

            var text = ModuleVersionLine.Replace(Text, m => m.Groups[1].Value + "'" + version + "'", 1);
            // A key already there was written by an earlier stamp (the layout's, before packing): stamping again changes nothing,
            // so a manifest signed in between keeps its signature.
            var uris = new[] { ("ProjectUri", projectUri), ("LicenseUri", licenseUri) }
                .Where(u => !string.IsNullOrWhiteSpace(u.Item2) && TryReadString(u.Item1) == null).ToList();
            foreach (var (key, uri) in uris.Where(u => !Uri.TryCreate(u.Item2, UriKind.Absolute, out _)))
            {
                throw new FormatException($"The {key} '{uri}' is not an absolute URL.");
            }

            if (uris.Count > 0)
            {
                var opening = PSDataOpening.Match(text);
                if (!opening.Success)
                {
                    throw new FormatException("The manifest has no PrivateData.PSData = @{ line to write the project's URLs under.");
                }

                var indent = opening.Groups[1].Value + "    ";
                var lines = string.Concat(uris.Select(u => $"{indent}{u.Item1} = '{u.Item2!.Replace("'", "''")}'{Environment.NewLine}"));
                text = text.Insert(opening.Index + opening.Length, lines);
            }

            return new ModuleManifest(text);
        }
    }
}
