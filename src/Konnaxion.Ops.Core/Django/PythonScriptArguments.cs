using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace Konnaxion.Ops.Django
{
    /// <summary>
    /// Arguments for `python` itself, not for manage.py: a script that runs manage.py on its own terms (the migration
    /// lock's). <see cref="ManagePyRunner"/> tells them apart by this type, so no manage.py command line is taken for one.
    /// </summary>
    internal sealed class PythonScriptArguments : ReadOnlyCollection<string>
    {
        public PythonScriptArguments(IList<string> arguments)
            : base(arguments)
        {
        }
    }
}
