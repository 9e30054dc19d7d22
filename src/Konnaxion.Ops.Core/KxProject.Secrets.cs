using System.Collections.Generic;
using System.IO;
using System.Linq;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Output;

namespace Konnaxion.Ops
{
    public sealed partial class KxProject
    {
        private SecretRedactor? _redactor;

        /// <summary>
        /// Masks the secrets of every env file the compose file names (and of the project's .env) in what the module
        /// writes. Read on first use, since a missing env file is reported when a command runs, not when a project opens.
        /// </summary>
        internal SecretRedactor Redactor => _redactor ??= new SecretRedactor(ReadEnvFileVariables());

        private IEnumerable<KeyValuePair<string, string>> ReadEnvFileVariables() =>
            // Inactive services too: a profile switched on by the next command must not show their values.
            ComposeFile.Services.Concat(ComposeFile.InactiveServices)
                .SelectMany(service => service.EnvFiles)
                .Select(file => file.Path)
                .Distinct()
                .Where(File.Exists)
                .SelectMany(path => DotEnvFile.Read(path))
                .Concat(_dotEnv)
                .ToList();
    }
}
