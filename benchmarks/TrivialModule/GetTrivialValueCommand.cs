using System.Management.Automation;

namespace TrivialModule
{
    /// <summary>The one cmdlet of the trivial module: writes the number 1.</summary>
    [Cmdlet(VerbsCommon.Get, "TrivialValue")]
    [OutputType(typeof(int))]
    public sealed class GetTrivialValueCommand : PSCmdlet
    {
        protected override void ProcessRecord() => WriteObject(1);
    }
}
