# syntax=docker/dockerfile:1
# cvcrm-etl image: one image for every role (start, serve, worker, migrate, sync…), chosen by
# the command. The steps are mirrored by test/cli/container-steps.test.ts, which reads this
# file: keep the COPY lines, the HEALTHCHECK and the CMD in the forms used here.

# Node 24 LTS (supported until April 2028); package.json's engines field accepts 20.19+, 22 and 24.
# build: every dependency (TypeScript among them), then src/ compiled into dist/.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm ci --ignore-scripts --no-audit --no-fund
RUN npm run build

# deps: production dependencies only, as the lockfile pins them.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/container-install.sh ./scripts/
RUN sh scripts/container-install.sh

# The image: the compiled code and production dependencies; no TypeScript, no sources.
FROM node:24-bookworm-slim
# V8's young generation grows to 2 x 16 MiB semi-spaces, mostly garbage between collections for
# this product (API pages and query results); 4 MiB keeps serve and sync 20-40 MiB smaller
# (bench/RESULTS.md, section 8). Only a V8 start-up flag can set it, hence NODE_OPTIONS.
ENV NODE_ENV=production \
    PORT=5000 \
    DATA_DIR=/data \
    NODE_OPTIONS=--max-semi-space-size=4
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json package-lock.json ./
COPY bin ./bin
COPY migrations ./migrations
# The embedded database (when DATABASE_URL is unset) and local files live in the volume, owned
# by the unprivileged user the app runs as; the code itself stays read-only to it.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 5000
# No curl in slim images: Node's own fetch. Healthy only on 200 (503 = a dependency is down).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||5000)+'/health',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))"]
CMD ["node", "bin/cvcrm-etl.js", "start"]
