using System;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Django
{
    /// <summary>Turns the end of a <c>createsuperuser --noinput</c> run into the error to raise, if any.</summary>
    internal static class CreateSuperuserErrors
    {
        private const string ExistsAction = "Choose another -Username, or remove the user first.";
        private const string InvalidAction = "Correct the value Django rejected, or supply the one it asks for, and try again.";
        private const string FailedAction = "Check that the database is up and migrated, then try again.";

        /// <summary>
        /// Null when the command succeeded; otherwise the exception to raise for <paramref name="username"/>. The
        /// message is Django's text and what to do; Django never echoes the password it was given.
        /// </summary>
        /// <param name="exitCode">The command's exit code.</param>
        /// <param name="error">What its stderr said (<see cref="DjangoErrorReader.GetError"/>).</param>
        /// <param name="username">The username asked for: the error's target.</param>
        public static KxException? ToException(int exitCode, DjangoError? error, string username)
        {
            if (exitCode == 0)
            {
                return null;
            }

            if (error == null)
            {
                return Create(KxErrorIds.DjangoCommandFailed, KxErrorCategory.InvalidOperation, username,
                    $"createsuperuser exited with code {exitCode} and printed no error.", FailedAction);
            }

            if (IsExistingUser(error))
            {
                return Create(KxErrorIds.SuperuserExists, KxErrorCategory.ResourceExists, username, error.Message, ExistsAction);
            }

            // With --noinput every refusal of the values given is a CommandError: validation messages (which the
            // project's LANGUAGE_CODE may translate), a blank or missing field. Other failures carry a traceback.
            if (error.Kind == DjangoErrorKind.CommandError)
            {
                return Create(KxErrorIds.SuperuserInvalid, KxErrorCategory.InvalidArgument, username, error.Message, InvalidAction);
            }

            return Create(KxErrorIds.DjangoCommandFailed, KxErrorCategory.InvalidOperation, username,
                "createsuperuser failed: " + error.Message, FailedAction);
        }

        private static bool IsExistingUser(DjangoError error)
        {
            // Django's own check, never translated; a unique email or custom field surfaces from the database.
            return Contains(error.Message, "is already taken")
                || (error.Kind == DjangoErrorKind.UnhandledException && Contains(error.Message, "IntegrityError")
                    && (Contains(error.Message, "unique") || Contains(error.Message, "duplicate")));
        }

        private static KxException Create(string errorId, KxErrorCategory category, string username, string description, string action)
        {
            // A traceback's message can span lines; the advice then reads best on its own line.
            var separator = description.IndexOf('\n') >= 0 ? "\n" : " ";
            return new KxException(errorId, category, username, description + separator + action, action);
        }

        private static bool Contains(string text, string value) => text.IndexOf(value, StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
