using System.Management.Automation;
using System.Security;
using Konnaxion.Ops.Commands.Infrastructure;

namespace Konnaxion.Ops.Commands
{
    /// <summary>
    /// Creates a Django superuser. With a password it runs `createsuperuser --noinput`, the password passed
    /// to the container by variable name only; without one, Django prompts at this console.
    /// </summary>
    /// <remarks>
    /// <para>With -Password or -Credential it runs `createsuperuser --noinput`; the password reaches the container through
    /// the environment by variable name only (DJANGO_SUPERUSER_PASSWORD), never on a command line, in a log or in an
    /// error. Without a password, Django prompts at this console.</para>
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

        /// <summary>The password; omit it to be prompted by Django.</summary>
        [Parameter(ParameterSetName = PasswordSet)]
        public SecureString? Password { get; set; }

        /// <summary>The user name and password together.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [Credential]
        public PSCredential? Credential { get; set; }

        private protected override void Execute(KxProject project) =>
            RunIfApproved(
                Credential != null
                    ? project.CreateSuperuser(Credential.UserName, Email!, Credential.Password)
                    : project.CreateSuperuser(Username!, Email!, Password),
                WriteObject);
    }
}
