#!/bin/sh
# Render the configuration into DIR and run nginx in the foreground: run.sh [DIR].
# Used by the local Procfile, the tests and the container.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mkdir -p "${1:-${GATEWAY_RUNTIME_DIR:-.stack/gateway}}" && cd "${1:-${GATEWAY_RUNTIME_DIR:-.stack/gateway}}" && pwd)
"$here/render.sh" "$dir"
# Started by root (a development machine or CI run as root), nginx would hand requests to
# workers running as "nobody", who cannot write request bodies into a private runtime
# folder: keep the workers as the invoking user there. Containers run as uid 10001.
if [ "$(id -u)" = 0 ]; then globals='daemon off; user root root;'; else globals='daemon off;'; fi
exec nginx -p "$dir/" -c "$dir/nginx.conf" -e stderr -g "$globals"
