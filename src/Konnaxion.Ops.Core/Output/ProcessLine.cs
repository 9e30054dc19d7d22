namespace Konnaxion.Ops.Output
{
    public enum ProcessStream
    {
        StandardOutput,
        StandardError,
    }

    /// <summary>One line of a child process's output, decoded as UTF-8, without its line break.</summary>
    public readonly struct ProcessLine
    {
        public ProcessLine(ProcessStream stream, string text)
        {
            Stream = stream;
            Text = text;
        }

        public ProcessStream Stream { get; }
        public string Text { get; }

        public override string ToString() => Text;
    }
}
