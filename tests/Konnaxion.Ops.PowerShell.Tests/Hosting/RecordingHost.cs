using System;
using System.Globalization;
using System.Management.Automation.Host;

namespace Konnaxion.Ops.PowerShell.Tests.Hosting
{
    /// <summary>
    /// A PowerShell host for tests: what a person would see at the prompt is recorded as plain text, progress records
    /// are kept, and prompts (ShouldProcess, ShouldContinue, PromptForChoice, credentials) are answered by the test.
    /// </summary>
    public sealed class RecordingHost : PSHost
    {
        private readonly Guid _instanceId = Guid.NewGuid();

        public RecordingHost(int bufferWidth = 120)
        {
            Screen = new RecordingHostUserInterface(bufferWidth);
        }

        /// <summary>The host's user interface, with what it recorded and the answers it will give.</summary>
        public RecordingHostUserInterface Screen { get; }

        public override PSHostUserInterface UI => Screen;

        public override string Name => "Konnaxion.Ops.Tests";

        public override Version Version { get; } = new Version(1, 0);

        public override Guid InstanceId => _instanceId;

        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

        public override CultureInfo CurrentUICulture => CultureInfo.GetCultureInfo("en-US");

        public override void SetShouldExit(int exitCode)
        {
        }

        public override void EnterNestedPrompt() => throw new NotSupportedException("The test host has no nested prompt.");

        public override void ExitNestedPrompt() => throw new NotSupportedException("The test host has no nested prompt.");

        public override void NotifyBeginApplication()
        {
        }

        public override void NotifyEndApplication()
        {
        }
    }
}
