using System;
using System.Collections.Generic;

namespace Konnaxion.Ops.Runbook
{
    /// <summary>
    /// One step of a runbook (Invoke-KxUpdate's with compose, or a Swarm deploy's): its name, its words for the plan, its
    /// command lines, and how it runs in <typeparamref name="TRun"/>, the run that holds what the steps share.
    /// </summary>
    internal sealed class RunbookStep<TRun>
    {
        public RunbookStep(string name, string description, IReadOnlyList<string> commandLines,
            Func<TRun, (KxUpdateStepOutcome Outcome, string Detail, IReadOnlyList<string> CommandLines)> run)
        {
            Name = name;
            Description = description;
            CommandLines = commandLines;
            Run = run;
        }

        /// <summary>The step's name in <see cref="KxUpdateResult.Steps"/>.</summary>
        public string Name { get; }

        /// <summary>The plan's line for it, with its exact command lines (and, on Swarm, the stack file, secrets masked).</summary>
        public string Description { get; }

        public IReadOnlyList<string> CommandLines { get; }

        public Func<TRun, (KxUpdateStepOutcome Outcome, string Detail, IReadOnlyList<string> CommandLines)> Run { get; }
    }
}
