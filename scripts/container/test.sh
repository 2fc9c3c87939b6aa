#!/usr/bin/env bash
# The container test (`npm run test:container`; CI runs it from .ci/run): builds the image with
# the project's Dockerfile and runs it and the compose stack for real, then checks from outside
# (scripts/container/image.test.ts): non-root numeric uid, read-only root filesystem with every
# capability dropped, healthy (gateway and simulator, compose and plain `docker run`), serves
# GraphQL through `docker-compose up`, stops with exit 0 inside the grace period with the request
# in flight answered, and the project's own layers within their size budget.
#
# What it needs, it sets up: Debian's docker.io, docker-compose and debootstrap when absent and
# needed (as root, with apt), a dockerd when none answers (stopped again at the end), and the base
# image when it can be neither found nor pulled (make-base-image.sh). It removes the containers and
# networks it started. Kept between runs on one machine, so later runs take about a minute: the
# base image, BuildKit's layer cache and its npm download cache.
#
# Where containers cannot run at all (no root to install or start an engine, an engine that does
# not start): outside CI it says so loudly and exits 0; in CI (CI=true) it fails, because CI here
# can run them. CONTAINER_TEST=skip skips it on purpose, anywhere, with a message.
set -euo pipefail
cd "$(dirname "$0")/../.."

say() { printf '[container-test] %s\n' "$*"; }
started=$SECONDS
if [ "${CONTAINER_TEST:-}" = skip ]; then
  say "SKIPPED: CONTAINER_TEST=skip. The image and the compose stack were NOT tested."
  exit 0
fi
# The checks run with the project's vitest and read its sources (src/config.ts).
[ -x node_modules/.bin/vitest ] || { say "FAILED: run npm ci first"; exit 1; }
cannot_run() {
  say "CANNOT RUN CONTAINERS HERE: $*"
  if [ "${CI:-}" = true ]; then
    say "FAILED: CI must run the container test (set CONTAINER_TEST=skip to skip it on purpose)."
    exit 1
  fi
  say "SKIPPED: the image and the compose stack were NOT tested on this machine."
  exit 0
}

# 1. Tools: a docker client that builds with BuildKit, Compose (v1 or v2), an engine. Debian's
# client builds with BuildKit by itself (DOCKER_BUILDKIT=1); a Docker 23+ client needs its buildx
# plugin for that (the /usr/local/bin/docker 28 on these machines has none).
install() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || cannot_run "$* missing, and no root apt-get to install it"
  say "installing $*"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq "$@" >/dev/null; } || cannot_run "apt-get install $* failed"
}
if [ -x /usr/bin/docker ]; then
  DOCKER=/usr/bin/docker
elif command -v docker >/dev/null && docker buildx version >/dev/null 2>&1; then
  DOCKER=$(command -v docker)
else
  install docker.io
  DOCKER=/usr/bin/docker
fi
export DOCKER DOCKER_BUILDKIT=1
# docker-compose v1 builds through the docker CLI first on PATH (COMPOSE_DOCKER_CLI_BUILD=1).
export PATH="$(dirname "$DOCKER"):$PATH"
if command -v docker-compose >/dev/null; then
  COMPOSE=docker-compose
elif $DOCKER compose version >/dev/null 2>&1; then
  COMPOSE="$DOCKER compose"
else
  install docker-compose
  COMPOSE=docker-compose
fi
export CONTAINER_TEST_COMPOSE=$COMPOSE

# 2. An engine: the running one, or a dockerd of our own for this run.
dockerd_pid=
workdir=$(mktemp -d /tmp/container-test.XXXXXX)
project="aigw-ct-$$"
compose_started=
cleanup() {
  local status=$?
  set +e
  [ -n "$compose_started" ] && $COMPOSE -p "$project" down --volumes --remove-orphans >/dev/null 2>&1
  # Containers the checks started with `docker run` carry this label.
  ids=$($DOCKER ps -aq --filter "label=ai-gateway-graphql.container-test=$project" 2>/dev/null)
  [ -n "$ids" ] && $DOCKER rm -f $ids >/dev/null 2>&1
  if [ -n "$dockerd_pid" ]; then
    say "stopping the dockerd this run started (pid $dockerd_pid)"
    kill "$dockerd_pid" 2>/dev/null
    for _ in $(seq 1 60); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.5; done
  fi
  rm -rf "$workdir"
  say "done in $((SECONDS - started)) s (exit $status)"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! $DOCKER info >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || cannot_run "no Docker engine answers, and starting dockerd needs root"
  command -v dockerd >/dev/null || install docker.io
  say "starting dockerd"
  dockerd >"$workdir/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 1 120); do
    $DOCKER info >/dev/null 2>&1 && break
    kill -0 "$dockerd_pid" 2>/dev/null || { tail -n 20 "$workdir/dockerd.log"; dockerd_pid=; cannot_run "dockerd exited"; }
    sleep 0.5
  done
  $DOCKER info >/dev/null 2>&1 || { tail -n 20 "$workdir/dockerd.log"; cannot_run "dockerd did not answer within 60 s"; }
fi
say "engine: $($DOCKER version --format 'Docker {{.Server.Version}}'), compose: $($COMPOSE version --short 2>/dev/null)"

# 3. The base image: here already, else pulled, else made from Debian and the npm registry.
base=$(awk 'toupper($1) == "FROM" { print $2; exit }' Dockerfile)
if $DOCKER image inspect "$base" >/dev/null 2>&1; then
  say "base image $base: present ($($DOCKER image inspect -f '{{index .Config.Labels "org.opencontainers.image.description"}}' "$base" | sed 's/^$/pulled/'))"
elif timeout 120 $DOCKER pull -q "$base" >/dev/null 2>&1; then
  say "base image $base: pulled"
else
  say "base image $base: cannot be pulled; making it (scripts/container/make-base-image.sh)"
  command -v debootstrap >/dev/null || install debootstrap
  [ "$(id -u)" = 0 ] || cannot_run "making the base image needs root (debootstrap)"
  bash scripts/container/make-base-image.sh "$base"
fi

# 4. The image, as a user builds it. npm settings reach the build only as BuildKit secrets: the
# CA bundle Node trusts on this machine (a proxy here re-signs TLS) and the registry npm uses;
# never a token, never a layer.
image=$(awk '$1 == "image:" { print $2; exit }' docker-compose.yml)
secrets=()
if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then
  secrets+=(--secret "id=npm_ca,src=$NODE_EXTRA_CA_CERTS")
fi
registry=$(npm config get registry 2>/dev/null || true)
if [ -n "$registry" ]; then
  printf 'registry=%s\n' "$registry" >"$workdir/npmrc"
  secrets+=(--secret "id=npmrc,src=$workdir/npmrc")
fi
say "building $image"
build_started=$SECONDS
$DOCKER build --progress=plain "${secrets[@]}" -t "$image" . >"$workdir/build.log" 2>&1 ||
  { tail -n 40 "$workdir/build.log"; say "FAILED: docker build"; exit 1; }
say "built $image in $((SECONDS - build_started)) s"
# docker-compose v1 builds it the same way (all cached now), as the README tells v1 users to.
COMPOSE_DOCKER_CLI_BUILD=1 $COMPOSE -p "$project" build >"$workdir/compose-build.log" 2>&1 ||
  { tail -n 40 "$workdir/compose-build.log"; say "FAILED: $COMPOSE build"; exit 1; }

# 5. The checks, from outside the containers. They start the compose project themselves.
export CONTAINER_TEST_IMAGE=$image CONTAINER_TEST_BASE=$base CONTAINER_TEST_PROJECT=$project
compose_started=1
npx vitest run --config scripts/container/vitest.config.ts
