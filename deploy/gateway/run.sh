#!/bin/sh
# Render the configuration into DIR and run nginx in the foreground: run.sh [DIR].
# Used by the local Procfile, the tests and the container.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mkdir -p "${1:-${GATEWAY_RUNTIME_DIR:-.stack/gateway}}" && cd "${1:-${GATEWAY_RUNTIME_DIR:-.stack/gateway}}" && pwd)
"$here/render.sh" "$dir"
exec nginx -p "$dir/" -c "$dir/nginx.conf" -e stderr -g 'daemon off;'
