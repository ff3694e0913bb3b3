# syntax=docker/dockerfile:1
# Multi-stage build: deps → build → a small runtime image with Next's standalone output, as a non-root user.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npx next build

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 NEXT_MANUAL_SIG_HANDLE=true PORT=3000 HOSTNAME=0.0.0.0 RUNNERSCOPE_DATA_DIR=/data/pglite
RUN groupadd --system --gid 10001 runnerscope && useradd --system --uid 10001 --gid runnerscope runnerscope \
  && mkdir -p /data && chown runnerscope:runnerscope /data
COPY --from=build --chown=runnerscope:runnerscope /app/.next/standalone ./
COPY --from=build --chown=runnerscope:runnerscope /app/.next/static ./.next/static
COPY --from=build --chown=runnerscope:runnerscope /app/public ./public
COPY --from=build --chown=runnerscope:runnerscope /app/drizzle ./drizzle
USER 10001:10001
EXPOSE 3000
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "server.js"]
