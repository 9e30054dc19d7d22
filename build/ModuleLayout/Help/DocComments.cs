using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Konnaxion.Ops.ModuleLayout.Help
{
    /// <summary>
    /// The cmdlets' help as written in their doc comments, which are its one source:
    /// <list type="bullet">
    /// <item>the class's &lt;summary&gt; is the synopsis, its &lt;remarks&gt; (one &lt;para&gt; per paragraph) the description;</item>
    /// <item>each &lt;example&gt; is a title, then &lt;code&gt; (a pipeline), then &lt;para&gt;s saying what it does;</item>
    /// <item>each parameter's &lt;summary&gt;, on the class that declares it (KxCmdlet for the shared ones), describes it.</item>
    /// </list>
    /// </summary>
    public sealed class DocComments
    {
        /// <summary>Descriptions of the parameters PowerShell adds to cmdlets that support ShouldProcess.</summary>
        public static readonly IReadOnlyDictionary<string, string> ShouldProcessParameters = new Dictionary<string, string>
        {
            ["WhatIf"] = "Shows the exact command lines the cmdlet would run, and runs nothing.",
            ["Confirm"] = "Asks for confirmation before running the command lines. Production changes ask even without it, unless -Force is given.",
        };

        private static readonly Regex Whitespace = new Regex(@"\s+");

        private readonly Dictionary<string, XElement> _members;

        private DocComments(Dictionary<string, XElement> members)
        {
            _members = members;
        }

        public static DocComments Load(string xmlDocumentationFile) =>
            new DocComments(XDocument.Load(xmlDocumentationFile).Descendants("member")
                .ToDictionary(m => (string)m.Attribute("name")!, m => m, StringComparer.Ordinal));

        public CommandHelp HelpOf(CompiledCmdlet cmdlet)
        {
            var type = Member("T:" + cmdlet.TypeName);
            var parameters = cmdlet.Parameters.ToDictionary(p => p.Name,
                p => string.Join(" ", Paragraphs(Member($"P:{p.DeclaringTypeName}.{p.Name}")?.Element("summary"))), StringComparer.Ordinal);
            if (cmdlet.SupportsShouldProcess)
            {
                foreach (var common in ShouldProcessParameters)
                {
                    parameters[common.Key] = common.Value;
                }
            }

            return new CommandHelp(cmdlet.Name,
                string.Join(" ", Paragraphs(type?.Element("summary"))),
                Paragraphs(type?.Element("remarks")),
                parameters,
                (type?.Elements("example") ?? Enumerable.Empty<XElement>()).Select(Example).ToList());
        }

        private XElement? Member(string id) => _members.TryGetValue(id, out var member) ? member : null;

        private static HelpExample Example(XElement example)
        {
            var code = example.Element("code");
            var before = code == null ? example.Nodes() : code.NodesBeforeSelf();
            var after = code == null ? Enumerable.Empty<XNode>() : code.NodesAfterSelf();
            return new HelpExample(Collapse(string.Concat(before.Select(Text))), code == null ? string.Empty : CodeText(code.Value),
                after.OfType<XElement>().Where(e => e.Name == "para").Select(p => Collapse(Text(p))).ToList());
        }

        /// <summary>The paragraphs of a doc element: each &lt;para&gt;, and the loose text between them.</summary>
        public static IReadOnlyList<string> Paragraphs(XElement? element)
        {
            var paragraphs = new List<string>();
            if (element == null)
            {
                return paragraphs;
            }

            var loose = new StringBuilder();
            foreach (var node in element.Nodes())
            {
                if (node is XElement para && para.Name == "para")
                {
                    paragraphs.Add(Collapse(loose.ToString()));
                    loose.Clear();
                    paragraphs.Add(Collapse(Text(para)));
                }
                else
                {
                    loose.Append(Text(node));
                }
            }

            paragraphs.Add(Collapse(loose.ToString()));
            return paragraphs.Where(p => p.Length > 0).ToList();
        }

        /// <summary>Doc-comment markup as plain text: &lt;see cref="T:A.B"/&gt; is B, &lt;c&gt;x&lt;/c&gt; is x.</summary>
        private static string Text(XNode node) => node switch
        {
            XText text => text.Value,
            XElement { Name.LocalName: "see" or "seealso" } see => (string?)see.Attribute("langword")
                ?? ((string?)see.Attribute("cref"))?.Split(':', '.').Last() ?? see.Value,
            XElement { Name.LocalName: "paramref" or "typeparamref" } reference => (string?)reference.Attribute("name") ?? string.Empty,
            XElement element => string.Concat(element.Nodes().Select(Text)),
            _ => string.Empty,
        };

        /// <summary>A &lt;code&gt; block's lines without the indentation they share, and without leading or trailing blank lines.</summary>
        private static string CodeText(string code)
        {
            var lines = code.Replace("\r\n", "\n").Split('\n').SkipWhile(string.IsNullOrWhiteSpace).Reverse().SkipWhile(string.IsNullOrWhiteSpace).Reverse().ToList();
            var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
            return string.Join("\n", lines.Select(l => l.Length >= indent ? l.Substring(indent).TrimEnd() : l.Trim()));
        }

        private static string Collapse(string text) => Whitespace.Replace(text, " ").Trim();
    }
}
