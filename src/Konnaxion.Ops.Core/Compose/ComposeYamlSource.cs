using Konnaxion.Ops.Yaml;

namespace Konnaxion.Ops.Compose
{
    /// <summary>
    /// Where part of a compose file was read: its mapping (merge keys resolved as it is read) and the reader of its file,
    /// which interpolates and resolves paths as the parse did. For what projects the YAML itself: the Swarm stack file.
    /// </summary>
    internal sealed class ComposeYamlSource
    {
        public ComposeYamlSource(YamlMapping mapping, ComposeServiceReader reader, bool isMerged = false)
        {
            Mapping = mapping;
            Reader = reader;
            IsMerged = isMerged;
        }

        public YamlMapping Mapping { get; }

        public ComposeServiceReader Reader { get; }

        /// <summary>True when extends, or an include of several files, merged other definitions over it: its mapping alone is not the service.</summary>
        public bool IsMerged { get; }

        public ComposeYamlSource Merged() => new ComposeYamlSource(Mapping, Reader, isMerged: true);
    }
}
