using System;
using System.IO;
using System.Linq;
using System.Text;
using Konnaxion.Ops.ModuleLayout;
using Konnaxion.Ops.ModuleLayout.Help;

// Writes the cmdlets' MAML help from their doc comments and compiled metadata; ModuleLayout.targets runs it as it
// lays the module out, so the help that ships always matches the cmdlets it ships with.
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: ModuleLayout <Konnaxion.Ops.dll> <Konnaxion.Ops.xml doc file> <its obj/project.assets.json> <output .dll-Help.xml>");
    return 2;
}

var (cmdletAssembly, documentation, assets, output) = (args[0], args[1], args[2], args[3]);
var module = CompiledModule.Read(cmdletAssembly, PackageAssets.Assemblies(assets));
var docs = DocComments.Load(documentation);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
File.WriteAllText(output, Maml.Write(module.Cmdlets.Select(c => (c, docs.HelpOf(c)))), new UTF8Encoding(false));
return 0;
