# syntax=docker/dockerfile:1.6
# The recovery service image, built from the repository root:
#   docker build -f deploy/docker/recovery.Dockerfile -t rent/recovery .
# `serve` (the default) runs the API and consumers; `migrate` runs its migration job.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY constraints.txt ./
COPY shared ./shared
COPY services/recovery ./services/recovery
RUN python -m venv /venv && /venv/bin/pip install -c constraints.txt ./shared ./services/recovery

# No compilers, no pip cache, a non-root user.
FROM ${PYTHON_IMAGE}
ENV PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 SERVICE=recovery \
    RENT_BIND_HOST=0.0.0.0 RENT_HTTP_PORT=8000 RENT_LOG_JSON=true
RUN groupadd --system --gid 10001 rent && useradd --system --uid 10001 --gid rent --home /nonexistent rent
COPY deploy/docker/entrypoint.sh deploy/docker/healthcheck.py /usr/local/lib/rent/
COPY --from=build /venv /venv
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=4s --start-period=20s --retries=3 \
  CMD ["python", "/usr/local/lib/rent/healthcheck.py"]
ENTRYPOINT ["/usr/local/lib/rent/entrypoint.sh"]
CMD ["serve"]
