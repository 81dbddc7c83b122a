#!/usr/bin/env bash
# Idempotent container engine + local images for the testcontainers and compose e2e modes:
# podman serving the Docker API, images built FROM scratch from local binaries (no registry).
#
#   bash scripts/containers.sh          set up engine, build images (skipped when up to date), probe
#   source <(bash scripts/containers.sh --env)   just print the environment variables to use
#
# After it: DOCKER_HOST=unix:///run/podman/podman.sock, images localhost/envoy:1.40.0 and
# localhost/envoy-as-upstream:dev. Each image carries label envoy-as.hash=<hash of its inputs> and
# an extra tag :<version>-<hash12>; it is rebuilt only when the inputs change.
# It ends by proving what the e2e modes need (src/testing/container-probe.ts): the engine starts
# containers, and one container reaches another by its network alias.
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
APT_UPDATED=0
apt_install() {
  say "installing $* with apt-get"
  command -v apt-get >/dev/null 2>&1 || die "missing $* and no apt-get to install them"
  if ((APT_UPDATED == 0)); then as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
if ((${#missing[@]})); then apt_install "${missing[@]}"; fi

# Containers reach each other by network alias (`upstream`), which needs DNS on podman's networks.
# Debian's podman 4.3 uses CNI here, and its networks answer names only with the dnsname plugin,
# which nothing pulls in (not even podman's Recommends); with netavark, aardvark-dns does the same.
# Installing it keeps docker-compose.yml and the harness exactly as they run on Docker.
BACKEND=$(podman info --format '{{.Host.NetworkBackend}}' 2>/dev/null || echo cni)
case "$BACKEND" in
  cni)
    [[ -x /usr/lib/cni/dnsname || -x /usr/libexec/cni/dnsname || -x /opt/cni/bin/dnsname ]] ||
      apt_install golang-github-containernetworking-plugin-dnsname
    ;;
  netavark)
    [[ -x /usr/lib/podman/aardvark-dns || -x /usr/libexec/podman/aardvark-dns ]] || apt_install aardvark-dns
    ;;
esac

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
WANT="# Written by envoy-as scripts/containers.sh.
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
# The service runs from / : a service started inside a directory that is deleted later (a CI clone)
# answers _ping but fails every container start with "write child: broken pipe".
ping_socket() { curl -fsS --max-time 3 --unix-socket "$SOCK_PATH" http://d/_ping >/dev/null 2>&1; }
PIDFILE=/run/podman/envoy-as-service.pid
SERVICE_LOG=/run/podman/envoy-as-service.log
# The pid of the podman service this script started, if it is still that process.
our_service() {
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
  [[ -n "$pid" ]] && tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -q "podman system service" && echo "$pid"
}
# Why the running service cannot work (empty: no reason known).
service_broken() {
  local pid cwd
  pid=$(our_service) || return 0
  cwd=$(as_root readlink "/proc/$pid/cwd" 2>/dev/null) || return 0
  [[ "$cwd" == *" (deleted)" ]] && echo "its working directory ${cwd% (deleted)} was deleted"
  return 0
}
stop_service() { # <why>
  local pid
  if pid=$(our_service); then
    say "restarting podman system service (pid ${pid}): $1"
    as_root kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do [[ -d "/proc/$pid" ]] || break; sleep 0.1; done
  elif ping_socket; then
    die "a podman service not started by this script answers on ${SOCK_PATH} and $1; stop it, then run this script again"
  fi
}
start_service() {
  [[ "$SUDO" == "__none__" ]] && die "need root (or passwordless sudo) to start podman system service"
  say "starting podman system service on ${DOCKER_HOST} (log: ${SERVICE_LOG})"
  as_root mkdir -p /run/podman
  as_root rm -f "$SOCK_PATH"
  # bash writes its own pid, then becomes podman (exec), so the pidfile names the service itself.
  # Every process in between execs too: none keeps this script's stdout open (a caller reading it
  # through a pipe would wait for the service to end).
  (
    cd / && exec $SUDO setsid bash -c 'echo $$ >"$0"; exec podman system service --time=0 "$1"' "$PIDFILE" "unix://${SOCK_PATH}" \
      >"$SERVICE_LOG" 2>&1 </dev/null
  ) &
  for _ in $(seq 1 100); do ping_socket && break; sleep 0.2; done
  ping_socket || die "podman system service did not answer on ${SOCK_PATH}; see ${SERVICE_LOG}"
}
if [[ "${RESTART_SERVICE:-0}" == 1 ]] && ping_socket; then stop_service "$CONF changed"; fi
BROKEN=$(service_broken)
if [[ -n "$BROKEN" ]] && ping_socket; then stop_service "$BROKEN"; fi
ping_socket || start_service

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
# The echo upstream, bundled from src/upstream/echo.ts to build/upstream/echo.mjs (docker-compose.yml
# mounts that folder too).
ECHO_MJS=$(npx --no-install tsx src/upstream/bundle.ts | tail -n1) || die "cannot bundle src/upstream/echo.ts (npx tsx src/upstream/bundle.ts)"
mkdir -p "$WORK/upstream/rootfs/app"
stage_binary "$WORK/upstream/rootfs" "$NODE_BIN" /usr/local/bin/node
install -m 0644 "$ECHO_MJS" "$WORK/upstream/rootfs/app/echo.mjs"
build_image "$UPSTREAM_IMAGE" "$WORK/upstream" containers/upstream/Containerfile

# 5. Probe ----------------------------------------------------------------------------------------
# A real container start and name lookup, as the e2e modes do them. An engine that cannot start
# containers any more (for a reason the check above does not know) is restarted once if it is ours.
probe() { UPSTREAM_IMAGE="$UPSTREAM_IMAGE" npx --no-install tsx src/testing/container-probe.ts; }
rc=0
probe || rc=$?
if ((rc == 2)) && our_service >/dev/null; then
  stop_service "it cannot start containers"
  start_service
  rc=0
  probe || rc=$?
fi
((rc == 0)) || die "the container engine is not usable for the e2e modes (see the line above)"

say "ready. Use:"
print_env >&2
