# syntax=docker/dockerfile:1.6
# The refunds service image, built from the repository root:
#   docker build -f deploy/docker/refunds.Dockerfile -t rent/refunds .
# `serve` (the default) runs the API and consumers; `migrate` runs its migration job.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG NODE_IMAGE=node:20-bookworm-slim

# Swagger UI for /docs from npm swagger-ui-dist, pinned once for the repository by the
# console's package-lock.json; only its built files are kept: nothing loads from a CDN.
FROM ${NODE_IMAGE} AS swagger-ui
WORKDIR /src
COPY services/console/package.json services/console/package-lock.json ./
RUN SCARF_ANALYTICS=false npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
    && mkdir /out && cd node_modules/swagger-ui-dist \
    && cp swagger-ui-bundle.js swagger-ui-standalone-preset.js swagger-ui.css favicon-16x16.png favicon-32x32.png \
       oauth2-redirect.html LICENSE NOTICE /out/

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY constraints.txt ./
COPY shared ./shared
COPY services/refunds ./services/refunds
RUN python -m venv /venv && /venv/bin/pip install -c constraints.txt ./shared ./services/refunds

# No compilers, no pip cache, a non-root user.
FROM ${PYTHON_IMAGE}
ENV PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 SERVICE=refunds \
    RENT_BIND_HOST=0.0.0.0 RENT_HTTP_PORT=8000 RENT_LOG_JSON=true \
    RENT_SWAGGER_UI_DIR=/opt/swagger-ui-dist
RUN groupadd --system --gid 10001 rent && useradd --system --uid 10001 --gid rent --home /nonexistent rent
COPY deploy/docker/entrypoint.sh deploy/docker/healthcheck.py /usr/local/lib/rent/
COPY --from=build /venv /venv
COPY --from=swagger-ui /out /opt/swagger-ui-dist
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=4s --start-period=20s --retries=3 \
  CMD ["python", "/usr/local/lib/rent/healthcheck.py"]
ENTRYPOINT ["/usr/local/lib/rent/entrypoint.sh"]
CMD ["serve"]
