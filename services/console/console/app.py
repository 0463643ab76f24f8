"""The console's FastAPI application: templates (the app's own beside the GOV.UK macros),
GOV.UK Frontend's assets served from the npm package, the session cookie, error pages."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlencode

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from console.backends import BACKENDS, SERVICE_NAMES, Forbidden, NotFound, ServiceUnavailable, Unauthorised
from console.config import PACKAGE_ROOT, ConsoleSettings
from console.formatting import FILTERS
from console.oidc import OidcClient
from console.screens.account import routes as account
from console.screens.arrangements import routes as arrangements
from console.screens.case import routes as case
from console.screens.home import routes as home
from console.screens.search import routes as search
from console.screens.sign_in import routes as sign_in
from console.screens.statement import routes as statement
from console.screens.worktray import routes as worktray
from console.session import SESSION_COOKIE, Sealer, cookie_secure
from console.web import CsrfRejected, SignInRequired, render

log = logging.getLogger("console")


def template_environment() -> Environment:
    loader = ChoiceLoader([
        FileSystemLoader(PACKAGE_ROOT),
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
    ])
    env = Environment(loader=loader, autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    env.filters.update(FILTERS)  # money, long_date, label, ... as every screen writes them
    env.globals["organisation_name"] = ConsoleSettings.model_fields["organisation_name"].default
    return env


def govuk_dist(settings: ConsoleSettings) -> Path:
    dist = settings.assets_dir / "govuk-frontend" / "dist" / "govuk"
    if not (dist / "govuk-frontend.min.css").exists():
        raise RuntimeError(f"GOV.UK Frontend is not installed at {dist}: run bin/setup (npm ci in services/console)")
    return dist


def create_app(settings: ConsoleSettings) -> FastAPI:
    dist = govuk_dist(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with httpx.AsyncClient() as http:
            app.state.oidc = OidcClient(settings, http)
            for name, backend in BACKENDS.items():
                setattr(app.state, name, backend(name, getattr(settings, f"{name}_url"), http,
                                                  settings.backend_timeout_seconds))
            yield

    app = FastAPI(title="Rent accounts (staff console)", lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url=None)
    app.state.settings = settings
    app.state.sealer = sealer = Sealer(settings.session_key)
    app.state.templates = Jinja2Templates(env=template_environment())
    app.state.templates.env.globals["organisation_name"] = settings.organisation_name

    @app.middleware("http")
    async def session_cookie(request: Request, call_next) -> Response:
        request.state.session = sealer.unseal_session(request.cookies.get(SESSION_COOKIE))
        request.state.session_changed = False
        request.state.clear_session = False
        response: Response = await call_next(request)
        secure = cookie_secure(request.url.scheme, request.headers.get("host"))
        if request.state.clear_session:
            response.delete_cookie(SESSION_COOKIE, path="/", secure=secure, httponly=True, samesite="lax")
        elif request.state.session_changed and request.state.session is not None:
            response.set_cookie(SESSION_COOKIE, sealer.seal_session(request.state.session), path="/",
                                secure=secure, httponly=True, samesite="lax")
        if request.url.path.startswith("/assets/"):
            response.headers.setdefault("Cache-Control", "public, max-age=3600")
        else:
            response.headers["Cache-Control"] = "no-store"
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    @app.exception_handler(SignInRequired)
    async def sign_in_required(request: Request, exc: SignInRequired) -> Response:
        response = RedirectResponse("/sign-in?" + urlencode({"return_to": exc.return_to}), status_code=303)
        if request.state.clear_session:
            response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @app.exception_handler(Unauthorised)
    async def unauthorised(request: Request, exc: Unauthorised) -> Response:
        request.state.clear_session = True
        response = RedirectResponse("/sign-in?" + urlencode({"return_to": request.url.path}), status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return render(request, "screens/errors/not_found.html", status_code=404)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return render(request, "screens/errors/forbidden.html", {"detail": exc.detail}, status_code=403)

    @app.exception_handler(ServiceUnavailable)
    async def unavailable(request: Request, exc: ServiceUnavailable) -> Response:
        log.warning("service unavailable", extra={"service": exc.service, "detail": exc.detail})
        return render(request, "screens/errors/unavailable.html",
                      {"service": SERVICE_NAMES.get(exc.service, exc.service.title())}, status_code=503)

    @app.exception_handler(CsrfRejected)
    async def csrf_rejected(request: Request, exc: CsrfRejected) -> Response:
        return render(request, "screens/errors/forbidden.html",
                      {"detail": "This form has expired or did not come from this site. Go back and try again."},
                      status_code=403)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return render(request, "screens/errors/not_found.html", status_code=404)
        return render(request, "screens/errors/problem.html", {"status": exc.status_code},
                      status_code=exc.status_code)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error")
        return render(request, "screens/errors/problem.html", {"status": 500}, status_code=500)

    @app.get("/health", include_in_schema=False)
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    # GOV.UK Frontend's built CSS and JavaScript, and its fonts and images at /assets/ (the
    # path its stylesheet expects), all from the npm package: nothing from a CDN.
    files = {
        "govuk-frontend.min.css": dist / "govuk-frontend.min.css",
        "govuk-frontend.min.js": dist / "govuk-frontend.min.js",
        "console.css": PACKAGE_ROOT / "static" / "console.css",
        "console-init.js": PACKAGE_ROOT / "static" / "console-init.js",
        "manifest.json": dist / "assets" / "manifest.json",
    }
    for name, path in files.items():
        app.add_api_route(f"/assets/{name}", _file_endpoint(path), methods=["GET", "HEAD"], include_in_schema=False)
    app.mount("/assets/fonts", StaticFiles(directory=dist / "assets" / "fonts"), name="fonts")
    app.mount("/assets/images", StaticFiles(directory=dist / "assets" / "images"), name="images")

    for screen in (sign_in, home, search, account, statement):
        app.include_router(screen.router)
    for screen in (worktray, case, arrangements):  # the caseload worktray, case page and arrangements
        app.include_router(screen.router)
    return app


def _file_endpoint(path: Path):
    async def serve_file() -> FileResponse:
        return FileResponse(path)

    return serve_file
