using System;
using System.IO;
using System.Linq;
using System.Text;
using Konnaxion.Ops.ModuleLayout;
using Konnaxion.Ops.ModuleLayout.Help;
using Konnaxion.Ops.ModuleLayout.Packaging;

// ModuleLayout.targets runs this as it lays the module out and packs it:
//   help      the cmdlets' MAML help from their doc comments and compiled metadata, so the help that ships matches the cmdlets
//   manifest  the laid-out manifest with Directory.Build.props' version (and a release's URLs) written in
//   nuspec    the gallery's .nuspec, from the laid-out manifest
const string Usage = "usage: ModuleLayout help <Konnaxion.Ops.dll> <Konnaxion.Ops.xml doc file> <its obj/project.assets.json> <output .dll-Help.xml>\n" +
                     "       ModuleLayout manifest <laid-out .psd1> <version> [<project URL> [<licence URL>]]\n" +
                     "       ModuleLayout nuspec <laid-out .psd1> <output .nuspec>";
var utf8 = new UTF8Encoding(false);
switch (args.FirstOrDefault())
{
    case "help" when args.Length == 5:
        var module = CompiledModule.Read(args[1], PackageAssets.Assemblies(args[3]));
        var docs = DocComments.Load(args[2]);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(args[4]))!);
        File.WriteAllText(args[4], Maml.Write(module.Cmdlets.Select(c => (c, docs.HelpOf(c)))), utf8);
        return 0;
    case "manifest" when args.Length >= 3 && args.Length <= 5:
        var laidOut = File.ReadAllText(args[1]);
        var stamped = new ModuleManifest(laidOut).Stamped(args[2], args.ElementAtOrDefault(3), args.ElementAtOrDefault(4));
        if (stamped.Text != laidOut)
        {
            File.WriteAllText(args[1], stamped.Text, utf8);
        }

        return 0;
    case "nuspec" when args.Length == 3:
        File.WriteAllText(args[2], Nuspec.Write(new ModuleManifest(File.ReadAllText(args[1]))), utf8);
        return 0;
    default:
        Console.Error.WriteLine(Usage);
        return 2;
}
