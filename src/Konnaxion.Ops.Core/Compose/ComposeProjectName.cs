using System.IO;
using System.Linq;
using System.Text;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Compose
{
    /// <summary>The compose project name, by compose's own precedence and normalisation.</summary>
    public static class ComposeProjectName
    {
        public const string EnvironmentVariable = "COMPOSE_PROJECT_NAME";

        /// <summary>
        /// An explicit name wins; then COMPOSE_PROJECT_NAME (process environment, then the project's .env);
        /// then the file's top-level <c>name:</c>; then the compose file's folder name, normalised.
        /// </summary>
        public static string Resolve(string? explicitName, string? environmentName, ComposeFile file)
        {
            if (!string.IsNullOrEmpty(explicitName))
            {
                return Validate(explicitName!, explicitName!);
            }

            if (!string.IsNullOrEmpty(environmentName))
            {
                return Validate(environmentName!, EnvironmentVariable);
            }

            if (!string.IsNullOrEmpty(file.Name))
            {
                return Validate(file.Name!, file.Path);
            }

            var folder = new DirectoryInfo(file.Directory).Name;
            var normalised = Normalise(folder);
            if (normalised.Length == 0)
            {
                throw new KxException(KxErrorIds.InvalidProjectName, KxErrorCategory.InvalidArgument, folder,
                    $"The folder name '{folder}' leaves no usable compose project name.",
                    "Give -ProjectName, set COMPOSE_PROJECT_NAME, or add a top-level 'name:' to the compose file.");
            }

            return normalised;
        }

        /// <summary>Compose v2's rule: lower case, only a-z 0-9 _ -, starting with a letter or digit.</summary>
        public static string Normalise(string name)
        {
            var kept = new StringBuilder();
            foreach (var c in name.ToLowerInvariant())
            {
                if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')
                {
                    kept.Append(c);
                }
            }

            return kept.ToString().TrimStart('_', '-');
        }

        private static string Validate(string name, string source)
        {
            var valid = name.Length > 0 && IsLetterOrDigit(name[0]) && name.All(c => IsLetterOrDigit(c) || c == '_' || c == '-');
            if (!valid)
            {
                throw new KxException(KxErrorIds.InvalidProjectName, KxErrorCategory.InvalidArgument, name,
                    $"'{name}' (from {source}) is not a valid compose project name.",
                    "Use only lower-case letters, digits, '_' and '-', starting with a letter or a digit.");
            }

            return name;
        }

        private static bool IsLetterOrDigit(char c) => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
