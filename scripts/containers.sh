#!/usr/bin/env bash
# Idempotent container engine + local images for the testcontainers and compose e2e modes.
# Recipe: /work/shared/containers.md (podman as a Docker-API engine, images built FROM scratch).
#
#   bash scripts/containers.sh          set up engine, build images (skipped when up to date)
#   source <(bash scripts/containers.sh --env)   just print the environment variables to use
#
# After it: DOCKER_HOST=unix:///run/podman/podman.sock, images localhost/envoy:1.40.0 and
# localhost/envoy-as-upstream:dev. Each image carries label envoy-as.hash=<hash of its inputs> and
# an extra tag :<version>-<hash12>; it is rebuilt only when the inputs change.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SOCK_PATH=/run/podman/podman.sock
export DOCKER_HOST="unix://${SOCK_PATH}"
ENVOY_IMAGE=localhost/envoy:1.40.0
UPSTREAM_IMAGE=localhost/envoy-as-upstream:dev

print_env() {
  echo "export DOCKER_HOST=${DOCKER_HOST}"
  echo "export ENVOY_IMAGE=${ENVOY_IMAGE}"
  echo "export UPSTREAM_IMAGE=${UPSTREAM_IMAGE}"
  echo "export TESTCONTAINERS_RYUK_DISABLED=true"
  echo "export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1"
}
if [[ "${1:-}" == "--env" ]]; then print_env; exit 0; fi

say() { echo "containers.sh: $*" >&2; }
die() { echo "containers.sh: ERROR: $*" >&2; exit 1; }

SUDO=""
if [[ "$(id -u)" != 0 ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO="__none__"; fi
fi
as_root() {
  [[ "$SUDO" == "__none__" ]] && die "need root (or passwordless sudo) for: $*"
  $SUDO "$@"
}

# 1. Packages ------------------------------------------------------------------------------------
missing=()
command -v podman >/dev/null 2>&1 || missing+=(podman)
command -v runc >/dev/null 2>&1 || [[ -x /usr/sbin/runc ]] || missing+=(runc)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
if ((${#missing[@]})); then
  say "installing ${missing[*]} with apt-get"
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get to install them"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# 2. /etc/containers/containers.conf --------------------------------------------------------------
# runc (crun refuses hybrid cgroups); ulimits no higher than our hard limits (raising them needs
# CAP_SYS_RESOURCE, which we may not have: "setrlimit ... operation not permitted").
limit() { local v; v="$1"; if [[ "$v" == unlimited ]]; then echo "$2"; elif ((v > $2)); then echo "$2"; else echo "$v"; fi; }
# nproc is also capped at 16384: the podman service lowers its own RLIMIT_NPROC (seen: 32768 with a
# hard limit of 96365), and a container asking for more than the service has fails with
# "error setting rlimit type 6: operation not permitted".
NOFILE=$(limit "$(ulimit -Hn)" 65536)
NPROC=$(limit "$(ulimit -Hu)" 16384)
CONF=/etc/containers/containers.conf
WANT="# Written by envoy-as scripts/containers.sh (see /work/shared/containers.md).
[containers]
default_ulimits = [\"nofile=${NOFILE}:${NOFILE}\", \"nproc=${NPROC}:${NPROC}\"]
[engine]
runtime = \"runc\""
if [[ ! -f "$CONF" ]] || [[ "$(cat "$CONF")" != "$WANT" ]]; then
  say "writing $CONF (nofile=${NOFILE}, nproc=${NPROC}, runtime=runc)"
  as_root mkdir -p /etc/containers
  if [[ -f "$CONF" ]] && ! grep -q "envoy-as scripts/containers.sh" "$CONF"; then
    as_root cp "$CONF" "$CONF.envoy-as.bak"
    say "previous $CONF saved as $CONF.envoy-as.bak"
  fi
  printf '%s\n' "$WANT" | as_root tee "$CONF" >/dev/null
  RESTART_SERVICE=1
fi

# 3. Docker-API socket -----------------------------------------------------------------------------
ping_socket() { curl -fsS --max-time 3 --unix-socket "$SOCK_PATH" http://d/_ping >/dev/null 2>&1; }
PIDFILE=/run/podman/envoy-as-service.pid
if [[ "${RESTART_SERVICE:-0}" == 1 ]] && ping_socket; then
  # Only restart a service this script started (its pid is recorded); never kill by name.
  if [[ -f "$PIDFILE" ]] && as_root kill "$(cat "$PIDFILE")" 2>/dev/null; then
    say "restarted podman system service to pick up the new configuration"
    sleep 1
  else
    say "WARNING: a podman service not started by this script is running; restart it to apply $CONF"
  fi
fi
if ! ping_socket; then
  say "starting podman system service on ${DOCKER_HOST}"
  as_root mkdir -p /run/podman
  as_root rm -f "$SOCK_PATH"
  # bash writes its own pid, then becomes podman (exec), so the pidfile names the service itself.
  as_root setsid bash -c 'echo $$ >"$0"; exec podman system service --time=0 "$1"' "$PIDFILE" "unix://${SOCK_PATH}" \
    >/tmp/podman-service.log 2>&1 </dev/null &
  for _ in $(seq 1 100); do ping_socket && break; sleep 0.2; done
  ping_socket || die "podman system service did not answer on ${SOCK_PATH}; see /tmp/podman-service.log"
fi

# 4. Images ----------------------------------------------------------------------------------------
# Stage a root filesystem with a binary and the shared libraries ldd lists.
stage_binary() { # <rootfs> <binary> <path inside>
  local rootfs="$1" bin="$2" dest="$3" lib
  install -D -m 0755 "$bin" "$rootfs$dest"
  for lib in $(ldd "$bin" | grep -oE '/[^ ]+\.so[^ ]*' | sort -u); do
    install -D -m 0755 "$(readlink -f "$lib")" "$rootfs$lib"
  done
  mkdir -p "$rootfs/tmp" "$rootfs/etc"
  chmod 1777 "$rootfs/tmp"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
}

# Hash of a staged context: every file's path, mode and content.
context_hash() {
  (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum && find . -type f -printf '%p %m\n' | sort) |
    sha256sum | cut -c1-64
}

build_image() { # <image> <context dir> <containerfile>
  local image="$1" ctx="$2" file="$3" hash have
  cp "$file" "$ctx/Containerfile"
  hash=$(context_hash "$ctx")
  have=$(podman image inspect --format '{{ index .Labels "envoy-as.hash" }}' "$image" 2>/dev/null || true)
  if [[ "$have" == "$hash" ]]; then
    say "$image is up to date (${hash:0:12})"
    return
  fi
  say "building $image (${hash:0:12})"
  podman build --quiet --label "envoy-as.hash=${hash}" -t "$image" -t "${image}-${hash:0:12}" -f "$ctx/Containerfile" "$ctx" >/dev/null ||
    die "podman build of $image failed"
}

WORK=$(mktemp -d /tmp/envoy-as-images.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

cd "$ROOT"
ENVOY_ELF=$(npx --no-install tsx src/envoy/install.ts 2>/dev/null | tail -n1) || true
[[ -n "$ENVOY_ELF" && -x "$ENVOY_ELF" ]] || die "no Envoy binary; run: npx tsx src/envoy/install.ts"
mkdir -p "$WORK/envoy/rootfs"
stage_binary "$WORK/envoy/rootfs" "$ENVOY_ELF" /usr/local/bin/envoy
build_image "$ENVOY_IMAGE" "$WORK/envoy" containers/envoy/Containerfile

NODE_BIN=$(readlink -f "$(command -v node)")
[[ -f containers/upstream/echo.mjs ]] || die "containers/upstream/echo.mjs missing; run: npx tsx src/envoy/generate.ts"
mkdir -p "$WORK/upstream/rootfs/app"
stage_binary "$WORK/upstream/rootfs" "$NODE_BIN" /usr/local/bin/node
install -m 0644 containers/upstream/echo.mjs "$WORK/upstream/rootfs/app/echo.mjs"
build_image "$UPSTREAM_IMAGE" "$WORK/upstream" containers/upstream/Containerfile

say "ready. Use:"
print_env >&2
