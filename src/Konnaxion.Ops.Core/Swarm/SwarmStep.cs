using System;
using System.Collections.Generic;

namespace Konnaxion.Ops.Swarm
{
    /// <summary>One step of a Swarm deploy: its words for the plan, its command lines, and how it runs in a <see cref="SwarmRun"/>.</summary>
    internal sealed class SwarmStep
    {
        public SwarmStep(string name, string description, IReadOnlyList<string> commandLines,
            Func<SwarmRun, (KxUpdateStepOutcome Outcome, string Detail, IReadOnlyList<string> CommandLines)> run)
        {
            Name = name;
            Description = description;
            CommandLines = commandLines;
            Run = run;
        }

        /// <summary>The step's name in <see cref="KxUpdateResult.Steps"/>.</summary>
        public string Name { get; }

        /// <summary>The plan's line for it, with its exact command lines (and the stack file, secrets masked).</summary>
        public string Description { get; }

        public IReadOnlyList<string> CommandLines { get; }

        public Func<SwarmRun, (KxUpdateStepOutcome Outcome, string Detail, IReadOnlyList<string> CommandLines)> Run { get; }
    }
}
