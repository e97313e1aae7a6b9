# Container image of sakiyomi: the bundled command line (dist/, built by esbuild) on node:20-slim,
# for running `sakiyomi plan` shards on a cluster (deploy/README.md: Kubernetes Indexed Job,
# Slurm job array) or anything else on a machine without Node.
# Invariants: nothing is downloaded at run time — dependencies are installed at build time from
# package-lock.json (npm ci, exact versions), the catalogs and data/ are in the image, and the
# charts render offline; the process runs as the unprivileged `node` user in /work, where a
# volume holding plan files and results is mounted.
# NOTE: two stages: the first installs every dependency (esbuild is a dev dependency) and builds
# dist/; the second carries only the production dependencies (vega, vega-lite and tinypool stay
# outside the bundle and load from node_modules) and no TypeScript sources, so bin/sakiyomi.mjs
# always runs dist/ (it falls back to the sources only when sim/ exists and is newer).
# Build: docker build -t sakiyomi:0.1.0 .      Run: docker run --rm -v "$PWD:/work" sakiyomi:0.1.0 plan plan.yaml
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` (the build) needs the sources, copied below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build && node bin/sakiyomi.mjs --version

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin/sakiyomi.mjs ./bin/sakiyomi.mjs
COPY data ./data
COPY scenarios ./scenarios
# Fails the build if the bundle does not start without the sources and dev dependencies.
RUN node bin/sakiyomi.mjs --version
USER node
WORKDIR /work
ENTRYPOINT ["node", "/app/bin/sakiyomi.mjs"]
CMD ["--help"]
