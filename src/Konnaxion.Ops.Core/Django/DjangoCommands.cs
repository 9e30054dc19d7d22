using System;
using System.Collections.Generic;
using System.Net;
using System.Security;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Processes;
using Konnaxion.Ops.Project;

namespace Konnaxion.Ops.Django
{
    /// <summary>The manage.py commands that are neither migrations nor backups: createsuperuser, and any command by name.</summary>
    internal sealed class DjangoCommands
    {
        private readonly ProjectContext _project;
        private readonly ManagePyRunner _managePy;

        public DjangoCommands(ProjectContext project, ManagePyRunner managePy)
        {
            _project = project;
            _managePy = managePy;
        }

        /// <summary>The variable Django's createsuperuser --noinput reads the password from.</summary>
        internal const string SuperuserPasswordVariable = "DJANGO_SUPERUSER_PASSWORD";

        /// <summary>
        /// `createsuperuser`. With a password: `--noinput`, the password handed to compose in its environment and to
        /// the container as `-e DJANGO_SUPERUSER_PASSWORD` (a name, no value), so it is on no command line. Without one:
        /// interactive, Django prompting at this console.
        /// </summary>
        public KxOperation<KxSuperuser> CreateSuperuser(string username, string email, SecureString? password = null)
        {
            _project.RequireService(_project.DjangoService);
            var command = new List<string> { "createsuperuser", "--username", username, "--email", email };
            var result = new KxSuperuser(_project.Name, username, email);
            if (password == null)
            {
                var call = _managePy.PrepareManagePy(command, Array.Empty<string>(), interactive: true);
                return _project.Operation($"Create superuser '{username}'", new[] { call.CommandLine },
                    (output, cancellationToken) =>
                    {
                        var exitCode = _managePy.RunManagePy(call, new ManageOutputParser(), output, cancellationToken);
                        var failure = CreateSuperuserErrors.ToException(exitCode, null, username);
                        return failure == null ? result : throw failure;
                    });
            }

            command.Add("--noinput");
            return _managePy.ManagePy($"Create superuser '{username}'", command, () => new ManageOutputParser(),
                (parser, exitCode) => CreateSuperuserErrors.ToException(exitCode, parser.GetError(), username) is KxException failure ? throw failure : result,
                secrets: (new[] { SuperuserPasswordVariable }, () => new Dictionary<string, string> { [SuperuserPasswordVariable] = new NetworkCredential(string.Empty, password).Password }));
        }

        /// <summary>
        /// Any manage.py command in a one-off container; returns what it printed on stdout. For the commands the
        /// module has no dedicated operation for (shell -c, check, collectstatic, a project's own commands).
        /// </summary>
        /// <param name="command">The management command and its arguments, for example "check", "--deploy".</param>
        public KxOperation<IReadOnlyList<string>> Manage(IReadOnlyList<string> command)
        {
            if (command.Count == 0 || string.IsNullOrWhiteSpace(command[0]))
            {
                throw new KxException(KxErrorIds.DjangoCommandFailed, KxErrorCategory.InvalidArgument, "Command",
                    "No management command was given.", "Name the command, for example: Invoke-KxManage check --deploy.");
            }

            _project.RequireService(_project.DjangoService);
            return _managePy.ManagePy("manage.py " + command[0], command, () => new ManageOutputParser(),
                (parser, exitCode) =>
                {
                    ManagePyRunner.ThrowIfFailed(command[0], exitCode, parser, "Read Django's message above, fix the cause and run the command again.");
                    return parser.Lines;
                });
        }
    }
}
