"""The FastAPI application every service is built on: lifespan that runs the
ServiceRuntime, problem+json errors, request ids, access logs, health, readiness
and Prometheus metrics."""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.auth.tokens import TokenVerifier
from shared.db.unit_of_work import UnitOfWork
from shared.messaging.asyncapi import build_asyncapi
from shared.runtime import ServiceRuntime
from shared.settings import ServiceSettings
from shared.web.dead_letters import router as dead_letters_router
from shared.web.problems import install_problem_handlers

log = logging.getLogger("access")

HTTP_REQUESTS = Counter("http_requests_total", "HTTP requests", ["method", "route", "status"])
HTTP_LATENCY = Histogram("http_request_seconds", "HTTP request latency", ["method", "route"])


class RequestContext:
    """Request id, metrics and one access log line per request. Plain ASGI rather than
    ``@app.middleware``: Starlette's BaseHTTPMiddleware runs every request in a task of
    its own with a memory stream, which cost more CPU than many handlers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _header(scope, b"x-request-id") or uuid.uuid4().hex
        # Also for the 500 answer of an unhandled error, sent from outside this middleware.
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = _route_path(scope)
            method = scope["method"]
            HTTP_REQUESTS.labels(method, route, status).inc()
            HTTP_LATENCY.labels(method, route).observe(elapsed)
            principal = scope["state"].get("principal")
            log.info(
                "request",
                extra={"request_id": request_id, "method": method, "route": route, "status": status,
                       "ms": round(elapsed * 1000, 1), "user": principal.actor if principal else None},
            )


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")[:200]
    return None


def _route_path(scope: Scope) -> str:
    """The matched route's template (never the raw path: metrics labels stay few). FastAPI puts
    its own routes in scope["route"]; Starlette's (/openapi.json, /docs) leave their endpoint."""
    route = scope.get("route")
    endpoint = scope.get("endpoint")
    if route is None and endpoint is not None:
        routes = getattr(scope.get("app"), "routes", ())
        route = next((r for r in routes if getattr(r, "endpoint", None) is endpoint), None)
    return getattr(route, "path", None) or "unmatched"


# Swagger UI's files from the npm package swagger-ui-dist (bin/setup installs it with the
# console's assets); RENT_SWAGGER_UI_DIR names another folder (an image's).
SWAGGER_UI_DIR = Path(os.environ.get(
    "RENT_SWAGGER_UI_DIR",
    Path(__file__).resolve().parents[2] / "services" / "console" / "node_modules" / "swagger-ui-dist"))
SWAGGER_ASSETS = "docs-assets"


def swagger_ui_installed(folder: Path = SWAGGER_UI_DIR) -> bool:
    return (folder / "swagger-ui-bundle.js").is_file()


def install_local_docs(app: FastAPI, folder: Path = SWAGGER_UI_DIR) -> None:
    """/docs with Swagger UI served by the service itself from ``folder``: nothing from a CDN.
    The asset addresses are relative, so /docs and the gateway's /billing/docs both find them."""
    app.mount(f"/{SWAGGER_ASSETS}", StaticFiles(directory=folder), name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json", title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{SWAGGER_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{SWAGGER_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{SWAGGER_ASSETS}/favicon-32x32.png",
            oauth2_redirect_url="/docs/oauth2-redirect")

    @app.get("/docs/oauth2-redirect", include_in_schema=False)
    async def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()


def make_verifier(settings: ServiceSettings) -> TokenVerifier:
    return TokenVerifier(
        issuer=settings.auth_issuer,
        audience=settings.auth_audience,
        jwks_url=settings.auth_jwks_url,
        jwks_file=settings.auth_jwks_file,
    )


def create_service_app(
    *,
    title: str,
    settings: ServiceSettings,
    runtime_factory: Callable[[], ServiceRuntime],
    routers: Sequence[APIRouter] = (),
    verifier: TokenVerifier | None = None,
    description: str = "",
    error_statuses: dict[type[Exception], int] | None = None,
) -> FastAPI:
    """``error_statuses`` maps the service's domain exceptions to HTTP statuses; they
    are answered as problem+json with the exception's message as the detail."""
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = runtime_factory()
        app.state.runtime = runtime
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    # Where swagger-ui-dist is not installed (an image built without it) FastAPI's own /docs stays.
    local_docs = swagger_ui_installed()
    app = FastAPI(title=title, description=description, lifespan=lifespan, version="1.0.0",
                  **({"docs_url": None} if local_docs else {}))
    if local_docs:
        install_local_docs(app)
    app.state.token_verifier = verifier or make_verifier(settings)
    install_problem_handlers(app, error_statuses or {})

    app.add_middleware(RequestContext)

    @app.get("/health", tags=["ops"], summary="Liveness: the process is up")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/ready", tags=["ops"], summary="Readiness: database, broker, consumers and relay")
    async def ready(request: Request) -> JSONResponse:
        checks = await request.app.state.runtime.readiness()
        ok = all(value == "ok" for value in checks.values())
        return JSONResponse({"status": "ok" if ok else "unavailable", "checks": checks},
                            status_code=200 if ok else 503)

    @app.get("/asyncapi.json", tags=["ops"], summary="AsyncAPI 3.0 document of this service's events")
    async def asyncapi(request: Request) -> dict[str, Any]:
        runtime: ServiceRuntime = request.app.state.runtime
        return build_asyncapi(settings.service_name, runtime.names, runtime.consumers, description)

    @app.get("/metrics", tags=["ops"], summary="Prometheus metrics")
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    app.include_router(dead_letters_router)
    for router in routers:
        app.include_router(router)
    return app


# Dependencies are coroutines so FastAPI calls them on the event loop, not in its thread pool.
async def get_runtime(request: Request) -> ServiceRuntime:
    return request.app.state.runtime


async def get_uow(request: Request) -> UnitOfWork:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime.unit_of_work()


UowDep = Annotated[UnitOfWork, Depends(get_uow)]
RuntimeDep = Annotated[ServiceRuntime, Depends(get_runtime)]
