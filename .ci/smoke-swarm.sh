#!/usr/bin/env bash
# Smoke test of the two-node swarm of .ci/swarm-nodes.sh, with the plain docker
# CLI (brings the nodes up itself, and down again, when they were not up):
#  1. the probe image pushed from the main engine to the registry is pulled and
#     run by the worker (which has no image of its own);
#  2. an overlay network spans both nodes: a service of 2 replicas, at most 1
#     a node, has a task on each node, and each task reaches the other one over
#     the overlay by task IP; the service name (endpoint_mode dnsrr) resolves
#     to both;
#  3. a replicated-job runs exactly one task, to completion (exit 0), on the
#     manager, and reaches by service name a service whose task is on the worker;
#  4. a service VIP (endpoint_mode vip) is checked too and reported, not
#     required: this kernel has no IPVS, so VIPs and the ingress routing mesh
#     do not work (see the message it prints).
# Everything it creates (services, network, registry tag) is removed again.
set -euo pipefail
# shellcheck source=.ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
here=$(dirname "${BASH_SOURCE[0]}")

kx_require_root
started=0
if ! bash "$here/swarm-nodes.sh" status >/dev/null 2>&1; then
  bash "$here/swarm-nodes.sh" up
  started=1
fi
worker() { DOCKER_HOST=unix://$KX_SWARM_WORKER_SOCK docker "$@"; }
image=$KX_SWARM_REGISTRY/kxswarm-smoke/probe:$$
net=kxswarm-smoke-$$
web=kxswarm-smoke-web-$$
vip=kxswarm-smoke-vip-$$
job=kxswarm-smoke-job-$$
far=kxswarm-smoke-far-$$
cleanup() {
  set +e
  docker service rm "$web" "$far" "$vip" "$job" >/dev/null 2>&1
  # Engine 20.10 keeps a job's task container after the job is removed.
  docker ps -aq --filter "label=com.docker.swarm.service.name=$job" | xargs -r docker rm -f >/dev/null 2>&1
  worker ps -aq --filter "label=com.docker.swarm.service.name=$job" | xargs -r env DOCKER_HOST="unix://$KX_SWARM_WORKER_SOCK" docker rm -f >/dev/null 2>&1
  # A network is removable once the tasks' containers on both nodes are gone.
  for _ in $(seq 1 150); do docker network rm "$net" >/dev/null 2>&1 && break; sleep 0.2; done
  docker rmi "$image" >/dev/null 2>&1
  worker rmi "$image" >/dev/null 2>&1
  [ "$started" -eq 1 ] && bash "$here/swarm-nodes.sh" down
}
trap cleanup EXIT
fail() { kx_die "smoke-swarm: $*"; }

# Waits until service $1 has $2 running tasks; prints nothing.
wait_running() {
  local i
  for ((i = 0; i < 150; i++)); do
    [ "$(docker service ps -q --filter desired-state=running "$1" | xargs -r docker inspect --format '{{.Status.State}}' | grep -c '^running$')" -ge "$2" ] && return 0
    sleep 0.2
  done
  docker service ps --no-trunc "$1" >&2
  fail "service $1 did not get $2 running tasks"
}
# Prints the container id of service $1's task on the engine of docker function $2.
task_container() { "$2" ps -q --filter "label=com.docker.swarm.service.name=$1" | head -n 1; }
http_get() { printf 'GET /index.html HTTP/1.0\r\n\r\n' | nc -w 5 "$1" 8080 | tail -n 1; }
serve_hostname='hostname > /tmp/index.html; exec httpd -f -p 8080 -h /tmp'

docker tag "$KX_SWARM_PROBE_IMAGE" "$image"
docker push -q "$image" >/dev/null
worker image inspect "$image" >/dev/null 2>&1 && fail "the worker has $image before any pull"
docker network create -d overlay "$net" >/dev/null

# 2 replicas, at most one a node: one task on each node.
docker service create -q --detach --name "$web" --network "$net" --endpoint-mode dnsrr \
  --replicas 2 --replicas-max-per-node 1 "$image" sh -c "$serve_hostname" >/dev/null
wait_running "$web" 2
nodes=$(docker service ps -q --filter desired-state=running "$web" | xargs docker inspect --format '{{.NodeID}}' | sort -u | wc -l)
[ "$nodes" -eq 2 ] || fail "the 2 tasks of $web are on $nodes node(s), expected 2"
on_main=$(task_container "$web" docker); on_worker=$(task_container "$web" worker)
[ -n "$on_main" ] && [ -n "$on_worker" ] || fail "no task container of $web on one of the nodes"
kx_log "1. the worker pulled $image from the registry and runs it"
worker_ip=$(worker inspect --format "{{(index .NetworkSettings.Networks \"$net\").IPAddress}}" "$on_worker")
main_ip=$(docker inspect --format "{{(index .NetworkSettings.Networks \"$net\").IPAddress}}" "$on_main")
[ "$(docker exec "$on_main" sh -c "$(declare -f http_get); http_get $worker_ip")" = "${on_worker:0:12}" ] ||
  fail "the task on the main engine cannot reach the worker's task at $worker_ip over the overlay"
[ "$(worker exec "$on_worker" sh -c "$(declare -f http_get); http_get $main_ip")" = "${on_main:0:12}" ] ||
  fail "the task on the worker cannot reach the main engine's task at $main_ip over the overlay"
[ "$(docker exec "$on_main" nslookup "$web" 127.0.0.11 | grep -c '^Address: ')" -eq 2 ] ||
  fail "the service name $web (dnsrr) does not resolve to its 2 tasks"
kx_log "2. overlay $net spans both nodes: tasks reach each other by IP ($main_ip <-> $worker_ip); the name resolves to both"

# By service name across nodes: a job on the manager asks a service whose one task is on the worker.
# (Not between the replicas of $web: a task resolving $web gets both addresses and
# getaddrinfo's longest-prefix rule makes it always pick its own.)
docker service create -q --detach --name "$far" --network "$net" --endpoint-mode dnsrr \
  --constraint node.role==worker "$image" sh -c "$serve_hostname" >/dev/null
wait_running "$far" 1
far_container=$(task_container "$far" worker)
docker service create -q --detach --name "$job" --mode replicated-job --restart-condition none \
  --network "$net" --constraint node.role==manager "$image" sh -c "$(declare -f http_get); http_get $far" >/dev/null
for ((i = 0; i < 150; i++)); do
  states=$(docker service ps -q "$job" | xargs -r docker inspect --format '{{.Status.State}}')
  case "$states" in complete | failed | rejected) break ;; esac
  sleep 0.2
done
[ "$(printf '%s\n' "$states" | grep -c .)" -eq 1 ] || fail "job $job ran $(printf '%s\n' "$states" | grep -c .) tasks, expected 1"
[ "$states" = complete ] || fail "job $job ended '$states': $(docker service ps --no-trunc "$job")"
said=$(docker service logs --raw "$job" 2>/dev/null | tr -d '\r' | tail -n 1)
[ "$said" = "${far_container:0:12}" ] ||
  fail "the job on the manager got '$said' from $far by name, expected the worker's task ${far_container:0:12}"
kx_log "3. replicated-job $job ran exactly one task, to completion, on the manager, and reached $far on the worker by service name"

docker service create -q --detach --name "$vip" --network "$net" "$image" sh -c "$serve_hostname" >/dev/null
wait_running "$vip" 1
if out=$(docker exec "$on_main" sh -c "printf 'GET / HTTP/1.0\r\n\r\n' | nc -w 5 $vip 8080" 2>&1); then
  kx_log "4. a service VIP works on this kernel"
else
  kx_log "4. a service VIP does not work here (no IPVS in the kernel: $(ls /proc/net/ip_vs 2>&1 | head -n 1)): $out"
fi
kx_log "smoke-swarm passed"
