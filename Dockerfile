# syntax=docker/dockerfile:1
# RealtimeKit Inspector as a container (README.md, "Deploying"). Three stages: the dependencies
# (npm ci, from the lockfile), the build (Next.js's standalone output), and a slim runtime holding
# only that output, run as an unprivileged user.
#
#   docker build -t realtimekit-inspector .
#   docker build --build-arg BASE_PATH=/inspector -t realtimekit-inspector .   # under a sub-path
#
# Configuration comes from the environment at run time (.env.example); BASE_PATH alone is fixed
# when the image is built.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ARG BASE_PATH=""
ENV NEXT_TELEMETRY_DISABLED=1 \
    NEXT_OUTPUT=standalone \
    BASE_PATH=${BASE_PATH}
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ARG BASE_PATH=""
# HOSTNAME: Docker sets it to the container's id, and the standalone server binds to it.
# BASE_PATH here only tells the health check where the app answers.
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    BASE_PATH=${BASE_PATH}
RUN groupadd --system --gid 10001 inspector \
    && useradd --system --uid 10001 --gid inspector --no-create-home --shell /usr/sbin/nologin inspector
# The server and the modules it was traced to need, then the browser's assets (not part of the trace).
COPY --from=build --chown=inspector:inspector /app/.next/standalone ./
COPY --from=build --chown=inspector:inspector /app/.next/static ./.next/static
USER inspector
EXPOSE 3000
# Liveness (README.md, "Logs and probes"): no curl in a slim image, so Node's own fetch.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}${process.env.BASE_PATH || ''}/api/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server.js"]
