# syntax=docker/dockerfile:1.6
# The staff console image, built from the repository root:
#   docker build -f deploy/docker/console.Dockerfile -t rent/console .
# GOV.UK Frontend's built assets come from npm at build time (versions pinned in
# services/console/package-lock.json) and are served by the console itself: no CDN at run time.
# Set CONSOLE_SESSION_KEY from a secret, CONSOLE_<SERVICE>_URL for each service, the
# CONSOLE_OIDC_* addresses and CONSOLE_PUBLIC_URL (services/console/README.md).
ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS assets
WORKDIR /src
COPY services/console/package.json services/console/package-lock.json ./
# --omit=dev: axe-core is for the browser tests only; --ignore-scripts: no install hooks run.
# Only GOV.UK Frontend's dist folder reaches the image (the console's /docs is off, so no Swagger UI).
RUN SCARF_ANALYTICS=false npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
    && test -f node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css

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
    CONSOLE_ASSETS_DIR=/opt/console/node_modules XDG_CACHE_HOME=/tmp/.cache
# Statements are rendered to PDF by WeasyPrint: Pango, HarfBuzz and fonts from Debian (as the
# notifications image; fontconfig's cache goes to /tmp, the root filesystem is read-only).
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
      libharfbuzz0b libharfbuzz-subset0 libfontconfig1 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 rent && useradd --system --uid 10001 --gid rent --home /nonexistent rent
COPY deploy/docker/entrypoint.sh deploy/docker/healthcheck.py /usr/local/lib/rent/
COPY --from=build /venv /venv
COPY --from=assets /src/node_modules/govuk-frontend/dist /opt/console/node_modules/govuk-frontend/dist
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=4s --start-period=10s --retries=3 \
  CMD ["python", "/usr/local/lib/rent/healthcheck.py"]
ENTRYPOINT ["/usr/local/lib/rent/entrypoint.sh"]
CMD ["serve"]
