# syntax=docker/dockerfile:1.6
# The staff console image, built from the repository root:
#   docker build -f deploy/docker/console.Dockerfile -t rent/console .
# GOV.UK Frontend's built assets come from npm at build time (versions pinned in
# services/console/package-lock.json) and are served by the console itself: no CDN at run time.
# Set CONSOLE_SESSION_KEY from a secret, CONSOLE_BILLING_URL and the CONSOLE_OIDC_* addresses.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS assets
WORKDIR /src
COPY services/console/package.json services/console/package-lock.json ./
# --omit=dev: axe-core is for the browser tests only; --ignore-scripts: no install hooks run.
RUN SCARF_ANALYTICS=false npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY constraints.txt ./
COPY shared ./shared
COPY services/console ./services/console
RUN python -m venv /venv && /venv/bin/pip install -c constraints.txt ./shared ./services/console

# No compilers, no npm, no pip cache, a non-root user.
FROM ${PYTHON_IMAGE}
ENV PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 SERVICE=console \
    RENT_BIND_HOST=0.0.0.0 RENT_HTTP_PORT=8000 RENT_LOG_JSON=true \
    CONSOLE_ASSETS_DIR=/opt/console/node_modules
RUN groupadd --system --gid 10001 rent && useradd --system --uid 10001 --gid rent --home /nonexistent rent
COPY deploy/docker/entrypoint.sh deploy/docker/healthcheck.py /usr/local/lib/rent/
COPY --from=build /venv /venv
COPY --from=assets /src/node_modules /opt/console/node_modules
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=4s --start-period=10s --retries=3 \
  CMD ["python", "/usr/local/lib/rent/healthcheck.py"]
ENTRYPOINT ["/usr/local/lib/rent/entrypoint.sh"]
CMD ["serve"]
