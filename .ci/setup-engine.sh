#!/usr/bin/env bash
# Makes this machine ready to run Docker Compose stacks offline. Idempotent:
# a rerun on a machine where everything is in place takes a few seconds.
#
#  - Debian packages: docker.io (engine 20.10), docker-compose (compose v1,
#    1.29), python3-paramiko (docker-py, so v1, refuses ssh:// without it, though
#    it runs the ssh client), debootstrap, openssh-server, iptables
#  - compose v2 and buildx as docker CLI plugins in /usr/local/lib/docker/
#    cli-plugins, taken from Debian trixie's docker-compose / docker-buildx
#    .debs (downloaded with an isolated apt state, cached in
#    /var/cache/konnaxion-ops/debs); `docker-compose` stays compose v1
#  - for the two-node Swarm tests (.ci/swarm-nodes.sh): docker-registry (its
#    binary only: the service its package would start is not started, we run
#    it ourselves) and iproute2; /etc/docker/daemon.json trusts the plain-HTTP
#    registry $KX_SWARM_REGISTRY ("insecure-registries"); a running engine that
#    does not trust it yet is told with SIGHUP (a reload, not a restart)
#  - dockerd, started in the background if no engine answers
#    (log /var/log/konnaxion-dockerd.log, marker /run/konnaxion-ops/started-dockerd)
#  - /tmp/CoreFxPipe_docker_engine -> /var/run/docker.sock (.NET named-pipe client)
#  - sshd on 127.0.0.1:2222 for root with the key /var/lib/konnaxion-ops/ssh/id_ed25519
#    (marker /run/konnaxion-ops/started-sshd), so that
#    ssh -i KEY -p 2222 root@127.0.0.1 docker system dial-stdio  reaches the engine
#
# Environment: KX_RUN_ID (written into the markers; .ci/run sets it),
# KX_DOCKERD_TIMEOUT (seconds to wait for the engine, default 90),
# KX_DOCKER_STORAGE_DRIVER (force a storage driver), KX_SKIP_SSHD=1.
set -euo pipefail
# shellcheck source=.ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

kx_require_root
start_time=$SECONDS
mkdir -p "$KX_CACHE_DIR" "$KX_STATE_DIR" "$KX_RUN_DIR"

# ---------------------------------------------------------------- swarm registry helpers
# The docker-registry package ships a SysV script and a systemd unit that run
# the registry on :5000 with the package's config; .ci/swarm-nodes.sh runs its
# own on $KX_SWARM_REGISTRY instead, so the packaged one is disabled and, if
# something started it anyway, stopped.
stop_packaged_registry() {
  if compgen -G '/etc/rc[2-5].d/S*docker-registry' >/dev/null; then
    update-rc.d docker-registry disable >/dev/null 2>&1 || true
    kx_log "disabled the docker-registry package's boot-time service"
  fi
  kx_stop_pidfile /var/run/docker-registry.pid docker-registry 10
}

# Adds $KX_SWARM_REGISTRY to "insecure-registries" of $KX_DOCKERD_CONFIG, keeping
# whatever else the file holds. Prints nothing; changes the file only when needed.
trust_swarm_registry() {
  mkdir -p "$(dirname "$KX_DOCKERD_CONFIG")"
  /usr/bin/python3 - "$KX_DOCKERD_CONFIG" "$KX_SWARM_REGISTRY" <<'PY'
import json, os, sys
path, registry = sys.argv[1], sys.argv[2]
config = {}
if os.path.exists(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    config = json.loads(text) if text.strip() else {}
trusted = config.setdefault("insecure-registries", [])
if registry not in trusted:
    trusted.append(registry)
    with open(path + ".new", "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    os.replace(path + ".new", path)
PY
}

# Prints the pid of the dockerd serving $KX_DOCKER_SOCK: ours from its pidfile,
# else the only dockerd that is not the swarm worker of .ci/swarm-nodes.sh.
main_dockerd_pid() {
  if kx_pid_alive "$KX_RUN_DIR/dockerd.pid" dockerd; then cat "$KX_RUN_DIR/dockerd.pid"; return 0; fi
  local pid found=()
  for pid in $(pgrep -x dockerd); do
    tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF "$KX_SWARM_WORKER_SOCK" || found+=("$pid")
  done
  [ "${#found[@]}" -eq 1 ] && printf '%s\n' "${found[0]}"
}

# dockerd rereads insecure-registries from its config file on SIGHUP, without
# stopping any container: a running engine (other sessions may be using it) is
# reloaded, never restarted.
engine_trusts_swarm_registry() {
  docker info --format '{{json .RegistryConfig.IndexConfigs}}' | grep -qF "\"$KX_SWARM_REGISTRY\""
}
reload_if_registry_untrusted() {
  local pid i
  engine_trusts_swarm_registry && return 0
  pid=$(main_dockerd_pid) || kx_die "the engine does not trust $KX_SWARM_REGISTRY and cannot tell which dockerd serves $KX_DOCKER_SOCK to reload it"
  kx_log "telling dockerd (pid $pid) to reload $KX_DOCKERD_CONFIG (SIGHUP) so that it trusts $KX_SWARM_REGISTRY"
  kill -HUP "$pid"
  for ((i = 0; i < 50; i++)); do engine_trusts_swarm_registry && return 0; sleep 0.2; done
  kx_die "dockerd did not pick up insecure-registries $KX_SWARM_REGISTRY from $KX_DOCKERD_CONFIG on SIGHUP; see $KX_DOCKERD_LOG"
}

# ---------------------------------------------------------------- packages
kx_apt_ensure docker.io docker-compose python3-paramiko debootstrap openssh-server openssh-client iptables \
  docker-registry iproute2
stop_packaged_registry

# ---------------------------------------------------------------- compose v2, buildx
kx_ensure_cli_plugin compose docker-compose trixie
kx_ensure_cli_plugin buildx docker-buildx trixie

# ---------------------------------------------------------------- engine
choose_storage_driver() {
  if [ -n "${KX_DOCKER_STORAGE_DRIVER:-}" ]; then echo "$KX_DOCKER_STORAGE_DRIVER"; return; fi
  # Keep whatever driver /var/lib/docker already uses.
  local d
  for d in overlay2 fuse-overlayfs vfs; do
    if [ -d "/var/lib/docker/$d" ] && [ -n "$(ls -A "/var/lib/docker/$d" 2>/dev/null)" ]; then
      echo "$d"; return
    fi
  done
  # Otherwise overlay2 if an overlay mount works on the filesystem of /var/lib.
  local probe ok=0
  probe=$(mktemp -d -p /var/lib .kx-overlay-probe.XXXXXX)
  mkdir -p "$probe/l" "$probe/u" "$probe/w" "$probe/m"
  if mount -t overlay overlay -o "lowerdir=$probe/l,upperdir=$probe/u,workdir=$probe/w" "$probe/m" 2>/dev/null; then
    ok=1; umount "$probe/m"
  fi
  rm -rf "$probe"
  if [ "$ok" -eq 1 ]; then echo overlay2
  elif command -v fuse-overlayfs >/dev/null && [ -e /dev/fuse ]; then echo fuse-overlayfs
  else echo vfs
  fi
}

# Prints extra dockerd flags for the firewall: iptables (nft backend) is used
# when it works; else the legacy backend; else dockerd runs with
# --iptables=false (containers on one bridge still reach each other).
choose_iptables_flags() {
  if iptables -t nat -L -n >/dev/null 2>&1 && iptables -t filter -L -n >/dev/null 2>&1; then
    return
  fi
  if command -v iptables-legacy >/dev/null && iptables-legacy -t nat -L -n >/dev/null 2>&1; then
    kx_log "iptables (nft) does not work here; switching the iptables alternative to legacy"
    update-alternatives --set iptables /usr/sbin/iptables-legacy >/dev/null
    update-alternatives --set ip6tables /usr/sbin/ip6tables-legacy >/dev/null 2>&1 || true
    return
  fi
  kx_log "WARNING: no working iptables; starting dockerd with --iptables=false"
  echo --iptables=false
}

start_dockerd() {
  local pidfile=$KX_RUN_DIR/dockerd.pid timeout=${KX_DOCKERD_TIMEOUT:-90} launched=""
  if pgrep -x dockerd >/dev/null; then
    kx_log "a dockerd is running but does not answer yet; waiting for it"
  else
    local driver flags=()
    driver=$(choose_storage_driver)
    read -r -a flags < <(choose_iptables_flags; echo)
    rm -f "$pidfile"
    kx_log "starting dockerd (storage driver $driver${flags[*]:+, ${flags[*]}}); log $KX_DOCKERD_LOG"
    printf '\n==== %s dockerd start (run %s) ====\n' "$(date -Is)" "$(kx_run_id)" >> "$KX_DOCKERD_LOG"
    # Detached (own session, not our child); $! is dockerd itself.
    launched=$(setsid dockerd --pidfile "$pidfile" --storage-driver "$driver" "${flags[@]}" \
      >> "$KX_DOCKERD_LOG" 2>&1 < /dev/null & echo $!)
    kx_run_id > "$KX_RUN_DIR/started-dockerd"
  fi
  local deadline=$((SECONDS + timeout))
  until kx_engine_answers; do
    if [ -n "$launched" ] && ! kx_proc_running "$launched"; then
      tail -n 30 "$KX_DOCKERD_LOG" >&2 || true
      kx_die "dockerd exited during start-up; see $KX_DOCKERD_LOG"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 30 "$KX_DOCKERD_LOG" >&2 || true
      kx_die "docker engine did not answer 'docker info' within ${timeout}s; see $KX_DOCKERD_LOG"
    fi
    sleep 0.5
  done
  kx_log "docker engine is up"
}

trust_swarm_registry
if kx_engine_answers; then
  kx_log "docker engine already answers"
  reload_if_registry_untrusted
else
  start_dockerd
fi

# The client on PATH (may be newer than the engine) must negotiate down.
versions=$(docker version --format '{{.Client.Version}} {{.Client.APIVersion}} {{.Server.Version}} {{.Server.APIVersion}}') ||
  kx_die "'docker version' fails against the engine (client/engine API mismatch? DOCKER_API_VERSION=${DOCKER_API_VERSION:-unset})"
read -r cli_v cli_api srv_v srv_api <<< "$versions"
kx_log "docker client $cli_v ($(command -v docker)), engine $srv_v, API $cli_api (engine max $srv_api)"
driver=$(docker info --format '{{.Driver}}')

v2=$(docker compose version --short 2>/dev/null) || kx_die "'docker compose' (v2 plugin) does not work"
case "$v2" in v2.* | 2.*) ;; *) kx_die "'docker compose version' is $v2, expected v2" ;; esac
v1=$(docker-compose version --short 2>/dev/null) || kx_die "'docker-compose' (v1) does not work"
case "$v1" in 1.*) ;; *) kx_die "'docker-compose version' is $v1, expected 1.x" ;; esac
bx=$(docker buildx version 2>/dev/null | awk '{print $2}') || kx_die "'docker buildx' does not work"
kx_log "compose v2 $v2, compose v1 $v1, buildx $bx, storage driver $driver"

# ---------------------------------------------------------------- .NET named pipe
# .NET maps the named pipe "docker_engine" to $TMPDIR/CoreFxPipe_docker_engine
# (Path.GetTempPath(), /tmp by default).
for tmpd in /tmp ${TMPDIR:+"${TMPDIR%/}"}; do
  link=$tmpd/CoreFxPipe_docker_engine
  if [ "$(readlink "$link" 2>/dev/null || true)" != "$KX_DOCKER_SOCK" ]; then
    ln -sfn "$KX_DOCKER_SOCK" "$link"
    kx_log "linked $link -> $KX_DOCKER_SOCK"
  fi
done

# ---------------------------------------------------------------- sshd on 127.0.0.1:2222
setup_sshd() {
  local dir=$KX_SSH_DIR pidfile=$KX_RUN_DIR/sshd.pid
  mkdir -p "$dir"; chmod 0700 "$dir"
  [ -f "$dir/ssh_host_ed25519_key" ] ||
    ssh-keygen -q -t ed25519 -N '' -C konnaxion-ops-sshd-host -f "$dir/ssh_host_ed25519_key"
  [ -f "$dir/id_ed25519" ] ||
    ssh-keygen -q -t ed25519 -N '' -C konnaxion-ops-ci-root -f "$dir/id_ed25519"
  install -m 0600 "$dir/id_ed25519.pub" "$dir/authorized_keys"
  printf '[127.0.0.1]:%s %s\n' "$KX_SSH_PORT" "$(cut -d' ' -f1-2 "$dir/ssh_host_ed25519_key.pub")" > "$dir/known_hosts"
  cat > "$dir/sshd_config.new" <<EOF
# Written by .ci/setup-engine.sh: root login by key only, loopback only.
Port $KX_SSH_PORT
ListenAddress 127.0.0.1
HostKey $dir/ssh_host_ed25519_key
PidFile $pidfile
AuthorizedKeysFile $dir/authorized_keys
AllowUsers root
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PrintMotd no
X11Forwarding no
Subsystem sftp internal-sftp
EOF
  mv -f "$dir/sshd_config.new" "$dir/sshd_config"
  mkdir -p /run/sshd; chmod 0755 /run/sshd
  if ! kx_pid_alive "$pidfile" sshd; then
    /usr/sbin/sshd -t -f "$dir/sshd_config" || kx_die "sshd config $dir/sshd_config is invalid"
    kx_log "starting sshd on 127.0.0.1:$KX_SSH_PORT; log $KX_SSHD_LOG"
    /usr/sbin/sshd -f "$dir/sshd_config" -E "$KX_SSHD_LOG" || kx_die "sshd failed to start; see $KX_SSHD_LOG"
    kx_run_id > "$KX_RUN_DIR/started-sshd"
  fi
  local i
  for ((i = 0; i < 50; i++)); do
    if ssh -i "$dir/id_ed25519" -p "$KX_SSH_PORT" -o BatchMode=yes -o ConnectTimeout=5 \
         -o UserKnownHostsFile="$dir/known_hosts" -o StrictHostKeyChecking=yes \
         root@127.0.0.1 true < /dev/null 2>/dev/null; then
      kx_log "sshd answers on 127.0.0.1:$KX_SSH_PORT (key $dir/id_ed25519)"
      return 0
    fi
    sleep 0.2
  done
  tail -n 20 "$KX_SSHD_LOG" >&2 || true
  kx_die "cannot log in to sshd on 127.0.0.1:$KX_SSH_PORT; see $KX_SSHD_LOG"
}
if [ "${KX_SKIP_SSHD:-0}" != 1 ]; then setup_sshd; fi

kx_log "setup-engine done in $((SECONDS - start_time))s"
