using System.Management.Automation;
using Konnaxion.Ops.Output;

namespace Konnaxion.Ops.Commands.Infrastructure
{
    /// <summary>
    /// The core's output over a cmdlet's streams. Child-process lines go to the information stream as host
    /// messages: shown at the prompt like Write-Host, capturable with 6>&amp;1, tagged so they can be filtered.
    /// </summary>
    internal sealed class CmdletOutput : IKxOutput
    {
        internal const string ProcessOutputTag = "Konnaxion.Ops.ProcessOutput";

        private readonly PSCmdlet _cmdlet;

        public CmdletOutput(PSCmdlet cmdlet)
        {
            _cmdlet = cmdlet;
        }

        public void WriteProcessLine(ProcessLine line)
        {
            var record = new InformationRecord(new HostInformationMessage { Message = line.Text, NoNewLine = false }, _cmdlet.MyInvocation.MyCommand.Name);
            record.Tags.Add("PSHOST");
            record.Tags.Add(ProcessOutputTag);
            record.Tags.Add(line.Stream == ProcessStream.StandardError ? "stderr" : "stdout");
            _cmdlet.WriteInformation(record);
        }

        public void WriteVerbose(string message) => _cmdlet.WriteVerbose(message);

        public void WriteWarning(string message) => _cmdlet.WriteWarning(message);

        public void WriteProgress(KxProgress progress)
        {
            var record = new ProgressRecord(progress.ActivityId, progress.Activity, progress.Status)
            {
                PercentComplete = progress.PercentComplete,
                ParentActivityId = progress.ParentActivityId,
                RecordType = progress.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
            _cmdlet.WriteProgress(record);
        }
    }
}
