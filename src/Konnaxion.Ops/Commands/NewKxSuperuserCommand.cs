using System.Management.Automation;
using System.Security;
using Konnaxion.Ops.Commands.Infrastructure;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Commands
{
    /// <summary>
    /// Creates a Django superuser: `createsuperuser --noinput`, the password passed to the container by variable name
    /// only; without -Password or -Credential, PowerShell asks for it.
    /// </summary>
    /// <remarks>
    /// <para>It runs `createsuperuser --noinput`; the password reaches the container through the environment by variable
    /// name only (DJANGO_SUPERUSER_PASSWORD), never on a command line, in a log or in an error. Without -Password or
    /// -Credential, the PowerShell host asks for the password (as Get-Credential does) once the change is approved, so
    /// -WhatIf asks nothing.</para>
    /// <para>It fails with SuperuserExists when the username is taken, and with SuperuserInvalid when Django rejects the
    /// email address or the password.</para>
    /// </remarks>
    /// <example>Create the first administrator from a credential prompt
    /// <code>New-KxSuperuser -Credential (Get-Credential admin) -Email admin@example.com | Format-List</code>
    /// <para>Get-Credential asks for the password; it is never displayed.</para>
    /// </example>
    /// <example>Create a superuser in a script from a secure string
    /// <code>$password = Read-Host -AsSecureString 'Password'
    /// New-KxSuperuser admin admin@example.com -Password $password | Select-Object Project, Username</code>
    /// <para>Read-Host -AsSecureString keeps the password out of the console history.</para>
    /// </example>
    [Cmdlet(VerbsCommon.New, "KxSuperuser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PasswordSet)]
    [OutputType(typeof(KxSuperuser))]
    public sealed class NewKxSuperuserCommand : KxManagePyCmdlet
    {
        private const string PasswordSet = "Password";
        private const string CredentialSet = "Credential";

        /// <summary>The new user's name.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PasswordSet)]
        [ValidateNotNullOrEmpty]
        public string? Username { get; set; }

        /// <summary>The new user's email address.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Email { get; set; }

        /// <summary>The password; omit it to be asked for it.</summary>
        [Parameter(ParameterSetName = PasswordSet)]
        public SecureString? Password { get; set; }

        /// <summary>The user name and password together.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [Credential]
        public PSCredential? Credential { get; set; }

        private protected override void Execute(KxProject project)
        {
            if (Credential != null || Password != null)
            {
                RunIfApproved(project.CreateSuperuser(Credential?.UserName ?? Username!, Email!, Credential?.Password ?? Password), WriteObject);
                return;
            }

            // Django's own prompt reads this process's console, which a host need not have (VS Code, remoting, a hosted
            // runspace), and without a terminal Django skips the user yet exits 0. The host asks instead; the command
            // line shown for approval is the one that runs, but for its one-off container's name.
            if (ShouldRun(project.CreateSuperuser(Username!, Email!, new SecureString()), Force.IsPresent))
            {
                var password = Host.UI.PromptForCredential("New-KxSuperuser", $"The password of the new superuser '{Username}'.", Username!, string.Empty)?.Password
                    ?? throw new KxException(KxErrorIds.OperationCancelled, KxErrorCategory.OperationStopped, Username,
                        $"No password was given for the superuser '{Username}'; nothing was created.",
                        "Run New-KxSuperuser again and type the password when asked, or give -Password or -Credential.");
                WriteObject(project.CreateSuperuser(Username!, Email!, password).Invoke(Output, Cancellation));
            }
        }
    }
}
