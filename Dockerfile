# syntax=docker/dockerfile:1
# One image for every Kansrijk process: the server (default), the worker and the indexer differ
# only in their command (see docker-compose.yml).

FROM node:20-bookworm-slim AS base
WORKDIR /app

# All dependencies, for the build. Only the manifests are copied, so this layer is reused until
# they change.
FROM base AS deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

FROM deps AS build
# The whole context (less .dockerignore): the build's include list decides what is compiled,
# and a folder added later needs no change here.
COPY . .
# tsc emits only JSON that is imported; seed data read from disk must sit beside the compiled code too.
RUN npm run build \
 && mkdir -p dist/seeds && (cd seeds && find . -name '*.json' -exec cp --parents {} ../dist/seeds/ \;)

# Production dependencies only: no compiler, test runner or linter in the running image.
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

FROM base AS runtime
ENV NODE_ENV=production \
    LOG_FORMAT=json \
    DATA_DIR=/app/data \
    PORT=3000
COPY --from=prod-deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY --from=build /app/dist ./dist
COPY seeds ./seeds
# DATA_DIR must be writable by the non-root user (outbox, embedded store when chosen).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# Liveness of the HTTP server; the worker and indexer have no HTTP port and turn this off in compose.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/server/main.js"]
