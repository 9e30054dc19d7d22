using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Konnaxion.Ops.Output
{
    /// <summary>
    /// Masks secret values in every text the module writes: child-process lines, verbose and warning messages, and
    /// the exception messages built from them. The secrets are the values of env-file variables whose names look
    /// secret (PASSWORD, SECRET, KEY, TOKEN, DATABASE_URL and the like) and the password part of any URL-shaped value
    /// (postgres://user:pass@host), whatever its variable is called. Independently of any variable, the password part
    /// of every URL in a line is masked too: Konnaxion's entrypoint builds DATABASE_URL at run time and echoes it.
    /// </summary>
    internal sealed class SecretRedactor
    {
        public const string Mask = "********";

        /// <summary>Variable names that hold secrets, matched anywhere in the name (DJANGO_SECRET_KEY, SENTRY_DSN...).</summary>
        private static readonly Regex SecretName = new Regex(
            "PASSWORD|PASSWD|PASSPHRASE|SECRET|KEY|TOKEN|CREDENTIAL|PRIVATE|SALT|SIGNATURE|DSN|DATABASE_URL",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>scheme://user:password@ - the password is group "password"; it stops at the last '@' before the host.</summary>
        private static readonly Regex UrlCredentials = new Regex(
            @"(?<prefix>[A-Za-z][A-Za-z0-9+.\-]*://[^\s/:@]*:)(?<password>[^\s/]*)(?=@[^\s@]*)",
            RegexOptions.CultureInvariant);

        /// <summary>
        /// Values that cannot be secrets but occur in ordinary text (a flag such as SECRET_KEY_FALLBACKS=False):
        /// masking them would garble every line without protecting anything.
        /// </summary>
        private static readonly HashSet<string> NotSecret = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "true", "false", "yes", "no", "on", "off", "none", "null",
        };

        /// <summary>Shorter values are flags or numbers, not secrets (see <see cref="NotSecret"/>).</summary>
        private const int MinimumSecretLength = 3;

        private readonly string[] _secrets;

        /// <param name="variables">Every variable of the env files, secret or not: the names decide.</param>
        public SecretRedactor(IEnumerable<KeyValuePair<string, string>> variables)
        {
            // Longest first, so that a secret that contains another is masked whole.
            _secrets = variables
                .SelectMany(SecretsOf)
                .Where(value => value.Length >= MinimumSecretLength && !NotSecret.Contains(value))
                .Distinct(StringComparer.Ordinal)
                .OrderByDescending(value => value.Length)
                .ThenBy(value => value, StringComparer.Ordinal)
                .ToArray();
        }

        /// <summary>A redactor that knows no values: it still masks URL passwords.</summary>
        public static SecretRedactor None { get; } = new SecretRedactor(Array.Empty<KeyValuePair<string, string>>());

        /// <summary>How many distinct values it masks, for verbose output (never the values).</summary>
        public int Count => _secrets.Length;

        /// <summary><paramref name="text"/> with every secret value, and every URL's password, replaced by <see cref="Mask"/>.</summary>
        public string Redact(string text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return text;
            }

            var redacted = text;
            foreach (var secret in _secrets)
            {
                if (redacted.IndexOf(secret, StringComparison.Ordinal) >= 0)
                {
                    redacted = redacted.Replace(secret, Mask);
                }
            }

            return redacted.IndexOf("://", StringComparison.Ordinal) >= 0
                ? UrlCredentials.Replace(redacted, match => match.Groups["password"].Length == 0 ? match.Value : match.Groups["prefix"].Value + Mask)
                : redacted;
        }

        /// <summary>An output that redacts everything before handing it to <paramref name="output"/>.</summary>
        public IKxOutput Wrap(IKxOutput output) =>
            output is RedactingOutput redacting && ReferenceEquals(redacting.Redactor, this) ? output : new RedactingOutput(this, output);

        private static IEnumerable<string> SecretsOf(KeyValuePair<string, string> variable)
        {
            if (SecretName.IsMatch(variable.Key))
            {
                yield return variable.Value;
            }

            // A URL's password is secret whatever the variable is called (CELERY_BROKER_URL, CACHE_LOCATION...).
            foreach (Match match in UrlCredentials.Matches(variable.Value))
            {
                var password = match.Groups["password"].Value;
                yield return password;
                var decoded = Uri.UnescapeDataString(password);
                if (decoded != password)
                {
                    yield return decoded;
                }
            }
        }

        private sealed class RedactingOutput : IKxOutput
        {
            private readonly IKxOutput _inner;

            public RedactingOutput(SecretRedactor redactor, IKxOutput inner)
            {
                Redactor = redactor;
                _inner = inner;
            }

            public SecretRedactor Redactor { get; }

            public void WriteProcessLine(ProcessLine line) => _inner.WriteProcessLine(new ProcessLine(line.Stream, Redactor.Redact(line.Text)));

            public void WriteVerbose(string message) => _inner.WriteVerbose(Redactor.Redact(message));

            public void WriteWarning(string message) => _inner.WriteWarning(Redactor.Redact(message));

            public void WriteProgress(KxProgress progress) =>
                _inner.WriteProgress(new KxProgress(progress.ActivityId, Redactor.Redact(progress.Activity), Redactor.Redact(progress.Status),
                    progress.PercentComplete, progress.Completed, progress.ParentActivityId));
        }
    }
}
