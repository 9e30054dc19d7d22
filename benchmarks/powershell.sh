#!/usr/bin/env bash
# Times the cmdlets as people run them, through a hosted PowerShell 7.6 session, against the compose CLIs as
# processes, on a running copy of the sample backend (see benchmarks/PowerShellBench/Program.cs for each measure):
#   - Import-Module of Konnaxion.Ops against a trivial one-cmdlet binary module, each in a fresh process, and the
#     first Get-KxServiceStatus after it;
#   - later Get-KxServiceStatus calls against `docker compose ps --format json` and `docker-compose ps`;
#   - a manage.py step (showmigrations --plan) by Invoke-KxManage -InRunningContainer and one-off, against
#     `compose run --rm` and `compose exec`, on v2 and v1;
#   - Invoke-KxUpdate against the seed's literal commands, on v2 and v1.
#
#   bash benchmarks/powershell.sh            # 20 rounds (5 for manage.py and update)
#   ROUNDS=40 bash benchmarks/powershell.sh
#   QUICK=1 bash benchmarks/powershell.sh    # smoke run: 3 rounds (1 for manage.py and update)
#
# Needs docker with compose v2, docker-compose v1 and the .NET 10 SDK (PowerShell comes from NuGet with the
# harness). Offline machines set KX_BASE_IMAGE (for example konnaxion-ops/base:bookworm, see
# .ci/build-base-image.sh); otherwise the sample's images build from python:3.12-slim-bookworm and postgres:15.
# The copy runs under its own project name, a free port and image names of its own; containers, volumes and those
# image tags are removed on exit. Building the harness lays the module out in out/Konnaxion.Ops (Release).
# Exits 1 when a compose v2 target is missed (medians): import at most 40 ms more than the trivial module's, the
# first status at most 2x a later one, status 30x faster than `docker compose ps`, -InRunningContainer 2x faster
# than `docker compose run --rm`, Invoke-KxUpdate 3x faster than the seed's commands. The v1 targets (status 100x
# faster than `docker-compose ps`, the v1 runbook and manage.py step) are printed, met or missed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$PWD
if [ -n "${QUICK:-}" ]; then rounds=${ROUNDS:-3}; else rounds=${ROUNDS:-20}; fi

# Built before the copy starts, so that the build does not run beside the measurement.
dotnet build -c Release -m:1 --nologo -v:q "$repo/benchmarks/PowerShellBench" >&2

# shellcheck source=benchmarks/sample-copy.sh
. benchmarks/sample-copy.sh
kxbench_start_copy --own-images

dotnet run -c Release --no-build --project "$repo/benchmarks/PowerShellBench" -- "$work/backend" "$project" "$rounds"
