using System;

namespace Konnaxion.Ops.Swarm
{
    /// <summary>What a Swarm deploy reads of an image name: its tag and whether it names a registry to push to.</summary>
    internal static class ImageName
    {
        /// <summary><paramref name="image"/> with <paramref name="tag"/> in place of the tag it has, if any (a digest stays as written).</summary>
        public static string WithTag(string image, string tag) => Repository(image) + ":" + tag;

        /// <summary>The name without its tag: the colon after the last slash starts the tag; one before it is a registry's port.</summary>
        public static string Repository(string image)
        {
            var lastSlash = image.LastIndexOf('/');
            var colon = image.IndexOf(':', lastSlash + 1);
            return colon < 0 ? image : image.Substring(0, colon);
        }

        /// <summary>
        /// Whether the name starts with a registry (registry.example.com/app, localhost:5000/app, localhost/app), as
        /// the docker CLI tells a registry from a Docker Hub user: a first part with a '.' or a ':', or "localhost".
        /// Only such images are pushed; a plain name lives on the engine that built it.
        /// </summary>
        public static bool HasRegistry(string image)
        {
            var slash = image.IndexOf('/');
            if (slash < 0)
            {
                return false;
            }

            var first = image.Substring(0, slash);
            return first.IndexOf('.') >= 0 || first.IndexOf(':') >= 0 || string.Equals(first, "localhost", StringComparison.Ordinal);
        }
    }
}
