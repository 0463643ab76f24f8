# syntax=docker/dockerfile:1.6
# The gateway image: Debian's nginx with deploy/gateway, the same configuration template as
# the local stack and CI, rendered at start from the environment. From the repository root:
#   docker build -f deploy/docker/gateway.Dockerfile -t rent/gateway .
ARG NODE_IMAGE=node:20-bookworm-slim

# Swagger UI for the docs index (/docs/) from npm swagger-ui-dist, pinned once for the
# repository by the console's package-lock.json; only its built files are kept: no CDN.
FROM ${NODE_IMAGE} AS swagger-ui
WORKDIR /src
COPY services/console/package.json services/console/package-lock.json ./
RUN SCARF_ANALYTICS=false npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
    && mkdir /out && cd node_modules/swagger-ui-dist \
    && cp swagger-ui-bundle.js swagger-ui-standalone-preset.js swagger-ui.css favicon-16x16.png favicon-32x32.png \
       oauth2-redirect.html LICENSE NOTICE /out/

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends nginx gettext-base \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 rent && useradd --system --uid 10001 --gid rent --home /nonexistent rent \
    && mkdir -p /var/lib/rent-gateway && chown rent:rent /var/lib/rent-gateway
COPY deploy/gateway /etc/rent-gateway
COPY --from=swagger-ui /out /usr/share/rent-gateway/swagger-ui
ENV GATEWAY_LISTEN=8080 GATEWAY_RUNTIME_DIR=/var/lib/rent-gateway GATEWAY_DOCS_ROOT=/etc/rent-gateway/docs \
    GATEWAY_SWAGGER_UI_ROOT=/usr/share/rent-gateway/swagger-ui \
    BILLING_UPSTREAM=billing:8000 PAYMENTS_UPSTREAM=payments:8000 RECOVERY_UPSTREAM=recovery:8000 \
    REFUNDS_UPSTREAM=refunds:8000 NOTIFICATIONS_UPSTREAM=notifications:8000 CONSOLE_UPSTREAM=console:8000 \
    IDENTITY_UPSTREAM=keycloak:8080 IDENTITY_UPSTREAM_PATH=/auth/
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"]
ENTRYPOINT ["/etc/rent-gateway/run.sh"]
