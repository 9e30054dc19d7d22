#!/usr/bin/env bash
# Times service status through the Docker Engine API (in-process, as Get-KxServiceStatus runs it) against
# `docker compose ps --format json` and `docker-compose ps` as processes, on a running copy of the sample backend.
#
#   bash benchmarks/status.sh            # 20 rounds
#   ROUNDS=50 bash benchmarks/status.sh
#
# Needs docker with compose v2, docker-compose v1 and the .NET 10 SDK. Offline machines set KX_BASE_IMAGE (for
# example konnaxion-ops/base:bookworm, see .ci/build-base-image.sh); otherwise the sample's images build from
# python:3.12-slim-bookworm and postgres:15, which are pulled.
# The copy runs under its own project name and a free port; it is taken down with its volumes on exit.
# Exits 1 when the engine API is not at least 10x faster than v2 ps and 50x faster than v1 ps (medians).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$PWD
rounds=${ROUNDS:-20}

# shellcheck source=benchmarks/sample-copy.sh
. benchmarks/sample-copy.sh
kxbench_start_copy

dotnet run -c Release --project "$repo/benchmarks/StatusBench" -- "$work/backend" "$project" "$rounds"
