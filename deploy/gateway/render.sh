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
: "${IDENTITY_UPSTREAM:=127.0.0.1:8090}"
: "${IDENTITY_UPSTREAM_PATH:=/}"
: "${GATEWAY_MAX_FILE_SIZE:=64m}"
: "${GATEWAY_DOCS_ROOT:=$here/docs}"
export GATEWAY_LISTEN BILLING_UPSTREAM PAYMENTS_UPSTREAM RECOVERY_UPSTREAM REFUNDS_UPSTREAM \
  NOTIFICATIONS_UPSTREAM IDENTITY_UPSTREAM IDENTITY_UPSTREAM_PATH GATEWAY_MAX_FILE_SIZE GATEWAY_DOCS_ROOT
mkdir -p "$out/tmp"
cp "$here/nginx.conf" "$out/nginx.conf"
envsubst '${GATEWAY_LISTEN} ${BILLING_UPSTREAM} ${PAYMENTS_UPSTREAM} ${RECOVERY_UPSTREAM} ${REFUNDS_UPSTREAM} ${NOTIFICATIONS_UPSTREAM} ${IDENTITY_UPSTREAM} ${IDENTITY_UPSTREAM_PATH} ${GATEWAY_MAX_FILE_SIZE} ${GATEWAY_DOCS_ROOT}' \
  < "$here/rent-gateway.conf.template" > "$out/rent-gateway.conf"
