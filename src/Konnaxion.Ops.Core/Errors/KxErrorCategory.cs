namespace Konnaxion.Ops.Errors
{
    /// <summary>
    /// The categories the core raises. Names match PowerShell's ErrorCategory members one to one,
    /// so the cmdlet layer maps them by name without the core referencing PowerShell.
    /// </summary>
    public enum KxErrorCategory
    {
        NotSpecified,
        InvalidArgument,
        InvalidData,
        InvalidOperation,
        ObjectNotFound,
        ResourceExists,
        ResourceUnavailable,
        ConnectionError,
        OperationStopped,
        OperationTimeout,
        NotInstalled,
        PermissionDenied,
        SecurityError,
        ParserError,
        FromStdErr,
    }
}
