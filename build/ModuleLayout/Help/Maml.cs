using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace Konnaxion.Ops.ModuleLayout.Help
{
    /// <summary>
    /// Writes and reads PowerShell's MAML command help (the format of Konnaxion.Ops.dll-Help.xml). The syntax and
    /// each parameter's attributes come from the compiled cmdlet, the words from its <see cref="CommandHelp"/>.
    /// </summary>
    public static class Maml
    {
        private static readonly XNamespace Msh = "http://msh";
        private static readonly XNamespace MamlNs = "http://schemas.microsoft.com/maml/2004/10";
        private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

        public const string AboutTopic = "about_Konnaxion.Ops";

        public static string Write(IEnumerable<(CompiledCmdlet Cmdlet, CommandHelp Help)> commands)
        {
            var document = new XDocument(new XDeclaration("1.0", "utf-8", null),
                new XElement(Msh + "helpItems", new XAttribute("schema", "maml"),
                    commands.OrderBy(c => c.Cmdlet.Name, StringComparer.Ordinal).Select(c => CommandElement(c.Cmdlet, c.Help))));
            return document.Declaration + "\n" + document.Root + "\n";
        }

        public static IReadOnlyList<CommandHelp> Read(string mamlXml) =>
            XDocument.Parse(mamlXml).Root!.Elements(Command + "command").Select(command => new CommandHelp(
                (string)command.Element(Command + "details")!.Element(Command + "name")!,
                string.Join(" ", Paras(command.Element(Command + "details")!.Element(MamlNs + "description"))),
                Paras(command.Element(MamlNs + "description")),
                (command.Element(Command + "parameters")?.Elements(Command + "parameter") ?? Enumerable.Empty<XElement>())
                    .ToDictionary(p => (string)p.Element(MamlNs + "name")!, p => string.Join(" ", Paras(p.Element(MamlNs + "description"))), StringComparer.Ordinal),
                (command.Element(Command + "examples")?.Elements(Command + "example") ?? Enumerable.Empty<XElement>())
                    .Select(e => new HelpExample((string?)e.Element(MamlNs + "title") ?? string.Empty, (string?)e.Element(Dev + "code") ?? string.Empty,
                        Paras(e.Element(Dev + "remarks"))))
                    .ToList()))
            .ToList();

        private static XElement CommandElement(CompiledCmdlet cmdlet, CommandHelp help)
        {
            var parameters = Ordered(cmdlet).ToList();
            return new XElement(Command + "command",
                new XAttribute(XNamespace.Xmlns + "maml", MamlNs), new XAttribute(XNamespace.Xmlns + "command", Command), new XAttribute(XNamespace.Xmlns + "dev", Dev),
                new XElement(Command + "details",
                    new XElement(Command + "name", cmdlet.Name),
                    Description(help.Synopsis.Length == 0 ? Array.Empty<string>() : new[] { help.Synopsis }),
                    new XElement(Command + "verb", cmdlet.Verb),
                    new XElement(Command + "noun", cmdlet.Noun)),
                Description(help.Description),
                new XElement(Command + "syntax", ParameterSets(cmdlet).Select(set => new XElement(Command + "syntaxItem",
                    new XElement(MamlNs + "name", cmdlet.Name),
                    parameters.Where(p => p.Parameter == null || p.Parameter.Uses.Any(u => u.SetName == set || u.SetName == ParameterUse.AllSets))
                        .Select(p => ParameterElement(p.Name, p.Parameter, set, help))))),
                new XElement(Command + "parameters", parameters.Select(p => ParameterElement(p.Name, p.Parameter, null, help))),
                new XElement(Command + "inputTypes", InputTypes(cmdlet)),
                new XElement(Command + "returnValues", cmdlet.OutputTypes.Select(t => new XElement(Command + "returnValue",
                    new XElement(Dev + "type", new XElement(MamlNs + "name", t.Name)), Description(Array.Empty<string>())))),
                new XElement(Command + "examples", help.Examples.Select((example, index) => new XElement(Command + "example",
                    new XElement(MamlNs + "title", $"--------- Example {index + 1}: {example.Title} ---------"),
                    new XElement(Dev + "code", example.Code),
                    new XElement(Dev + "remarks", example.Remarks.Select(r => new XElement(MamlNs + "para", r)))))),
                new XElement(Command + "relatedLinks", new XElement(MamlNs + "navigationLink",
                    new XElement(MamlNs + "linkText", AboutTopic), new XElement(MamlNs + "uri"))));
        }

        /// <summary>The cmdlet's parameter sets; one unnamed set when it declares none.</summary>
        private static IEnumerable<string> ParameterSets(CompiledCmdlet cmdlet)
        {
            var named = cmdlet.Parameters.SelectMany(p => p.Uses).Select(u => u.SetName).Where(s => s != ParameterUse.AllSets).Distinct().ToList();
            return named.Count == 0
                ? new[] { ParameterUse.AllSets }
                : named.OrderBy(s => s == cmdlet.DefaultParameterSet ? 0 : 1).ThenBy(s => s, StringComparer.Ordinal);
        }

        /// <summary>Positional parameters by position, then the cmdlet's own, then the shared ones, then -WhatIf and -Confirm.</summary>
        private static IEnumerable<(string Name, CmdletParameter? Parameter)> Ordered(CompiledCmdlet cmdlet) =>
            cmdlet.Parameters
                .OrderBy(p => p.Uses.Select(u => u.Position).Where(position => position >= 0).DefaultIfEmpty(int.MaxValue).Min())
                .ThenBy(p => p.DeclaringTypeName == cmdlet.TypeName ? 0 : cmdlet.BaseTypeNames.ToList().IndexOf(p.DeclaringTypeName) + 1)
                .Select(p => (p.Name, (CmdletParameter?)p))
                .Concat(cmdlet.SupportsShouldProcess ? DocComments.ShouldProcessParameters.Keys.Select(k => (k, (CmdletParameter?)null)) : Enumerable.Empty<(string, CmdletParameter?)>());

        private static XElement ParameterElement(string name, CmdletParameter? parameter, string? set, CommandHelp help)
        {
            var use = parameter?.Uses.FirstOrDefault(u => u.SetName == set) ?? parameter?.Uses.FirstOrDefault();
            var typeName = parameter?.TypeName ?? "SwitchParameter";
            var isSwitch = parameter?.IsSwitch ?? true;
            return new XElement(Command + "parameter",
                new XAttribute("required", use?.Mandatory == true ? "true" : "false"),
                new XAttribute("variableLength", typeName.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false"),
                new XAttribute("globbing", "false"),
                new XAttribute("pipelineInput", PipelineInput(use)),
                new XAttribute("position", use != null && use.Position >= 0 ? use.Position.ToString(System.Globalization.CultureInfo.InvariantCulture) : "named"),
                new XAttribute("aliases", parameter == null || parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases)),
                new XElement(MamlNs + "name", name),
                Description(help.ParameterDescriptions.TryGetValue(name, out var text) && text.Length > 0 ? new[] { text } : Array.Empty<string>()),
                isSwitch ? null : new XElement(Command + "parameterValue", new XAttribute("required", "true"),
                    new XAttribute("variableLength", typeName.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false"), typeName),
                parameter == null || parameter.EnumValues.Count == 0 ? null : new XElement(Command + "parameterValueGroup",
                    parameter.EnumValues.Select(v => new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute("variableLength", "false"), v))),
                new XElement(Dev + "type", new XElement(MamlNs + "name", typeName), new XElement(MamlNs + "uri")),
                new XElement(Dev + "defaultValue", isSwitch ? "False" : "None"));
        }

        private static string PipelineInput(ParameterUse? use) =>
            use == null ? "False"
            : use.FromPipeline && use.FromPipelineByPropertyName ? "True (ByValue, ByPropertyName)"
            : use.FromPipeline ? "True (ByValue)"
            : use.FromPipelineByPropertyName ? "True (ByPropertyName)"
            : "False";

        private static IEnumerable<XElement> InputTypes(CompiledCmdlet cmdlet)
        {
            var byProperty = cmdlet.Parameters.Where(p => p.Uses.Any(u => u.FromPipelineByPropertyName || u.FromPipeline)).ToList();
            if (byProperty.Count == 0)
            {
                return new[] { new XElement(Command + "inputType", new XElement(Dev + "type", new XElement(MamlNs + "name", "None")),
                    Description(new[] { "This cmdlet takes no input from the pipeline." })) };
            }

            return new[] { new XElement(Command + "inputType", new XElement(Dev + "type", new XElement(MamlNs + "name", "System.Management.Automation.PSObject")),
                Description(new[] { "Objects with " + string.Join(" or ", byProperty.Select(p => p.Name + (p.Aliases.Count > 0 ? $" ({string.Join(", ", p.Aliases)})" : string.Empty))) +
                    " properties, such as the output of Get-ChildItem or Get-KxServiceStatus, bind by property name." })) };
        }

        private static XElement Description(IEnumerable<string> paragraphs) =>
            new XElement(MamlNs + "description", paragraphs.Select(p => new XElement(MamlNs + "para", p)));

        private static IReadOnlyList<string> Paras(XElement? description) =>
            description?.Elements(MamlNs + "para").Select(p => p.Value.Trim()).Where(p => p.Length > 0).ToList() ?? new List<string>();
    }
}
