using Konnaxion.Ops.Output;

namespace Konnaxion.Ops.Django
{
    /// <summary>
    /// Reads a management command's output as it streams: stdout for the command's own listing, stderr for the
    /// error that explains a failure. Feed it every line from one thread, then ask for the result.
    /// </summary>
    internal abstract class DjangoOutputParser
    {
        private readonly DjangoErrorReader _errorReader = new DjangoErrorReader();

        /// <summary>Adds one line, as the process printed it; fits <c>KxProject.RunCompose</c>'s observe callback.</summary>
        public void Add(ProcessLine line)
        {
            if (line.Stream == ProcessStream.StandardError)
            {
                _errorReader.Add(line.Text);
            }
            else
            {
                AddOutput(DjangoOutputText.Clean(line.Text));
            }
        }

        /// <summary>What stderr says went wrong; see <see cref="DjangoErrorReader.GetError"/>.</summary>
        public DjangoError? GetError() => _errorReader.GetError();

        /// <summary>Handles one stdout line, already without colours or a trailing carriage return.</summary>
        protected abstract void AddOutput(string line);
    }
}
