namespace Konnaxion.Ops.Output
{
    /// <summary>An output that drops everything, for callers that only want the returned objects.</summary>
    public sealed class NullOutput : IKxOutput
    {
        public static readonly NullOutput Instance = new NullOutput();

        private NullOutput()
        {
        }

        public void WriteProcessLine(ProcessLine line)
        {
        }

        public void WriteVerbose(string message)
        {
        }

        public void WriteWarning(string message)
        {
        }

        public void WriteProgress(KxProgress progress)
        {
        }
    }
}
