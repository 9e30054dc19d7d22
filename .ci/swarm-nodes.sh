#!/usr/bin/env bash
# A two-node Docker Swarm on this one machine, for the engine tests of the
# Swarm target:
#
#   .ci/swarm-nodes.sh up      build it (idempotent: what is up stays up)
#   .ci/swarm-nodes.sh down    undo exactly what `up` did; safe to run twice,
#                              and when nothing is up
#   .ci/swarm-nodes.sh down --if-run ID
#                              the same, only if `up` ran with KX_RUN_ID=ID
#                              (.ci/run's teardown: nodes someone brought up
#                              before the run are kept)
#   .ci/swarm-nodes.sh status  print what is up, one line each (exit 1 if not all)
#
# What `up` builds (every piece recorded in $KX_RUN_DIR/swarm/, so that `down`
# removes only what `up` made):
#  - network namespace kxswarm-worker, joined to the host by the veth pair
#    kxswarm-h (host, 10.213.0.1/24) / kxswarm-w (namespace, 10.213.0.2/24);
#  - the image konnaxion-ops/swarm-probe:busybox on the main engine (busybox-
#    static, 2 MB, made with docker import), for tests of the swarm itself;
#  - a registry (Debian's docker-registry, plain HTTP) on 10.213.0.1:5000,
#    storage under /var/lib/konnaxion-ops/swarm/registry;
#  - a second dockerd inside the namespace: the worker, on
#    unix:///run/konnaxion-ops/swarm-worker.sock, with its own data-root,
#    exec-root, pidfile, config file and containerd, the main engine's storage
#    driver, and the registry trusted (--insecure-registry);
#  - the main engine (/var/run/docker.sock) as swarm manager advertising
#    10.213.0.1 (`docker swarm init`, only when its swarm is inactive: an
#    engine already in a swarm is used as it is if it is a manager the worker
#    can reach), and the worker joined to it.
# The main engine must trust the registry too: .ci/setup-engine.sh puts it in
# /etc/docker/daemon.json. The worker has no image of its own: images reach it
# only by a push to the registry from the main engine and a pull by the worker.
#
# No iptables rule is added on the host: swarm (2377/tcp, 7946/tcp+udp) and
# VXLAN (4789/udp) between the two nodes go to the host's own address on the
# veth (INPUT), which this script checks is accepted.
#
# Environment: KX_SWARM_TIMEOUT (seconds to wait for each daemon, default 60).
# Logs: /var/log/konnaxion-swarm-worker.log, /var/log/konnaxion-swarm-registry.log.
set -euo pipefail
# shellcheck source=.ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NETNS=kxswarm-worker
VETH_HOST=kxswarm-h
VETH_WORKER=kxswarm-w
STATE=$KX_RUN_DIR/swarm                 # markers and pidfiles: what up made
DATA=$KX_STATE_DIR/swarm                # worker data-root, registry storage
WORKER_EXEC_ROOT=$STATE/worker-exec
WORKER_DATA_ROOT=$DATA/worker
WORKER_PIDFILE=$STATE/worker-dockerd.pid
WORKER_LOG=/var/log/konnaxion-swarm-worker.log
REGISTRY_DIR=$DATA/registry
REGISTRY_PIDFILE=$STATE/registry.pid
REGISTRY_LOG=/var/log/konnaxion-swarm-registry.log
TIMEOUT=${KX_SWARM_TIMEOUT:-60}

worker() { DOCKER_HOST=unix://$KX_SWARM_WORKER_SOCK docker "$@"; }
worker_answers() { timeout 15 env DOCKER_HOST="unix://$KX_SWARM_WORKER_SOCK" docker info >/dev/null 2>&1; }
registry_answers() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://$KX_SWARM_REGISTRY/v2/" 2>/dev/null)" = 200 ]
}
swarm_state() { docker info --format '{{.Swarm.LocalNodeState}}'; }
mark() { mkdir -p "$STATE"; printf '%s\n' "${2:-$(kx_run_id)}" > "$STATE/$1"; }
marked() { [ -f "$STATE/$1" ]; }

# Waits up to $TIMEOUT s for command "$@"; on timeout prints the tail of LOG and dies with MESSAGE.
wait_for() {
  local what=$1 log=$2 deadline=$((SECONDS + TIMEOUT)); shift 2
  until "$@"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      [ -f "$log" ] && tail -n 30 "$log" >&2
      kx_die "$what did not come up within ${TIMEOUT}s; see $log"
    fi
    sleep 0.3
  done
}

# ---------------------------------------------------------------- up

up_network() {
  if ! ip netns list | awk '{print $1}' | grep -qx "$NETNS"; then
    ip netns add "$NETNS"
    mark netns
    kx_log "created network namespace $NETNS"
  fi
  if ! ip link show "$VETH_HOST" >/dev/null 2>&1; then
    ip link add "$VETH_HOST" type veth peer name "$VETH_WORKER" netns "$NETNS"
    mark veth
    ip addr add "$KX_SWARM_MANAGER_ADDR/24" dev "$VETH_HOST"
    ip link set "$VETH_HOST" up
    ip -n "$NETNS" addr add "$KX_SWARM_WORKER_ADDR/24" dev "$VETH_WORKER"
    ip -n "$NETNS" link set lo up
    ip -n "$NETNS" link set "$VETH_WORKER" up
    ip -n "$NETNS" route add default via "$KX_SWARM_MANAGER_ADDR"
    kx_log "veth $VETH_HOST ($KX_SWARM_MANAGER_ADDR) <-> $NETNS:$VETH_WORKER ($KX_SWARM_WORKER_ADDR)"
  fi
  local policy
  policy=$(iptables -S INPUT 2>/dev/null | awk '$1 == "-P" {print $3}')
  [ "${policy:-ACCEPT}" = ACCEPT ] ||
    kx_log "WARNING: the host's INPUT policy is $policy: swarm traffic from $KX_SWARM_WORKER_ADDR may be dropped"
}

up_registry() {
  kx_pid_alive "$REGISTRY_PIDFILE" docker-registry && return 0
  ip netns exec "$NETNS" true || kx_die "cannot enter the network namespace $NETNS"
  registry_answers && kx_die "something else already answers on $KX_SWARM_REGISTRY"
  mkdir -p "$REGISTRY_DIR/storage" "$STATE"
  cat > "$REGISTRY_DIR/config.yml" <<EOF
# Written by .ci/swarm-nodes.sh: plain HTTP on the veth only, no auth.
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $REGISTRY_DIR/storage
  delete:
    enabled: true
http:
  addr: $KX_SWARM_REGISTRY
EOF
  printf '\n==== %s registry start (run %s) ====\n' "$(date -Is)" "$(kx_run_id)" >> "$REGISTRY_LOG"
  setsid /usr/bin/docker-registry serve "$REGISTRY_DIR/config.yml" >> "$REGISTRY_LOG" 2>&1 < /dev/null &
  echo $! > "$REGISTRY_PIDFILE"
  mark registry
  wait_for "the registry on $KX_SWARM_REGISTRY" "$REGISTRY_LOG" registry_answers
  # Also the reachability of the host from the namespace over the veth.
  ip netns exec "$NETNS" curl -fsS -o /dev/null --max-time 5 "http://$KX_SWARM_REGISTRY/v2/" ||
    kx_die "the namespace $NETNS cannot reach the registry on $KX_SWARM_REGISTRY over the veth"
  kx_log "registry answers on http://$KX_SWARM_REGISTRY, also from $NETNS (storage $REGISTRY_DIR/storage)"
}

up_worker() {
  local launched=""
  if ! kx_pid_alive "$WORKER_PIDFILE" dockerd; then
    local driver
    driver=$(docker info --format '{{.Driver}}')
    mkdir -p "$WORKER_DATA_ROOT" "$WORKER_EXEC_ROOT" "$(dirname "$KX_SWARM_WORKER_SOCK")"
    # Its own config file: /etc/docker/daemon.json is the main engine's.
    echo '{}' > "$DATA/worker-daemon.json"
    rm -f "$KX_SWARM_WORKER_SOCK"
    printf '\n==== %s worker dockerd start (run %s) ====\n' "$(date -Is)" "$(kx_run_id)" >> "$WORKER_LOG"
    # Only the network namespace is entered (nsenter --net): `ip netns exec`
    # would also remount /sys, hiding the cgroup mounts that dockerd needs
    # ("failed to start daemon: Devices cgroup isn't mounted"). So the worker's
    # mounts live in the host's mount namespace, under its own data-root and
    # exec-root, like the main engine's; `down` unmounts any it leaves.
    setsid nsenter --net="/run/netns/$NETNS" -- dockerd \
      --config-file "$DATA/worker-daemon.json" \
      --data-root "$WORKER_DATA_ROOT" --exec-root "$WORKER_EXEC_ROOT" --pidfile "$WORKER_PIDFILE" \
      -H "unix://$KX_SWARM_WORKER_SOCK" --storage-driver "$driver" \
      --containerd-namespace kxswarm-worker --containerd-plugins-namespace kxswarm-worker-plugins \
      --insecure-registry "$KX_SWARM_REGISTRY" \
      >> "$WORKER_LOG" 2>&1 < /dev/null &
    launched=$!
    mark worker
    kx_log "starting the worker dockerd in $NETNS (storage driver $driver); log $WORKER_LOG"
  fi
  wait_for "the worker dockerd on $KX_SWARM_WORKER_SOCK" "$WORKER_LOG" worker_started "$launched"
}

# True when the worker answers; dies when the dockerd launched as pid $1 has exited.
worker_started() {
  worker_answers && return 0
  if [ -n "$1" ] && ! kx_proc_running "$1"; then
    tail -n 20 "$WORKER_LOG" >&2
    kx_die "the worker dockerd exited during start-up; see $WORKER_LOG"
  fi
  return 1
}

up_swarm() {
  local state addr
  state=$(swarm_state)
  if [ "$state" = inactive ]; then
    docker network inspect docker_gwbridge >/dev/null 2>&1 || mark gwbridge
    docker swarm init --advertise-addr "$KX_SWARM_MANAGER_ADDR" --listen-addr "$KX_SWARM_MANAGER_ADDR:2377" >/dev/null
    mark swarm-init
    kx_log "the main engine is now a swarm manager advertising $KX_SWARM_MANAGER_ADDR (swarm init by this script)"
  elif [ "$state" != active ] || [ "$(docker info --format '{{.Swarm.ControlAvailable}}')" != true ]; then
    kx_die "the main engine's swarm is '$state' and it is not a manager: leave it alone or make it a manager first"
  fi
  addr=$(docker info --format '{{range .Swarm.RemoteManagers}}{{.Addr}} {{end}}' | awk '{print $1}')
  case "$addr" in
    "$KX_SWARM_MANAGER_ADDR":*) ;;
    *) kx_die "the main engine is already in a swarm whose manager address is $addr, which the worker at $KX_SWARM_WORKER_ADDR cannot reach; run 'docker swarm leave --force' only if that swarm is yours" ;;
  esac
  if [ "$(worker info --format '{{.Swarm.LocalNodeState}}')" != active ]; then
    worker swarm join --token "$(docker swarm join-token -q worker)" \
      --advertise-addr "$KX_SWARM_WORKER_ADDR" --listen-addr "$KX_SWARM_WORKER_ADDR:2377" "$addr" >/dev/null
    mark worker-node "$(worker info --format '{{.Swarm.NodeID}}')"
    kx_log "the worker joined the swarm as node $(cat "$STATE/worker-node")"
  fi
  wait_for "two Ready nodes" "$WORKER_LOG" two_nodes_ready
}

two_nodes_ready() {
  local id
  id=$(worker info --format '{{.Swarm.NodeID}}')
  [ -n "$id" ] &&
    [ "$(docker node inspect --format '{{.Status.State}}' "$id" 2>/dev/null)" = ready ] &&
    [ "$(docker node inspect --format '{{.Status.State}}' self 2>/dev/null)" = ready ]
}

# A 2 MB image of busybox-static (sh, nc, httpd, wget, nslookup...), made with
# docker import from Debian's .deb: small enough to push and pull in a second,
# unlike the 500 MB base image, for tests of the swarm itself.
up_probe_image() {
  docker image inspect "$KX_SWARM_PROBE_IMAGE" >/dev/null 2>&1 && return 0
  local deb root
  deb=$(kx_fetch_suite_deb busybox-static "$(kx_codename)")
  root=$(mktemp -d)
  dpkg -x "$deb" "$root/pkg"
  mkdir -p "$root/fs/bin" "$root/fs/etc" "$root/fs/tmp" "$root/fs/proc" "$root/fs/sys" "$root/fs/dev"
  install -m 0755 "$root/pkg/bin/busybox" "$root/fs/bin/busybox"
  "$root/fs/bin/busybox" --list | while read -r applet; do
    [ "$applet" = busybox ] || ln -s busybox "$root/fs/bin/$applet"
  done
  tar -C "$root/fs" -c . | docker import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' - "$KX_SWARM_PROBE_IMAGE" >/dev/null
  rm -rf "$root"
  mark probe-image
  kx_log "made the probe image $KX_SWARM_PROBE_IMAGE from $(basename "$deb")"
}

cmd_up() {
  local t0=$SECONDS
  kx_engine_answers || kx_die "the main engine does not answer: run .ci/setup-engine.sh first"
  [ -x /usr/bin/docker-registry ] || kx_die "/usr/bin/docker-registry missing: run .ci/setup-engine.sh first"
  docker info --format '{{json .RegistryConfig.IndexConfigs}}' | grep -qF "\"$KX_SWARM_REGISTRY\"" ||
    kx_die "the main engine does not trust the registry $KX_SWARM_REGISTRY: run .ci/setup-engine.sh first"
  up_probe_image
  up_network
  up_registry
  up_worker
  up_swarm
  kx_log "swarm nodes up in $((SECONDS - t0))s: manager /var/run/docker.sock ($KX_SWARM_MANAGER_ADDR), worker DOCKER_HOST=unix://$KX_SWARM_WORKER_SOCK ($KX_SWARM_WORKER_ADDR), registry $KX_SWARM_REGISTRY"
}

# ---------------------------------------------------------------- down

down_swarm() {
  if marked worker-node; then
    local node
    node=$(cat "$STATE/worker-node")
    if worker_answers && [ "$(worker info --format '{{.Swarm.LocalNodeState}}')" != inactive ]; then
      worker swarm leave --force >/dev/null 2>&1 || kx_log "WARNING: the worker could not leave the swarm"
    fi
    # A manager keeps a node that left as Down until it is removed.
    if ! marked swarm-init && [ -n "$node" ] && docker node inspect "$node" >/dev/null 2>&1; then
      docker node rm --force "$node" >/dev/null 2>&1 || kx_log "WARNING: could not remove node $node from the swarm"
    fi
    rm -f "$STATE/worker-node"
  fi
  if marked swarm-init; then
    if [ "$(swarm_state)" != inactive ]; then
      docker swarm leave --force >/dev/null || kx_log "WARNING: the main engine could not leave the swarm"
      kx_log "the main engine left the swarm this script had created"
    fi
    rm -f "$STATE/swarm-init"
  fi
  # swarm leave keeps docker_gwbridge; it is ours if it was not there before up.
  if marked gwbridge; then
    if docker network inspect docker_gwbridge >/dev/null 2>&1 && [ "$(swarm_state)" = inactive ]; then
      docker network rm docker_gwbridge >/dev/null 2>&1 || kx_log "WARNING: could not remove docker_gwbridge (containers still on it?)"
    fi
    rm -f "$STATE/gwbridge"
  fi
}

down_daemons() {
  if marked worker; then
    kx_stop_pidfile "$WORKER_PIDFILE" dockerd 30
    # The worker's managed containerd and shims die with it; wait for any straggler.
    local pid i
    for ((i = 0; i < 50; i++)); do
      pid=$(pgrep -f -- "$WORKER_EXEC_ROOT/" | head -n 1) || break
      [ "$i" -eq 49 ] && { kx_log "killing leftover worker process $pid"; kill -KILL "$pid" 2>/dev/null || true; }
      sleep 0.2
    done
    # Mounts a killed dockerd did not undo (container layers, netns files).
    local target
    for target in $(findmnt -rn -o TARGET | grep -E "^($WORKER_DATA_ROOT|$WORKER_EXEC_ROOT)(/|\$)" | sort -r || true); do
      umount -l "$target" 2>/dev/null || kx_log "WARNING: cannot unmount $target"
    done
    rm -f "$KX_SWARM_WORKER_SOCK" "$STATE/worker"
  fi
  if marked registry; then
    kx_stop_pidfile "$REGISTRY_PIDFILE" docker-registry 10
    rm -f "$STATE/registry"
  fi
}

down_network() {
  if marked veth; then
    ip link del "$VETH_HOST" 2>/dev/null || true
    rm -f "$STATE/veth"
  fi
  if marked netns; then
    ip netns del "$NETNS" 2>/dev/null || true
    rm -f "$STATE/netns"
  fi
}

cmd_down() {
  local t0=$SECONDS
  [ -d "$STATE" ] || { kx_log "swarm nodes: nothing is up"; return 0; }
  if [ "${1:-}" = --if-run ] && ! grep -qxF -- "$2" "$STATE"/* 2>/dev/null; then
    kx_log "swarm nodes were brought up by another run ($(cat "$STATE/netns" 2>/dev/null || echo unknown)); leaving them up"
    return 0
  fi
  if kx_engine_answers; then
    down_swarm
    if marked probe-image; then
      docker rmi "$KX_SWARM_PROBE_IMAGE" >/dev/null 2>&1 || kx_log "WARNING: could not remove $KX_SWARM_PROBE_IMAGE (in use?)"
      rm -f "$STATE/probe-image"
    fi
  fi
  down_daemons
  down_network
  rm -rf "$WORKER_DATA_ROOT" "$REGISTRY_DIR" "$DATA/worker-daemon.json" "$WORKER_EXEC_ROOT"
  rmdir "$DATA" 2>/dev/null || true
  rm -f "$WORKER_PIDFILE" "$REGISTRY_PIDFILE"
  rmdir "$STATE" 2>/dev/null || kx_log "WARNING: $STATE still holds: $(ls -A "$STATE")"
  kx_log "swarm nodes down in $((SECONDS - t0))s"
}

cmd_status() {
  local ok=0
  ip netns list | awk '{print $1}' | grep -qx "$NETNS" && echo "netns $NETNS: present" || { echo "netns $NETNS: absent"; ok=1; }
  registry_answers && echo "registry $KX_SWARM_REGISTRY: answers" || { echo "registry $KX_SWARM_REGISTRY: down"; ok=1; }
  worker_answers && echo "worker unix://$KX_SWARM_WORKER_SOCK: answers" || { echo "worker unix://$KX_SWARM_WORKER_SOCK: down"; ok=1; }
  echo "main engine swarm: $(swarm_state)"
  two_nodes_ready 2>/dev/null && echo "nodes: 2 ready" || { echo "nodes: not 2 ready"; ok=1; }
  return "$ok"
}

kx_require_root
case "${1:-}" in
  up) cmd_up ;;
  down) shift; cmd_down "$@" ;;
  status) cmd_status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
