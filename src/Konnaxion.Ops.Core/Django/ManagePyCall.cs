using System;
using System.Collections.Generic;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Processes;

namespace Konnaxion.Ops.Django
{
    /// <summary>
    /// A manage.py command prepared to run where the options say: a named one-off container (`compose run --rm`)
    /// or the service's running container (`docker exec` through the image's entrypoint, which sets up
    /// DATABASE_URL). The command line is fixed when prepared, for -WhatIf; secrets are added only to the
    /// environment of the child that runs.
    /// </summary>
    internal sealed class ManagePyCall
    {
        private readonly Func<IReadOnlyDictionary<string, string>?, ProcessSpec> _spec;

        public ManagePyCall(Func<IReadOnlyDictionary<string, string>?, ProcessSpec> spec, Func<IKxOutput, string> cleanUp)
        {
            _spec = spec;
            CleanUp = cleanUp;
            Planned = spec(null);
        }

        public ProcessSpec Planned { get; }

        public string CommandLine => Planned.ToString();

        /// <summary>Stops what a cancelled run left behind; returns what it did, to end the cancellation message.</summary>
        public Func<IKxOutput, string> CleanUp { get; }

        public ProcessSpec WithSecrets(IReadOnlyDictionary<string, string>? secrets) => secrets == null ? Planned : _spec(secrets);
    }
}
