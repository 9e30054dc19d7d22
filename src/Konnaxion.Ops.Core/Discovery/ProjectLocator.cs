using System;
using System.IO;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Discovery
{
    /// <summary>Finds the compose file of a backend from wherever the user stands.</summary>
    public static class ProjectLocator
    {
        /// <summary>Konnaxion keeps its compose files in this child of the repository root.</summary>
        public const string BackendFolder = "backend";

        public static string ComposeFileName(KxEnvironment environment) => Policy.EnvironmentPolicy.For(environment).ComposeFileName;

        /// <summary>
        /// The compose file to use: <paramref name="composeFile"/> when given (relative to <paramref name="startPath"/>),
        /// else <paramref name="startPath"/> itself when it is a .yml/.yaml file, else the environment's file in the folder
        /// of <paramref name="startPath"/> or its <c>backend/</c> child, then in each parent.
        /// </summary>
        public static string Locate(string startPath, KxEnvironment environment, string? composeFile = null)
        {
            var start = Path.GetFullPath(startPath);
            if (!string.IsNullOrEmpty(composeFile))
            {
                var explicitFile = Path.GetFullPath(Path.Combine(Directory.Exists(start) ? start : Path.GetDirectoryName(start)!, composeFile));
                if (!File.Exists(explicitFile))
                {
                    throw new KxException(KxErrorIds.ComposeFileNotFound, KxErrorCategory.ObjectNotFound, explicitFile,
                        $"The compose file '{explicitFile}' does not exist.",
                        "Check the -ComposeFile path; a relative path is resolved from -Path.");
                }

                return explicitFile;
            }

            if (File.Exists(start))
            {
                // Another file inside the backend (a migration file piped in by its Path) stands for its folder.
                if (IsComposeFile(start))
                {
                    return start;
                }

                start = Path.GetDirectoryName(start)!;
            }

            if (!Directory.Exists(start))
            {
                throw new KxException(KxErrorIds.ProjectNotFound, KxErrorCategory.ObjectNotFound, start,
                    $"The path '{start}' does not exist.", "Give -Path a folder of the backend, or run from inside it.");
            }

            var fileName = ComposeFileName(environment);
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                foreach (var candidate in new[] { Path.Combine(dir.FullName, fileName), Path.Combine(dir.FullName, BackendFolder, fileName) })
                {
                    if (File.Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }

            throw new KxException(KxErrorIds.ProjectNotFound, KxErrorCategory.ObjectNotFound, start,
                $"No {fileName} in '{start}', its '{BackendFolder}' folder or any parent folder.",
                "Run from inside the backend's repository, or give -Path (the repository or its backend folder) or -ComposeFile.");
        }

        private static bool IsComposeFile(string path) =>
            path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase);
    }
}
