using System.Management.Automation;
using System.Security;
using Konnaxion.Ops.Commands.Infrastructure;

namespace Konnaxion.Ops.Commands
{
    /// <summary>
    /// Creates a Django superuser. With a password it runs `createsuperuser --noinput`, the password passed
    /// to the container by variable name only; without one, Django prompts at this console.
    /// </summary>
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
