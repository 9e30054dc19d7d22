namespace Konnaxion.Ops.Django
{
    /// <summary>How a management command reported its failure on stderr.</summary>
    internal enum DjangoErrorKind
    {
        /// <summary>The command refused with a CommandError (or SystemCheckError): bad input or state, no traceback.</summary>
        CommandError,

        /// <summary>An exception escaped with a traceback: a database error, a bug, a migration that raised.</summary>
        UnhandledException,

        /// <summary>The command line itself was wrong: argparse errors, an unknown command or app label.</summary>
        Usage,

        /// <summary>None of the above: the message is the last line stderr held.</summary>
        Other,
    }

    /// <summary>The message worth showing the user from a management command's stderr.</summary>
    internal sealed class DjangoError
    {
        public DjangoError(DjangoErrorKind kind, string message)
        {
            Kind = kind;
            Message = message;
        }

        public DjangoErrorKind Kind { get; }

        /// <summary>
        /// Django's text, lines joined with "\n": a CommandError without its "CommandError: " prefix, an exception
        /// as "type: message" with every line of its message.
        /// </summary>
        public string Message { get; }

        public override string ToString() => Message;
    }
}
