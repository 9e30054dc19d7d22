# shellcheck shell=bash
# shellcheck disable=SC2034  # (file-wide) constants are used by the scripts that source this file
set -euo pipefail
# Shared helpers for the .ci/ scripts. Source it; it defines functions and
# constants only and changes nothing by being sourced.
#
# Machine-level state lives outside the repo:
#   /var/cache/konnaxion-ops   downloaded .debs, the isolated trixie apt state,
#                              the base-image rootfs tarball (kept between runs)
#   /var/lib/konnaxion-ops     sshd config and keys (ssh/)
#   /run/konnaxion-ops         pidfiles and "started-*" markers
#   /var/log/konnaxion-*.log   dockerd and sshd logs

KX_CACHE_DIR=${KX_CACHE_DIR:-/var/cache/konnaxion-ops}
KX_STATE_DIR=${KX_STATE_DIR:-/var/lib/konnaxion-ops}
KX_RUN_DIR=${KX_RUN_DIR:-/run/konnaxion-ops}
KX_SSH_DIR=$KX_STATE_DIR/ssh
KX_SSH_PORT=${KX_SSH_PORT:-2222}
KX_DOCKERD_LOG=/var/log/konnaxion-dockerd.log
KX_SSHD_LOG=/var/log/konnaxion-sshd.log
KX_DOCKER_SOCK=/var/run/docker.sock
KX_CLI_PLUGIN_DIR=/usr/local/lib/docker/cli-plugins
KX_BASE_IMAGE_DEFAULT=konnaxion-ops/base:bookworm
# The two-node swarm of .ci/swarm-nodes.sh: a veth pair on a private /24, the
# host (manager, registry) on .1, the worker's network namespace on .2.
KX_SWARM_NET_PREFIX=10.213.0
KX_SWARM_MANAGER_ADDR=$KX_SWARM_NET_PREFIX.1
KX_SWARM_WORKER_ADDR=$KX_SWARM_NET_PREFIX.2
KX_SWARM_REGISTRY=$KX_SWARM_MANAGER_ADDR:5000
KX_SWARM_WORKER_SOCK=$KX_RUN_DIR/swarm-worker.sock
KX_SWARM_PROBE_IMAGE=konnaxion-ops/swarm-probe:busybox
KX_DOCKERD_CONFIG=/etc/docker/daemon.json

kx_log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
kx_die() { printf '[%s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

kx_require_root() {
  [ "$(id -u)" -eq 0 ] || kx_die "must run as root (installs packages, starts dockerd)"
}

# The id written into started-* markers: .ci/run exports KX_RUN_ID so that its
# teardown stops only the daemons that its own setup started.
kx_run_id() { printf '%s\n' "${KX_RUN_ID:-manual}"; }

# Codename of this machine (bookworm).
kx_codename() { (. /etc/os-release && printf '%s\n' "$VERSION_CODENAME"); }

# ---------------------------------------------------------------- apt sources

# Prints "URI KEYRING" (KEYRING may be "-") of this machine's own Debian
# archive: the first enabled "deb" source whose suite is exactly the machine's
# codename and that has the main component. Reads deb822 *.sources files and
# one-line *.list files, so nothing is hard-coded.
kx_debian_source() {
  local codename found f
  codename=$(kx_codename)
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    found=$(awk -v want="$codename" '
      BEGIN { RS = ""; FS = "\n" }
      {
        delete v; key = ""
        for (i = 1; i <= NF; i++) {
          line = $i
          if (line ~ /^#/) continue
          if (line ~ /^[ \t]/) { if (key != "") v[key] = v[key] " " line; continue }
          p = index(line, ":"); if (p == 0) continue
          key = tolower(substr(line, 1, p - 1)); v[key] = substr(line, p + 1)
        }
        if (tolower(v["enabled"]) ~ /no/) next
        if ((" " v["types"] " ") !~ /[ \t]deb[ \t]/) next
        if ((" " v["suites"] " ") !~ ("[ \t]" want "[ \t]")) next
        if ((" " v["components"] " ") !~ /[ \t]main[ \t]/) next
        split(v["uris"], u, /[ \t]+/); uri = ""
        for (j in u) if (u[j] != "" && uri == "") uri = u[j]
        kr = v["signed-by"]; gsub(/^[ \t]+|[ \t]+$/, "", kr)
        if (kr !~ /^\//) kr = "-"
        if (uri != "") { print uri, kr; exit }
      }' "$f")
    if [ -n "$found" ]; then printf '%s\n' "$found"; return 0; fi
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    found=$(awk -v want="$codename" '
      $1 != "deb" { next }
      {
        kr = "-"; i = 2
        if ($2 ~ /^\[/) {
          while (i <= NF) {
            if ($i ~ /^\[?signed-by=/) { kr = $i; sub(/^\[?signed-by=/, "", kr); sub(/\]$/, "", kr) }
            if ($i ~ /\]$/) { i++; break }
            i++
          }
        }
        uri = $i; suite = $(i + 1); main = 0
        for (j = i + 2; j <= NF; j++) if ($j == "main") main = 1
        if (suite == want && main) { if (kr !~ /^\//) kr = "-"; print uri, kr; exit }
      }' "$f")
    if [ -n "$found" ]; then printf '%s\n' "$found"; return 0; fi
  done
  kx_die "cannot find this machine's Debian '$codename' main source in /etc/apt"
}

kx_debian_mirror() { kx_debian_source | awk '{print $1}'; }

# ---------------------------------------------------------------- packages

kx_pkg_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]
}

# Installs the given Debian packages of this machine's suite if any is missing.
# Service starts by maintainer scripts are suppressed (policy-rc.d), so that
# installing docker.io or openssh-server starts no daemon behind our back.
kx_apt_ensure() {
  local missing=() p
  for p in "$@"; do kx_pkg_installed "$p" || missing+=("$p"); done
  [ "${#missing[@]}" -eq 0 ] && return 0
  kx_log "installing Debian packages: ${missing[*]}"
  local policy=/usr/sbin/policy-rc.d own_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod 0755 "$policy"; own_policy=1
  fi
  local rc=0
  {
    apt-get update -q >/dev/null &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}" >/dev/null
  } || rc=$?
  [ "$own_policy" -eq 1 ] && rm -f "$policy"
  [ "$rc" -eq 0 ] || kx_die "apt-get install ${missing[*]} failed (exit $rc)"
}

# Prints the path of a cached .deb of PACKAGE from Debian SUITE (default
# trixie), downloading it with an isolated apt state first when not cached.
# The machine's own apt configuration (sources, lists, status) is not touched.
kx_fetch_suite_deb() {
  local pkg=$1 suite=${2:-trixie}
  local debs=$KX_CACHE_DIR/debs apt_root=$KX_CACHE_DIR/apt-$suite
  local cached
  mkdir -p "$debs"
  cached=$(find "$debs" -maxdepth 1 -name "${pkg}_*.deb" -printf '%f\n' 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$cached" ]; then printf '%s\n' "$debs/$cached"; return 0; fi

  local uri kr opts
  read -r uri kr < <(kx_debian_source)
  mkdir -p "$apt_root/lists/partial" "$apt_root/archives/partial" "$apt_root/sources.list.d" \
           "$apt_root/preferences.d"
  if [ "$kr" != "-" ]; then opts="[signed-by=$kr] "; else opts=""; fi
  printf 'deb %s%s %s main\n' "$opts" "$uri" "$suite" > "$apt_root/sources.list"
  : > "$apt_root/status"
  local apt_opts=(
    -o "Dir::Etc::sourcelist=$apt_root/sources.list"
    -o "Dir::Etc::sourceparts=$apt_root/sources.list.d"
    -o "Dir::Etc::preferences=$apt_root/preferences"
    -o "Dir::Etc::preferencesparts=$apt_root/preferences.d"
    -o "Dir::State::Lists=$apt_root/lists"
    -o "Dir::State::status=$apt_root/status"
    -o "Dir::Cache::archives=$apt_root/archives"
    -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache="
    -o "Acquire::Languages=none"
    -o "Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false"
    -o "Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false"
    -o "Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled=false"
    -o "Acquire::IndexTargets::deb::CNF::DefaultEnabled=false"
    -o "APT::Sandbox::User=root"
  )
  kx_log "downloading $pkg from Debian $suite ($uri)"
  # The isolated lists are refreshed unless another package was fetched from
  # them in the last hour.
  if [ -z "$(find "$apt_root/lists" -maxdepth 1 -name '*_Packages*' -mmin -60 2>/dev/null)" ]; then
    apt-get "${apt_opts[@]}" update -q >/dev/null || kx_die "apt-get update for $suite failed"
  fi
  (cd "$debs" && apt-get "${apt_opts[@]}" download -q "$pkg" >/dev/null) ||
    kx_die "apt-get download $pkg ($suite) failed"
  cached=$(find "$debs" -maxdepth 1 -name "${pkg}_*.deb" -printf '%f\n' | sort -V | tail -n 1)
  [ -n "$cached" ] || kx_die "downloaded $pkg .deb not found in $debs"
  printf '%s\n' "$debs/$cached"
}

# Installs a docker CLI plugin (docker-NAME) taken from Debian package PKG of
# SUITE into $KX_CLI_PLUGIN_DIR, unless it is there already.
kx_ensure_cli_plugin() {
  local name=$1 pkg=$2 suite=${3:-trixie}
  local dest=$KX_CLI_PLUGIN_DIR/docker-$name
  if [ -x "$dest" ] && "$dest" docker-cli-plugin-metadata >/dev/null 2>&1; then return 0; fi
  local deb tmp
  deb=$(kx_fetch_suite_deb "$pkg" "$suite")
  tmp=$(mktemp -d)
  dpkg -x "$deb" "$tmp"
  [ -x "$tmp/usr/libexec/docker/cli-plugins/docker-$name" ] ||
    { rm -rf "$tmp"; kx_die "$deb has no usr/libexec/docker/cli-plugins/docker-$name"; }
  mkdir -p "$KX_CLI_PLUGIN_DIR"
  install -m 0755 "$tmp/usr/libexec/docker/cli-plugins/docker-$name" "$dest.new"
  mv -f "$dest.new" "$dest"
  rm -rf "$tmp"
  kx_log "installed docker CLI plugin $dest from $(basename "$deb")"
}

# ---------------------------------------------------------------- daemons

# True when PID is a live (not zombie) process, whose command is COMM if given.
kx_proc_running() {
  local pid=$1 comm=${2:-} stat
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ] || return 1
  [ -z "$comm" ] || [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" = "$comm" ]
}

# True when PIDFILE names a live process whose command is COMM.
kx_pid_alive() {
  local pidfile=$1 comm=$2
  [ -s "$pidfile" ] || return 1
  kx_proc_running "$(cat "$pidfile" 2>/dev/null)" "$comm"
}

# Stops the process of PIDFILE (if it is COMM) with SIGTERM, waits up to
# TIMEOUT seconds, then SIGKILL.
kx_stop_pidfile() {
  local pidfile=$1 comm=$2 timeout=${3:-30} pid i
  if kx_pid_alive "$pidfile" "$comm"; then
    pid=$(cat "$pidfile")
    kx_log "stopping $comm (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < timeout * 5; i++)); do
      kx_proc_running "$pid" || break
      sleep 0.2
    done
    if kx_proc_running "$pid"; then kx_log "$comm did not stop, killing"; kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$pidfile"
}

kx_engine_answers() { timeout 15 docker info >/dev/null 2>&1; }

# Stops a daemon named by marker NAME (dockerd, sshd) only if the marker says
# that the setup of run KX_RUN_ID started it.
kx_stop_if_started_by_this_run() {
  local name=$1 marker=$KX_RUN_DIR/started-$1
  [ -f "$marker" ] || return 0
  if [ "$(cat "$marker")" != "$(kx_run_id)" ]; then
    kx_log "$name was not started by this run; leaving it running"
    return 0
  fi
  kx_stop_pidfile "$KX_RUN_DIR/$name.pid" "$name" 60
  rm -f "$marker"
}

# Removes containers, networks and volumes of compose projects whose name
# starts with PREFIX (default kxtest).
kx_remove_compose_leftovers() {
  local prefix=${1:-kxtest} ids
  kx_engine_answers || return 0
  ids=$(docker ps -a --filter label=com.docker.compose.project \
        --format '{{.ID}} {{.Label "com.docker.compose.project"}}' | awk -v p="$prefix" 'index($2, p) == 1 {print $1}')
  if [ -n "$ids" ]; then
    kx_log "removing leftover $prefix* containers: $(echo "$ids" | wc -l)"
    # shellcheck disable=SC2086
    docker rm -f -v $ids >/dev/null 2>&1 || true
  fi
  ids=$(docker network ls --filter label=com.docker.compose.project \
        --format '{{.ID}} {{.Label "com.docker.compose.project"}}' | awk -v p="$prefix" 'index($2, p) == 1 {print $1}')
  if [ -n "$ids" ]; then
    kx_log "removing leftover $prefix* networks: $(echo "$ids" | wc -l)"
    # shellcheck disable=SC2086
    docker network rm $ids >/dev/null 2>&1 || true
  fi
  ids=$(docker volume ls --filter label=com.docker.compose.project \
        --format '{{.Name}} {{.Label "com.docker.compose.project"}}' | awk -v p="$prefix" 'index($2, p) == 1 {print $1}')
  if [ -n "$ids" ]; then
    kx_log "removing leftover $prefix* volumes: $(echo "$ids" | wc -l)"
    # shellcheck disable=SC2086
    docker volume rm -f $ids >/dev/null 2>&1 || true
  fi
  ids=$(docker images --format '{{.Repository}}:{{.Tag}}' | awk -v p="$prefix" 'index($1, p) == 1')
  if [ -n "$ids" ]; then
    kx_log "removing leftover $prefix* images: $(echo "$ids" | wc -l)"
    # shellcheck disable=SC2086
    docker rmi -f $ids >/dev/null 2>&1 || true
  fi
}

# Prints the ids of every image the engine holds, one a line (empty if no engine answers).
kx_image_ids() {
  kx_engine_answers || return 0
  docker images -a -q --no-trunc | sort -u
}

# Removes every image that is not in the file $1 (a kx_image_ids listing taken before the run) except the base image
# $2, which is kept on purpose as a cache: the sample's tags (konnaxion_local_django...) and the dangling images that
# rebuilding them under one tag leaves behind are this run's own.
kx_remove_images_made_since() {
  local before=$1 keep=$2 keep_id ids
  kx_engine_answers || return 0
  keep_id=$(docker image inspect --format '{{.Id}}' "$keep" 2>/dev/null || true)
  ids=$(kx_image_ids | grep -vxF -f "$before" | grep -vxF "${keep_id:-none}" || true)
  if [ -n "$ids" ]; then
    kx_log "removing the images this run made: $(echo "$ids" | wc -l)"
    # shellcheck disable=SC2086
    docker rmi -f $ids >/dev/null 2>&1 || true
  fi
}


# ---------------------------------------------------------------- swarm

# Prints the engine's swarm state and whether docker_gwbridge exists, e.g.
# "inactive no" (empty if no engine answers).
kx_swarm_state() {
  kx_engine_answers || return 0
  local gw=no
  docker network inspect docker_gwbridge >/dev/null 2>&1 && gw=yes
  printf '%s %s\n' "$(docker info --format '{{.Swarm.LocalNodeState}}')" "$gw"
}

# Leaves the swarm a test run made: the engine's swarm was inactive in BEFORE
# (a kx_swarm_state line) and its cluster was created at or after STARTED (Unix
# seconds). Then removes docker_gwbridge, which swarm leave keeps, if BEFORE says
# it was not there. A swarm that was there before the run is kept.
kx_leave_swarm_made_since() {
  local before=$1 started=$2 state created
  kx_engine_answers || return 0
  state=$(docker info --format '{{.Swarm.LocalNodeState}}')
  if [ "${before%% *}" = inactive ] && [ "$state" != inactive ]; then
    created=$(date -u -d "$(docker info --format '{{.Swarm.Cluster.CreatedAt}}' | cut -d' ' -f1-2)" +%s 2>/dev/null || echo 0)
    if [ "$created" -ge "$started" ]; then
      kx_log "leaving the swarm this run made"
      docker swarm leave --force >/dev/null 2>&1 || kx_log "WARNING: docker swarm leave --force failed"
    else
      kx_log "the engine is in a swarm made before this run; leaving it as it is"
    fi
  fi
  if [ "${before#* }" = no ] && [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" = inactive ] &&
     docker network inspect docker_gwbridge >/dev/null 2>&1; then
    docker network rm docker_gwbridge >/dev/null 2>&1 || kx_log "WARNING: could not remove docker_gwbridge"
  fi
}
