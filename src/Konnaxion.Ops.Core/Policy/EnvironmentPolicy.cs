using System;
using System.Collections.Generic;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Policy
{
    /// <summary>
    /// What an environment means for the runbook, decided in this one place: which compose file it drives, that
    /// production backs up before migrating, refuses makemigrations (its migrations are the image's) and asks before
    /// any change, and that local development looks for model changes no migration holds.
    /// </summary>
    internal sealed class EnvironmentPolicy
    {
        private static readonly EnvironmentPolicy Local = new EnvironmentPolicy(KxEnvironment.Local, "docker-compose.local.yml", production: false);
        private static readonly EnvironmentPolicy Production = new EnvironmentPolicy(KxEnvironment.Production, "docker-compose.production.yml", production: true);

        private readonly bool _production;

        private EnvironmentPolicy(KxEnvironment environment, string composeFileName, bool production)
        {
            Environment = environment;
            ComposeFileName = composeFileName;
            _production = production;
        }

        public static EnvironmentPolicy For(KxEnvironment environment) => environment == KxEnvironment.Production ? Production : Local;

        public KxEnvironment Environment { get; }

        /// <summary>The compose file of a cookiecutter-django backend for this environment.</summary>
        public string ComposeFileName { get; }

        /// <summary>"the local database", "the production database": what messages call the database.</summary>
        public string DatabaseName => $"the {Environment.ToString().ToLowerInvariant()} database";

        /// <summary>What a suggested command adds to reach this environment: nothing locally, the parameter in production.</summary>
        public string EnvironmentArgument => _production ? " -Environment Production" : string.Empty;

        /// <summary>Production migrates only after a backup, unless the caller skips it on purpose.</summary>
        public bool BacksUpBeforeMigrating(bool skipBackup) => _production && !skipBackup;

        /// <summary>Whether a plan lists the backup step at all (and so says when it is skipped).</summary>
        public bool HasBackupStep => _production;

        /// <summary>Local development makes migrations from model changes; production has the image's.</summary>
        public bool MakesMigrations => !_production;

        /// <summary>Refuses makemigrations where migrations are built into the image.</summary>
        public void RequireMakeMigrations(Func<Exception> refusal)
        {
            if (!MakesMigrations)
            {
                throw refusal();
            }
        }

        /// <summary>
        /// Swarm runs production alone: the local stack is compose's, its code bind-mounted from the host, which a
        /// stack's services on other nodes could not see.
        /// </summary>
        public void RequireOrchestrator(KxOrchestrator orchestrator, string composeFilePath)
        {
            if (orchestrator == KxOrchestrator.Swarm && !_production)
            {
                throw new KxException(KxErrorIds.SwarmNeedsProduction, KxErrorCategory.InvalidArgument, orchestrator,
                    $"-Orchestrator Swarm deploys the production stack, not the {Environment.ToString().ToLowerInvariant()} one ({composeFilePath}).",
                    "Use -Environment Production with -Orchestrator Swarm, or leave -Orchestrator out to run the local stack with compose.");
            }
        }

        /// <summary>
        /// The confirmation a change needs beyond -WhatIf/-Confirm: any change to production, and a high-impact one (a
        /// rollback) anywhere; null for what changes nothing or needs no more.
        /// </summary>
        public KxConfirmation? Confirmation(bool changes, bool highImpact, string action, string target, IReadOnlyList<string> commandLines)
        {
            if (!changes || !(_production || highImpact))
            {
                return null;
            }

            return new KxConfirmation(
                _production ? "Confirm production change" : "Confirm high-impact change",
                $"{action}{(_production ? " against PRODUCTION" : string.Empty)} ({target})?\n{string.Join(System.Environment.NewLine, commandLines)}");
        }
    }
}
