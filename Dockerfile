# Production image. The build stage bundles src/ with esbuild (`npm run build`: dist/main.js and
# dist/simulator.js, packages left external); the runtime is production dependencies plus dist/
# and package.json, run by plain node: no tsx, no TypeScript sources, no tsconfig.
# Runs as the unprivileged `node` user.
#
# Build with BuildKit (the default builder of Docker 23+; with Debian's docker.io 20.10 set
# DOCKER_BUILDKIT=1): `docker build -t ai-gateway-graphql:0.1.0 .`. No `# syntax=` line: it would
# fetch a frontend image from Docker Hub on every build, and the built-in frontend has all this
# file uses. Without Docker Hub, make the base image with scripts/container/make-base-image.sh.
#
# npm settings go in as BuildKit secrets, mounted only while `npm ci` runs, never stored in a
# layer or the build cache, both optional:
#   --secret id=npmrc,src=$HOME/.npmrc    npm's user config: a registry mirror, a token, ...
#   --secret id=npm_ca,src=corp-ca.pem    CA certificates to trust besides Node's own (a proxy
#                                         that re-signs TLS), as NODE_EXTRA_CA_CERTS
# e.g. `docker build --secret id=npm_ca,src=/etc/ssl/certs/ca-certificates.crt -t ai-gateway-graphql:0.1.0 .`

# Stage 1: the build, with devDependencies (esbuild, tsx) from the lock file.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# `npm ls` after each install: an npm that fails without saying so (a network or TLS error can
# end npm ci with exit 0 and half a node_modules) fails the build on this line instead of later,
# and no broken layer is cached. The cache mount keeps downloads between builds, outside the image.
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc \
    --mount=type=secret,id=npm_ca \
    --mount=type=cache,target=/root/.npm \
    if [ -f /run/secrets/npm_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca; fi \
    && npm ci --no-audit --no-fund && npm ls --all >/dev/null
COPY tsconfig.json ./
COPY scripts ./scripts
COPY examples ./examples
COPY src ./src
RUN npm run build

# Stage 2: production dependencies only, from the lock file.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc \
    --mount=type=secret,id=npm_ca \
    --mount=type=cache,target=/root/.npm \
    if [ -f /run/secrets/npm_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca; fi \
    && npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm ls --omit=dev --all >/dev/null

# Stage 3: the runtime. Files stay owned by root, so the process cannot change its own code.
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=4000 HOST=0.0.0.0
# Caps V8's heap so the gateway's RSS stays near 200 MiB under load (bench/RESULTS.md): 128 MiB
# of old space (~35 MiB is live at start-up; at 80 V8 collects constantly under load, 1.8-3x the
# CPU per query, to save ~10 MiB of RSS) and 16 MiB semi-spaces.
# Change it by setting NODE_OPTIONS (which replaces this value), with the memory limit to match,
# e.g. `docker run -e NODE_OPTIONS=--max-old-space-size=192`. GraphiQL's ~9 MB page is
# prerendered into dist/graphiql.html and served from outside the heap (src/graphiql.ts).
ENV NODE_OPTIONS="--max-old-space-size=128 --max-semi-space-size=16"
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY scripts/container/healthcheck.mjs ./healthcheck.mjs
# uid 1000 is `node` in the official image; numeric so Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 4000
STOPSIGNAL SIGTERM
# One check for both programs of the image: /healthz of the gateway, or the simulator's ports
# when the container runs `node dist/simulator.js` (healthcheck.mjs tells which).
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 CMD ["node", "healthcheck.mjs"]
CMD ["node", "dist/main.js"]
