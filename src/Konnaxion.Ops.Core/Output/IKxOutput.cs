namespace Konnaxion.Ops.Output
{
    /// <summary>
    /// Where the core reports what happens while it works. The cmdlets implement it over their
    /// streams; scripts and tests can implement it over anything. Every call arrives on the thread
    /// that called into <see cref="KxProject"/>, so a PowerShell host can write straight through.
    /// </summary>
    public interface IKxOutput
    {
        /// <summary>One line a child process (compose, Django) printed, as it printed it.</summary>
        void WriteProcessLine(ProcessLine line);

        /// <summary>What the core is about to do and why (the exact command lines, choices it made).</summary>
        void WriteVerbose(string message);

        /// <summary>Something the user should know that does not stop the operation.</summary>
        void WriteWarning(string message);

        /// <summary>How far a long operation has got.</summary>
        void WriteProgress(KxProgress progress);
    }
}
