#!/usr/bin/env bash
# Smoke test of the engine set up by .ci/setup-engine.sh and the base image of
# .ci/build-base-image.sh, offline, with compose v2 (`docker compose`) and v1
# (`docker-compose`): a service built FROM the base image (Dockerfile with a
# RUN step) runs postgres; a second service using the base image reaches it by
# service name on the default compose network (pg_isready -h db, and a python
# socket to db:5432). Everything it creates is removed again.
# Usage: .ci/smoke-compose.sh [v2] [v1]     (default: both)
set -euo pipefail
# shellcheck source=.ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

IMAGE=${KX_BASE_IMAGE:-$KX_BASE_IMAGE_DEFAULT}
kx_engine_answers || kx_die "docker engine does not answer: run .ci/setup-engine.sh first"
docker image inspect "$IMAGE" >/dev/null 2>&1 || kx_die "$IMAGE missing: run .ci/build-base-image.sh first"

dir=$(mktemp -d)
projects=()
cleanup() {
  local p
  for p in "${projects[@]}"; do
    (cd "$dir" && docker compose -p "$p" down -v --rmi local --timeout 5 >/dev/null 2>&1) || true
  done
  rm -rf "$dir"
}
trap cleanup EXIT

cat > "$dir/Dockerfile" <<EOF
FROM $IMAGE
RUN python -c "import django, psycopg2; print(django.get_version())" > /django-version
EOF
cat > "$dir/compose.yaml" <<'EOF'
services:
  db:
    build: .
    user: postgres
    command: ["postgres", "-D", "/var/lib/postgresql/15/main",
              "-c", "config_file=/etc/postgresql/15/main/postgresql.conf",
              "-c", "listen_addresses=*"]
  client:
    image: ${KX_BASE_IMAGE}
    depends_on: [db]
    command: ["sleep", "600"]
EOF
export KX_BASE_IMAGE=$IMAGE

# shellcheck disable=SC2016  # expanded inside the container
probe='for i in $(seq 120); do pg_isready -q -h db -p 5432 && break; sleep 0.5; done
pg_isready -h db -p 5432 &&
python -c "import socket; s = socket.create_connection((\"db\", 5432), 5); print(\"socket to\", s.getpeername(), \"ok\")"'

run_one() {
  local flavour=$1 project=kxtestsmoke$$$1 compose
  case "$flavour" in
    v2) compose=(docker compose) ;;
    v1) compose=(docker-compose) ;;
    *) kx_die "unknown compose flavour $flavour" ;;
  esac
  projects+=("$project")
  local t0=$SECONDS
  kx_log "[$flavour] $("${compose[@]}" version --short): up -d --build (project $project)"
  (cd "$dir" && "${compose[@]}" -f compose.yaml -p "$project" up -d --build) > "$dir/$flavour-up.log" 2>&1 ||
    { cat "$dir/$flavour-up.log" >&2; kx_die "[$flavour] compose up failed"; }
  (cd "$dir" && "${compose[@]}" -f compose.yaml -p "$project" exec -T client sh -c "$probe") ||
    { (cd "$dir" && "${compose[@]}" -f compose.yaml -p "$project" logs) >&2 || true
      kx_die "[$flavour] client could not reach db by service name"; }
  (cd "$dir" && "${compose[@]}" -f compose.yaml -p "$project" exec -T db cat /django-version) |
    sed "s/^/[$flavour] built image: Django /" >&2
  (cd "$dir" && "${compose[@]}" -f compose.yaml -p "$project" down -v --rmi local --timeout 5) > "$dir/$flavour-down.log" 2>&1 ||
    { cat "$dir/$flavour-down.log" >&2; kx_die "[$flavour] compose down failed"; }
  kx_log "[$flavour] ok in $((SECONDS - t0))s"
}

[ "$#" -gt 0 ] || set -- v2 v1
for flavour in "$@"; do run_one "$flavour"; done
kx_log "compose smoke test passed: $*"
