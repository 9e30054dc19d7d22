# shellcheck shell=bash
# Sourced by the benchmark scripts: a running copy of the sample backend under a project name of its own and a free
# host port, taken down with its volumes, its own image tags and the untagged images its builds left (the seed's
# parallel builds move a tag off one of two image IDs) on exit.
#   kxbench_start_copy [--own-images]   sets work (the temp folder; the compose files are in $work/backend),
#                                       project and compose (the `docker compose -f … -p …` command as an array)
# --own-images gives the copy image names of its own: the sample's fixed names are shared by every copy on the
# machine, and another copy's build would retag them and make `up` recreate this copy's containers.

# shellcheck disable=SC2317  # called by the EXIT trap
kxbench_teardown() {
  local rc=$?
  set +e
  "${compose[@]}" down -v --remove-orphans --timeout 2 >/dev/null 2>&1
  docker image ls --format '{{.Repository}}' | grep "^$project-" | xargs -r docker image rm >/dev/null 2>&1
  docker image ls -q --filter dangling=true | grep -vxF -f "$work/dangling-before" | xargs -r docker image rm >/dev/null 2>&1
  rm -rf "$work"
  exit "$rc"
}

kxbench_start_copy() {
  local repo port
  repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  work=$(mktemp -d "${TMPDIR:-/tmp}/kxbench.XXXXXX")
  project="kxbench-$(basename "$work" | tr -dc 'a-z0-9' | tail -c 6)-$$"
  compose=(docker compose -f "$work/backend/docker-compose.local.yml" -p "$project")
  trap kxbench_teardown EXIT

  # A host port nothing answers on, so that this copy runs beside any other.
  port=$((20000 + RANDOM % 20000))
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1))
  done

  cp -a "$repo/examples/konnaxion/backend" "$work/backend"
  # What was untagged before is kept at the end (an empty list keeps nothing: grep -f of no pattern matches none).
  docker image ls -q --filter dangling=true > "$work/dangling-before"
  if [ "${1:-}" = --own-images ]; then
    sed -i "s/^\(    image: \)konnaxion_/\1$project-/" "$work/backend/docker-compose.local.yml"
  fi
  {
    echo "KX_DJANGO_PORT=$port"
    if [ -n "${KX_BASE_IMAGE:-}" ]; then echo "KX_BASE_IMAGE=$KX_BASE_IMAGE"; fi
  } > "$work/backend/.env"

  echo "starting $project with docker compose (port $port)..." >&2
  if ! "${compose[@]}" up -d --build >"$work/up.log" 2>&1; then
    cat "$work/up.log" >&2
    exit 1
  fi
}
