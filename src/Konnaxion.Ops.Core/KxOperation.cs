using System;
using System.Collections.Generic;
using System.Threading;
using Konnaxion.Ops.Output;

namespace Konnaxion.Ops
{
    /// <summary>
    /// An operation prepared but not yet run: what it will do and the exact command lines, for -WhatIf and
    /// confirmation prompts, and <see cref="Invoke"/> to run precisely that.
    /// </summary>
    public sealed class KxOperation<T>
    {
        private readonly Func<IKxOutput, CancellationToken, T> _invoke;

        internal KxOperation(string action, string target, IReadOnlyList<string> commandLines, Func<IKxOutput, CancellationToken, T> invoke,
            bool highImpact, KxConfirmation? confirmation, IReadOnlyList<string>? steps = null)
        {
            Action = action;
            Target = target;
            CommandLines = commandLines;
            _invoke = invoke;
            HighImpact = highImpact;
            Confirmation = confirmation;
            Steps = steps ?? Array.Empty<string>();
        }

        /// <summary>What the operation does, in words.</summary>
        public string Action { get; }

        /// <summary>What it acts on: the compose project and environment.</summary>
        public string Target { get; }

        /// <summary>The command lines it will run, in order. They never hold secret values.</summary>
        public IReadOnlyList<string> CommandLines { get; }

        /// <summary>
        /// True when it is hard to undo wherever it runs, as rolling migrations back is (their tables and columns go,
        /// with the data): the cmdlets then ask for confirmation as ConfirmImpact High would, locally too.
        /// </summary>
        public bool HighImpact { get; }

        /// <summary>
        /// What to ask before running it, beyond -WhatIf/-Confirm, as the environment's policy decides: any change to
        /// production, a high-impact change anywhere; null when it needs no more.
        /// </summary>
        public KxConfirmation? Confirmation { get; }

        /// <summary>For an operation of several steps, each step in words with its command lines, in order; empty otherwise.</summary>
        public IReadOnlyList<string> Steps { get; }

        public T Invoke(IKxOutput? output = null, CancellationToken cancellationToken = default) =>
            _invoke(output ?? NullOutput.Instance, cancellationToken);

        public override string ToString() => Action + ": " + string.Join(" ; ", CommandLines);
    }
}
