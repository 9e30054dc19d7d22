using System.IO;
using System.Linq;
using System.Text;
using System.Xml;

namespace Konnaxion.Ops.ModuleLayout.Packaging
{
    /// <summary>
    /// The .nuspec a PowerShell gallery expects of a module, written from its laid-out manifest: the gallery (and
    /// Install-PSResource / Install-Module) read the PSModule, PSIncludes_Cmdlet and PSCmdlet_&lt;name&gt; tags to
    /// find the module and its commands; every file of the module folder goes to the package root.
    /// </summary>
    public static class Nuspec
    {
        public const string LicenseExpression = "MIT";

        public static string Write(ModuleManifest manifest)
        {
            var cmdlets = manifest.ReadArray("CmdletsToExport");
            var tags = manifest.ReadArray("Tags")
                .Concat(new[] { "PSModule", "PSIncludes_Cmdlet" })
                .Concat(cmdlets.Select(c => "PSCmdlet_" + c))
                .Distinct();
            using var output = new MemoryStream();
            using (var xml = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
            {
                const string ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
                xml.WriteStartElement("package", ns);
                xml.WriteStartElement("metadata", ns);
                xml.WriteElementString("id", ns, "Konnaxion.Ops");
                xml.WriteElementString("version", ns, manifest.ReadString("ModuleVersion"));
                xml.WriteElementString("authors", ns, manifest.ReadString("Author"));
                xml.WriteElementString("owners", ns, manifest.ReadString("CompanyName"));
                xml.WriteStartElement("license", ns);
                xml.WriteAttributeString("type", "expression");
                xml.WriteString(LicenseExpression);
                xml.WriteEndElement();
                if (manifest.TryReadString("ProjectUri") is string projectUri)
                {
                    xml.WriteElementString("projectUrl", ns, projectUri);
                }

                xml.WriteElementString("description", ns, manifest.ReadString("Description"));
                xml.WriteElementString("releaseNotes", ns, manifest.ReadString("ReleaseNotes"));
                xml.WriteElementString("copyright", ns, manifest.ReadString("Copyright"));
                xml.WriteElementString("tags", ns, string.Join(" ", tags));
                xml.WriteEndElement();
                xml.WriteStartElement("files", ns);
                // The package's root is the module folder: what a gallery install puts under Modules/Konnaxion.Ops/<version>/.
                xml.WriteStartElement("file", ns);
                xml.WriteAttributeString("src", "**");
                xml.WriteAttributeString("target", string.Empty);
                xml.WriteEndElement();
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            return Encoding.UTF8.GetString(output.ToArray());
        }
    }
}
