// pwsh's entry point, as the PowerShell repository's own pwsh project has it.
return Microsoft.PowerShell.UnmanagedPSEntry.Start(args, args.Length);
