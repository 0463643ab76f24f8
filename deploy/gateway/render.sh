#!/bin/sh
# Render the gateway configuration into DIR (a writable runtime folder used as nginx's
# prefix): render.sh DIR. The same script runs locally (bin/run-stack), in tests and in
# the container's entrypoint. Only the names below are substituted.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: render.sh DIR}
: "${GATEWAY_LISTEN:=127.0.0.1:8080}"
: "${BILLING_UPSTREAM:=127.0.0.1:8001}"
: "${PAYMENTS_UPSTREAM:=127.0.0.1:8002}"
: "${RECOVERY_UPSTREAM:=127.0.0.1:8003}"
: "${REFUNDS_UPSTREAM:=127.0.0.1:8004}"
: "${NOTIFICATIONS_UPSTREAM:=127.0.0.1:8005}"
: "${CONSOLE_UPSTREAM:=127.0.0.1:8006}"
: "${IDENTITY_UPSTREAM:=127.0.0.1:8090}"
: "${IDENTITY_UPSTREAM_PATH:=/}"
: "${GATEWAY_MAX_FILE_SIZE:=64m}"
: "${GATEWAY_DOCS_ROOT:=$here/docs}"
# Swagger UI's files (npm swagger-ui-dist, installed by bin/setup with the console's assets).
: "${GATEWAY_SWAGGER_UI_ROOT:=$(cd "$here/../.." && pwd)/services/console/node_modules/swagger-ui-dist}"
GATEWAY_CONF_DIR=$(cd "$out" && pwd)
export GATEWAY_LISTEN BILLING_UPSTREAM PAYMENTS_UPSTREAM RECOVERY_UPSTREAM REFUNDS_UPSTREAM \
  NOTIFICATIONS_UPSTREAM CONSOLE_UPSTREAM IDENTITY_UPSTREAM IDENTITY_UPSTREAM_PATH GATEWAY_MAX_FILE_SIZE \
  GATEWAY_DOCS_ROOT GATEWAY_SWAGGER_UI_ROOT GATEWAY_CONF_DIR
mkdir -p "$out/tmp"
cp "$here/nginx.conf" "$out/nginx.conf"
cp "$here/console-proxy.conf" "$out/console-proxy.conf"
envsubst '${GATEWAY_LISTEN} ${BILLING_UPSTREAM} ${PAYMENTS_UPSTREAM} ${RECOVERY_UPSTREAM} ${REFUNDS_UPSTREAM} ${NOTIFICATIONS_UPSTREAM} ${CONSOLE_UPSTREAM} ${IDENTITY_UPSTREAM} ${IDENTITY_UPSTREAM_PATH} ${GATEWAY_MAX_FILE_SIZE} ${GATEWAY_DOCS_ROOT} ${GATEWAY_SWAGGER_UI_ROOT} ${GATEWAY_CONF_DIR}' \
  < "$here/rent-gateway.conf.template" > "$out/rent-gateway.conf"
