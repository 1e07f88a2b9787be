# syntax=docker/dockerfile:1
# Hookgate runs its TypeScript sources directly on Node 24 (type stripping): no build output.

FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-slim AS check
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY scripts ./scripts
COPY test ./test
RUN npx tsc --noEmit -p tsconfig.json

FROM node:24-slim
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="Hookgate" \
      org.opencontainers.image.description="Webhook gateway for chatbot platforms: inbound webhook blocks that fill bot variables and reply on channels, outbound signed event webhooks." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="docker.io/library/node:24-slim"
ENV NODE_ENV=production PORT=8080
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json openapi.yaml ./
COPY scripts/run.sh ./scripts/run.sh
COPY --from=check /app/src ./src
# The operator's commands, on PATH: hookgate-token (npm run token), hookgate-rekey (npm run rekey).
RUN chmod 755 src/cli/token.ts src/cli/rekey.ts src/cli/healthcheck.ts \
 && ln -s /app/src/cli/token.ts /usr/local/bin/hookgate-token \
 && ln -s /app/src/cli/rekey.ts /usr/local/bin/hookgate-rekey
USER node
# 8080: the API (PORT). 9090: /healthz, /readyz and /metrics of a HOOKGATE_ROLE=worker process (HOOKGATE_OPS_PORT).
EXPOSE 8080 9090
# docker stop waits 10 s before SIGKILL; the drain (HOOKGATE_SHUTDOWN_TIMEOUT_MS, 8 s by default) ends before that.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=4s --start-period=10s --retries=3 CMD ["node", "src/cli/healthcheck.ts"]
CMD ["node", "--max-semi-space-size=16", "src/main.ts"]
