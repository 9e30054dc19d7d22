#!/usr/bin/env bash
# Times the migration runbook on a running copy of the sample backend, with compose v2 then v1:
#   - the seed's literal commands (up -d --build with nothing changed, run --rm django python manage.py
#     makemigrations, run --rm django python manage.py migrate, ps) against Invoke-KxUpdate (KxProject in-process,
#     as the cmdlet runs it), both ending in the same state;
#   - manage.py steps in a one-off container (run --rm) against the running container (-InRunningContainer):
#     showmigrations --plan (Get-KxMigration), and migrate with nothing to apply (Invoke-KxMigrate).
#
#   bash benchmarks/migrations.sh            # 7 rounds per compose version
#   ROUNDS=15 bash benchmarks/migrations.sh
#
# Needs docker with compose v2, docker-compose v1 and the .NET 10 SDK. Offline machines set KX_BASE_IMAGE (for
# example konnaxion-ops/base:bookworm, see .ci/build-base-image.sh); otherwise the sample's images build from
# python:3.12-slim-bookworm and postgres:15, which are pulled.
# The copy runs under its own project name, a free port and image names of its own (the sample's fixed image names
# are shared by every copy on the machine: another copy's build would retag them and make `up` recreate this copy's
# containers in the middle of a measurement). Containers, volumes and those image tags are removed on exit.
# Exits 1 when Invoke-KxUpdate is not at least 2x faster than the seed runbook, or the running container not at
# least 1.7x faster than run --rm for showmigrations (medians); the migrate step's ratio is printed beside it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$PWD
rounds=${ROUNDS:-7}

# shellcheck source=benchmarks/sample-copy.sh
. benchmarks/sample-copy.sh
kxbench_start_copy --own-images

dotnet run -c Release --project "$repo/benchmarks/MigrationsBench" -- "$work/backend" "$project" "$rounds"
