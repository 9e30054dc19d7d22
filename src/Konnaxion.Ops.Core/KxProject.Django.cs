using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security;
using System.Threading;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Django;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;

namespace Konnaxion.Ops
{
    public sealed partial class KxProject
    {
        /// <summary>makemigrations --noinput exits with 3 when it would have had to ask a question.</summary>
        private const int NeedsInputExitCode = 3;

        /// <summary>The variable Django's createsuperuser --noinput reads the password from.</summary>
        internal const string SuperuserPasswordVariable = "DJANGO_SUPERUSER_PASSWORD";

        /// <summary>
        /// `makemigrations` in a one-off container (or the running one, see <see cref="KxProjectOptions.InRunningContainer"/>):
        /// new migration files on the host through the service's bind mount. Refused for production, whose migrations
        /// are built into the image.
        /// </summary>
        public KxOperation<IReadOnlyList<KxMigrationFile>> MakeMigrations(KxMakeMigrationsOptions? options = null)
        {
            options ??= new KxMakeMigrationsOptions();
            var (apps, name, empty, dryRun) = (options.Apps, options.Name, options.Empty, options.DryRun);
            Policy.RequireMakeMigrations(MakeMigrationsRefusedInProduction);
            if (empty && (apps == null || apps.Count == 0))
            {
                throw new KxException(KxErrorIds.DjangoCommandFailed, KxErrorCategory.InvalidArgument, "Empty",
                    "An empty migration needs the app it belongs to.", "Give -App with -Empty.");
            }

            // Nothing can answer Django's questions (a default for a new non-nullable field, a rename): with --noinput
            // it exits 3 instead of dying on a closed stdin.
            var command = new List<string> { "makemigrations", "--noinput" };
            command.AddRange(apps ?? Array.Empty<string>());
            if (name != null)
            {
                command.Add("--name");
                command.Add(name);
            }

            if (empty)
            {
                command.Add("--empty");
            }

            if (dryRun)
            {
                command.Add("--dry-run");
            }

            return MakeMigrations(command, dryRun, inRunningContainer: null);
        }

        /// <summary>`makemigrations` with these arguments, where <paramref name="inRunningContainer"/> says (the options' choice when null).</summary>
        private KxOperation<IReadOnlyList<KxMigrationFile>> MakeMigrations(IReadOnlyList<string> command, bool dryRun, bool? inRunningContainer)
        {
            RequireService(DjangoService);
            return ManagePy("Make migrations" + (dryRun ? " (dry run)" : string.Empty), command, () => new MakeMigrationsOutputParser(dryRun),
                (parser, exitCode) =>
                {
                    if (exitCode == NeedsInputExitCode && parser.GetError() == null)
                    {
                        throw MakeMigrationsNeedsInput();
                    }

                    ThrowIfFailed("makemigrations", exitCode, parser, "Fix the models or the migration Django complained about, then run New-KxMigration again.");
                    return HostFiles(parser);
                },
                inRunningContainer: inRunningContainer);
        }

        /// <summary>The files makemigrations listed, with their host paths through the service's bind mounts.</summary>
        private IReadOnlyList<KxMigrationFile> HostFiles(MakeMigrationsOutputParser parser)
        {
            var service = RequireService(DjangoService);
            return parser.GetFiles()
                .Select(file => new KxMigrationFile(file.App, file.Name, file.ContainerPath, MapToHost(service, file.ContainerPath), file.Operations, file.DryRun))
                .ToList();
        }

        private KxException MakeMigrationsRefusedInProduction() =>
            new KxException(KxErrorIds.MakeMigrationsRefusedInProduction, KxErrorCategory.InvalidOperation, ComposeFile.Path,
                "makemigrations does not run against production: production migrations are the ones built into the image.",
                "Make migrations locally (-Environment Local), commit them, rebuild the production image, then run Invoke-KxMigrate -Environment Production.");

        private KxException MakeMigrationsNeedsInput() =>
            new KxException(KxErrorIds.MakeMigrationsNeedsInput, KxErrorCategory.InvalidOperation, "makemigrations",
                "makemigrations needs an answer it can only ask interactively, such as a default for a new non-nullable field or whether a field was renamed.",
                "Give the new field a default (or null=True) and run New-KxMigration again, or answer Django's questions in: docker compose run --rm " + DjangoService + " python manage.py makemigrations");

        /// <summary>
        /// `createsuperuser`. With a password: `--noinput`, the password handed to compose in its environment and to
        /// the container as `-e DJANGO_SUPERUSER_PASSWORD` (a name, no value), so it is on no command line. Without one:
        /// interactive, Django prompting at this console.
        /// </summary>
        public KxOperation<KxSuperuser> CreateSuperuser(string username, string email, SecureString? password = null)
        {
            RequireService(DjangoService);
            var command = new List<string> { "createsuperuser", "--username", username, "--email", email };
            var result = new KxSuperuser(Name, username, email);
            if (password == null)
            {
                var call = PrepareManagePy(command, Array.Empty<string>(), interactive: true);
                return Operation($"Create superuser '{username}'", new[] { call.CommandLine },
                    (output, cancellationToken) =>
                    {
                        var exitCode = RunManagePy(call, new ManageOutputParser(), output, cancellationToken);
                        var failure = CreateSuperuserErrors.ToException(exitCode, null, username);
                        return failure == null ? result : throw failure;
                    });
            }

            command.Add("--noinput");
            return ManagePy($"Create superuser '{username}'", command, () => new ManageOutputParser(),
                (parser, exitCode) => CreateSuperuserErrors.ToException(exitCode, parser.GetError(), username) is KxException failure ? throw failure : result,
                secrets: () => new Dictionary<string, string> { [SuperuserPasswordVariable] = new NetworkCredential(string.Empty, password).Password });
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

            RequireService(DjangoService);
            return ManagePy("manage.py " + command[0], command, () => new ManageOutputParser(),
                (parser, exitCode) =>
                {
                    ThrowIfFailed(command[0], exitCode, parser, "Read Django's message above, fix the cause and run the command again.");
                    return parser.Lines;
                });
        }

        /// <summary>`python manage.py` and the arguments; arguments that start with python's own -c are a script that runs manage.py itself (the migration lock's).</summary>
        private static IEnumerable<string> ManagePyCommand(IReadOnlyList<string> arguments) =>
            (arguments.Count > 0 && arguments[0] == "-c" ? new[] { "python" } : new[] { "python", "manage.py" }).Concat(arguments);

        /// <summary>
        /// A manage.py command in a named one-off container (`run --rm -T`), or with <see cref="KxProjectOptions.InRunningContainer"/>
        /// in the service's running container, its output parsed as it streams.
        /// Secrets are read only when the operation runs, and only into the child's environment.
        /// </summary>
        private KxOperation<T> ManagePy<TParser, T>(string action, IReadOnlyList<string> command, Func<TParser> createParser,
            Func<TParser, int, T> complete, Func<IReadOnlyDictionary<string, string>>? secrets = null, bool? inRunningContainer = null)
            where TParser : DjangoOutputParser
        {
            var call = PrepareManagePy(command, secrets == null ? Array.Empty<string>() : new[] { SuperuserPasswordVariable }, inRunningContainer: inRunningContainer);
            return Operation(action, new[] { call.CommandLine }, (output, cancellationToken) =>
            {
                var parser = createParser();
                var exitCode = RunManagePy(call, parser, output, cancellationToken, secrets?.Invoke());
                return complete(parser, exitCode);
            });
        }

        /// <summary>Runs a read-only manage.py command now, where the options say, and returns its parser.</summary>
        private TParser QueryManagePy<TParser>(IReadOnlyList<string> command, TParser parser, IKxOutput output, CancellationToken cancellationToken,
            Func<int, bool>? succeeded = null)
            where TParser : DjangoOutputParser
        {
            var exitCode = RunManagePy(PrepareManagePy(command, Array.Empty<string>()), parser, output, cancellationToken);
            if (!(succeeded ?? (code => code == 0))(exitCode))
            {
                ThrowIfFailed(command[0], exitCode, parser, "Read Django's message above, fix the cause and run the command again.");
            }

            return parser;
        }

        private static void ThrowIfFailed(string command, int exitCode, DjangoOutputParser parser, string recommendedAction)
        {
            if (exitCode == 0)
            {
                return;
            }

            var error = parser.GetError();
            throw new KxException(
                command.StartsWith("migrate", StringComparison.Ordinal) ? KxErrorIds.MigrationFailed : KxErrorIds.DjangoCommandFailed,
                KxErrorCategory.InvalidOperation, command,
                $"manage.py {command} failed (exit code {exitCode})" + (error != null ? ": " + error.Message : "."),
                recommendedAction);
        }

        /// <summary>
        /// The host file behind a path Django printed inside the container, through the service's bind mounts.
        /// Django prints paths relative to its working directory, which the compose file may not state, so a
        /// relative path is looked for under each bind mount; null when no mount holds it (production images).
        /// </summary>
        internal static string? MapToHost(ComposeService service, string containerPath)
        {
            var binds = service.Volumes.Where(v => v.HostPath != null).ToList();
            var segments = containerPath.Replace('\\', '/');
            if (segments.StartsWith("/", StringComparison.Ordinal))
            {
                var mount = binds
                    .Where(v => segments.StartsWith(v.Target.TrimEnd('/') + "/", StringComparison.Ordinal))
                    .OrderByDescending(v => v.Target.Length)
                    .FirstOrDefault();
                return mount == null ? null : Join(mount.HostPath!, segments.Substring(mount.Target.TrimEnd('/').Length + 1));
            }

            if (service.WorkingDir != null)
            {
                return MapToHost(service, service.WorkingDir.TrimEnd('/') + "/" + segments);
            }

            // The working directory is the image's WORKDIR: take the mount under which the file, or failing that
            // its folder (a dry run writes nothing), exists on the host.
            var candidates = binds.Select(v => Join(v.HostPath!, segments)).ToList();
            return candidates.FirstOrDefault(File.Exists)
                ?? candidates.FirstOrDefault(c => System.IO.Directory.Exists(Path.GetDirectoryName(c)));
        }

        private static string Join(string root, string relativePath) =>
            Path.GetFullPath(Path.Combine(new[] { root }.Concat(relativePath.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries)).ToArray()));
    }
}
