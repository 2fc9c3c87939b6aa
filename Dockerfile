# syntax=docker/dockerfile:1
# Production image. The build stage bundles src/ with esbuild (`npm run build`: dist/main.js and
# dist/simulator.js, packages left external); the runtime is production dependencies plus dist/
# and package.json, run by plain node: no tsx, no TypeScript sources, no tsconfig.
# Runs as the unprivileged `node` user.

# Stage 1: the build, with devDependencies (esbuild, tsx) from the lock file.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci && npm cache clean --force
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

# Stage 2: production dependencies only, from the lock file.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

# Stage 3: the runtime. Files stay owned by root, so the process cannot change its own code.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=4000 HOST=0.0.0.0
# Caps V8's heap so the gateway's RSS stays under 150 MB under load (bench/RESULTS.md): 80 MiB
# of old space (live data is ~30 MiB; at 64 or less V8 collects constantly, 5-10x the CPU) and
# 8 MiB semi-spaces (~6 MiB less RSS than the default 16, a few percent more CPU).
# Raise it by setting NODE_OPTIONS (which replaces this value), with the memory limit to match,
# e.g. `docker run -e NODE_OPTIONS=--max-old-space-size=160`. GraphiQL's ~9 MB page is
# prerendered into dist/graphiql.html and served from outside the heap (src/graphiql.ts).
ENV NODE_OPTIONS="--max-old-space-size=80 --max-semi-space-size=8"
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# uid 1000 is `node` in the official image; numeric so Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 4000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]
