using System;
using System.Collections.Generic;
using System.Threading;
using Konnaxion.Ops.Output;

namespace Konnaxion.Ops.Django
{
    /// <summary>
    /// A manage.py command prepared to run where the options say: a named one-off container (`compose run --rm`)
    /// or the service's running container (an exec through the Engine API, or `docker exec` for a console, through
    /// the image's entrypoint, which sets up DATABASE_URL). What it runs is fixed when prepared and described for
    /// -WhatIf; secrets reach only the environment of what runs.
    /// </summary>
    internal sealed class ManagePyCall
    {
        private readonly Func<IReadOnlyDictionary<string, string>?, Action<ProcessLine>, IKxOutput, CancellationToken, int> _run;

        /// <param name="commandLine">The exact command line, or the API call and the command it runs.</param>
        /// <param name="run">Runs it with the secrets' values, its lines going to the handler; returns the exit code.</param>
        public ManagePyCall(string commandLine, Func<IReadOnlyDictionary<string, string>?, Action<ProcessLine>, IKxOutput, CancellationToken, int> run)
        {
            CommandLine = commandLine;
            _run = run;
        }

        public string CommandLine { get; }

        public int Run(IReadOnlyDictionary<string, string>? secrets, Action<ProcessLine> observe, IKxOutput output, CancellationToken cancellationToken) =>
            _run(secrets, observe, output, cancellationToken);
    }
}
