# Shared by the Pester suite (dot-sourced): where the built module is, a private copy of the sample backend, and a
# fake docker that records its calls.

# The module build.ps1 laid out (build.ps1 -Task Test sets KX_MODULE_MANIFEST), else out/ of this repository.
function Get-KxTestManifest {
    if ($env:KX_MODULE_MANIFEST) {
        return $env:KX_MODULE_MANIFEST
    }

    return [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'out', 'Konnaxion.Ops', 'Konnaxion.Ops.psd1'))
}

# A copy of examples/konnaxion/backend, so that nothing a test does can touch the repository's.
function Copy-KxSampleBackend {
    param([Parameter(Mandatory)] [string] $Destination)
    $source = [System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'examples', 'konnaxion', 'backend')
    New-Item -ItemType Directory -Path $Destination -Force | Out-Null
    # -Force: the dot-files (.envs/, .dockerignore) count as hidden outside Windows.
    Get-ChildItem -LiteralPath $source -Force | Copy-Item -Destination $Destination -Recurse -Force
    if (-not (Test-Path -LiteralPath ([System.IO.Path]::Combine($Destination, '.envs', '.local', '.django')))) {
        throw "Copying the sample backend to $Destination left out its .envs folder."
    }

    return $Destination
}

# Builds `docker` and `docker-compose` programs that append each call ("docker compose version") to a log and answer
# only `version`, like Compose v2. A compiled program rather than a script: .NET starts `docker` without a shell, which
# finds no .cmd or .ps1 on Windows. Returns the folder to put first on PATH and the log.
function New-KxFakeDocker {
    param([Parameter(Mandatory)] [string] $Folder)
    $source = Join-Path $Folder 'src'
    $bin = Join-Path $Folder 'bin'
    $log = Join-Path $Folder 'calls.log'
    New-Item -ItemType Directory -Path $source, $bin -Force | Out-Null
    Set-Content -LiteralPath $log -Value @() -Encoding utf8
    Set-Content -LiteralPath (Join-Path $source 'FakeDocker.csproj') -Encoding utf8 -Value @'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net$(BundledNETCoreAppTargetFrameworkVersion)</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <RollForward>Major</RollForward>
  </PropertyGroup>
</Project>
'@
    Set-Content -LiteralPath (Join-Path $source 'Program.cs') -Encoding utf8 -Value @'
var call = string.Join(" ", new[] { Path.GetFileNameWithoutExtension(Environment.ProcessPath!) }.Concat(args));
File.AppendAllText(Environment.GetEnvironmentVariable("KX_FAKE_DOCKER_LOG")!, call + Environment.NewLine);
if (args is ["version"] or ["compose", "version"])
{
    Console.WriteLine("Docker Compose version v2.26.1");
    return 0;
}

Console.Error.WriteLine("fake docker: not answering " + call);
return 1;
'@
    foreach ($name in @('docker', 'docker-compose')) {
        & dotnet build $source --nologo --verbosity quiet --configuration Release --output $bin "-p:AssemblyName=$name" "-p:BaseIntermediateOutputPath=$(Join-Path $Folder "obj-$name")/" | Out-Host
        if ($LASTEXITCODE -ne 0) {
            throw "Building the fake $name failed (exit code $LASTEXITCODE)."
        }
    }

    return [pscustomobject]@{ Bin = $bin; Log = $log }
}
