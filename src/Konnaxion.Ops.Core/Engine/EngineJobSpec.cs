using System.Collections.Generic;

namespace Konnaxion.Ops.Engine
{
    /// <summary>
    /// A one-shot Swarm job for POST /services/create: one task (replicated-job, one completion), never restarted, from
    /// the image's own entrypoint with <see cref="Arguments"/> as its command. <see cref="Environment"/> holds NAME=value
    /// entries, secrets among them: they go only into the request body.
    /// </summary>
    public sealed class EngineJobSpec
    {
        public EngineJobSpec(string name, string image, IReadOnlyList<string> arguments)
        {
            Name = name;
            Image = image;
            Arguments = arguments;
        }

        public string Name { get; }
        public string Image { get; }

        /// <summary>The container's command (ContainerSpec.Args): the image's ENTRYPOINT stays, as `compose run` keeps it.</summary>
        public IReadOnlyList<string> Arguments { get; }

        public IReadOnlyList<string> Environment { get; set; } = new string[0];
        public IReadOnlyDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();

        /// <summary>The networks its task joins, by name (a stack's overlay, even a non-attachable one).</summary>
        public IReadOnlyList<string> Networks { get; set; } = new string[0];

        /// <summary>Placement constraints, such as node.id==ID.</summary>
        public IReadOnlyList<string> Constraints { get; set; } = new string[0];

        /// <summary>Volumes to mount (Type volume).</summary>
        public IReadOnlyList<EngineMount> Mounts { get; set; } = new EngineMount[0];
    }
}
