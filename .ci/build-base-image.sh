#!/usr/bin/env bash
# Builds the offline base image konnaxion-ops/base:bookworm (Debian bookworm
# minbase with Django, psycopg2, PostgreSQL 15 server and client, gunicorn)
# with debootstrap from this machine's own Debian mirror, and imports it into
# the engine. No container registry is needed.
#
#  - skipped entirely when the image already exists in the engine
#    (KX_REBUILD_BASE=1 forces a rebuild);
#  - the rootfs tarball is cached in /var/cache/konnaxion-ops/, keyed by the
#    suite, mirror and package list, so a rerun on the same machine skips
#    debootstrap;
#  - the image is checked: Django and psycopg2 import, postgres 15 is there.
# Needs the engine running (.ci/setup-engine.sh).
set -euo pipefail
# shellcheck source=.ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

kx_require_root
IMAGE=${KX_BASE_IMAGE:-$KX_BASE_IMAGE_DEFAULT}
SUITE=bookworm
INCLUDE=python3-django,python3-psycopg2,python-is-python3,postgresql,postgresql-client,gunicorn,ca-certificates
IMAGE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/15/bin
start_time=$SECONDS

command -v debootstrap >/dev/null || kx_die "debootstrap missing: run .ci/setup-engine.sh first"
kx_engine_answers || kx_die "docker engine does not answer: run .ci/setup-engine.sh first"

check_image() {
  local out
  out=$(docker run --rm --network none "$IMAGE" sh -c '
      set -e
      python -c "import django, psycopg2; print(django.get_version())"
      test -x /usr/lib/postgresql/15/bin/postgres
      command -v gunicorn >/dev/null
      command -v pg_isready >/dev/null') || return 1
  kx_log "image $IMAGE ok: Django $out, postgres 15, gunicorn, pg_isready"
}

if [ "${KX_REBUILD_BASE:-0}" != 1 ] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  kx_log "base image $IMAGE already exists; skipping build"
  exit 0
fi

read -r MIRROR KEYRING < <(kx_debian_source)
key=$(printf '%s\n' "$SUITE" "$MIRROR" "$INCLUDE" "minbase" "clean-v1" | sha256sum | cut -c1-12)
TARBALL=$KX_CACHE_DIR/base-$SUITE-rootfs-$key.tar
mkdir -p "$KX_CACHE_DIR"

if [ -s "$TARBALL" ]; then
  kx_log "using cached rootfs $TARBALL"
else
  work=$(mktemp -d -p "$KX_CACHE_DIR" rootfs-build.XXXXXX)
  rootfs=$work/rootfs
  cleanup() {
    # debootstrap may leave /proc or /sys mounted in the target on failure.
    awk -v r="$rootfs" 'index($2, r) == 1 {print $2}' /proc/mounts | sort -r |
      while read -r m; do umount -l "$m" 2>/dev/null || true; done
    rm -rf --one-file-system "$work"
  }
  trap cleanup EXIT
  keyring_opt=()
  [ "$KEYRING" != "-" ] && keyring_opt=(--keyring "$KEYRING")
  kx_log "debootstrap $SUITE from $MIRROR (about a minute; log $work/debootstrap.log)"
  if ! debootstrap --variant=minbase "${keyring_opt[@]}" --include="$INCLUDE" \
       "$SUITE" "$rootfs" "$MIRROR" > "$work/debootstrap.log" 2>&1; then
    tail -n 30 "$work/debootstrap.log" >&2
    [ -f "$rootfs/debootstrap/debootstrap.log" ] && tail -n 30 "$rootfs/debootstrap/debootstrap.log" >&2
    kx_die "debootstrap failed"
  fi
  kx_log "cleaning the rootfs"
  chroot "$rootfs" apt-get clean
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/debconf/*-old \
         "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
         "$rootfs"/tmp/* "$rootfs"/root/.cache
  find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
  find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
  : > "$rootfs/etc/machine-id"
  # The container's hostname and resolv.conf come from the engine.
  rm -f "$rootfs/etc/hostname"
  tar --numeric-owner --xattrs -C "$rootfs" -cf "$TARBALL.tmp" .
  mv -f "$TARBALL.tmp" "$TARBALL"
  # Older tarballs (other package lists) are no longer used.
  find "$KX_CACHE_DIR" -maxdepth 1 -name "base-$SUITE-rootfs-*.tar" ! -name "$(basename "$TARBALL")" -delete
  cleanup; trap - EXIT
  kx_log "cached rootfs $TARBALL ($(du -h "$TARBALL" | cut -f1))"
fi

kx_log "importing $TARBALL as $IMAGE"
docker import \
  --change "ENV PATH=$IMAGE_PATH" \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["/bin/bash"]' \
  --message "konnaxion-ops base: debootstrap $SUITE minbase + $INCLUDE" \
  - "$IMAGE" < "$TARBALL" >/dev/null

if ! check_image; then
  docker rmi -f "$IMAGE" >/dev/null 2>&1 || true
  rm -f "$TARBALL"
  kx_die "base image $IMAGE failed its checks; removed it and the cached rootfs"
fi
kx_log "base image $IMAGE built in $((SECONDS - start_time))s ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}'))"
