#!/bin/sh
# Container entry point of every service image. Deployments set RENT_* variables once
# (compose anchors, a Kubernetes ConfigMap); each service reads its own prefix
# (BILLING_DATABASE_URL, ...), so RENT_X becomes <SERVICE>_X unless that is already set.
set -eu
: "${SERVICE:?SERVICE is not set}"
prefix=$(echo "$SERVICE" | tr '[:lower:]' '[:upper:]')
for pair in $(env | grep '^RENT_' | cut -d= -f1); do
  name="${prefix}_${pair#RENT_}"
  if [ -z "$(printenv "$name" || true)" ]; then export "$name=$(printenv "$pair")"; fi
done
case "${1:-serve}" in
  serve) exec python -m "$SERVICE" ;;
  migrate) exec python -m shared.db.migrate "$SERVICE" ${CREATE_DATABASE:+--create-database} ;;
  *) exec "$@" ;;
esac
