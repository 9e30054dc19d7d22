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

work=$(mktemp -d "${TMPDIR:-/tmp}/kxbench.XXXXXX")
project="kxbench-$(basename "$work" | tr -dc 'a-z0-9' | tail -c 6)-$$"
compose=(docker compose -f "$work/backend/docker-compose.local.yml" -p "$project")

# shellcheck disable=SC2317  # called by the EXIT trap
teardown() {
  local rc=$?
  set +e
  "${compose[@]}" down -v --remove-orphans --timeout 2 >/dev/null 2>&1
  rm -rf "$work"
  exit "$rc"
}
trap teardown EXIT

# A host port nothing answers on, so that this copy runs beside any other.
port=$((20000 + RANDOM % 20000))
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
  port=$((port + 1))
done

cp -a "$repo/examples/konnaxion/backend" "$work/backend"
{
  echo "KX_DJANGO_PORT=$port"
  if [ -n "${KX_BASE_IMAGE:-}" ]; then echo "KX_BASE_IMAGE=$KX_BASE_IMAGE"; fi
} > "$work/backend/.env"

echo "starting $project with docker compose (port $port)..." >&2
if ! "${compose[@]}" up -d --build >"$work/up.log" 2>&1; then
  cat "$work/up.log" >&2
  exit 1
fi

dotnet run -c Release --project "$repo/benchmarks/StatusBench" -- "$work/backend" "$project" "$rounds"
