"""RFC 9457 problem+json errors."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"
# PostgreSQL refuses a NUL character in any text; pydantic lets it through.
NUL_REFUSED = 'invalid byte sequence for encoding "UTF8": 0x00'


class ProblemError(Exception):
    """Raise from a route (or map a domain error to it) to answer with problem+json."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str | None = None,
        *,
        type_: str = "about:blank",
        **extensions: Any,
    ) -> None:
        super().__init__(detail or title)
        self.status = status
        self.title = title
        self.detail = detail
        self.type = type_
        self.extensions = extensions


def problem_response(
    status: int, title: str, detail: str | None = None, type_: str = "about:blank", **ext: Any
) -> JSONResponse:
    body: dict[str, Any] = {"type": type_, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(ext)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def install_problem_handlers(app: FastAPI, error_statuses: dict[type[Exception], int]) -> None:
    for exc_type, status in error_statuses.items():
        _install_domain_error(app, exc_type, status)

    @app.exception_handler(ProblemError)
    async def _problem(_: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(exc.status, exc.title, exc.detail, exc.type, **exc.extensions)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(err.get("loc", ())), "msg": err.get("msg", ""), "type": err.get("type", "")}
            for err in exc.errors()
        ]
        return problem_response(422, "Request is not valid", f"{len(errors)} problem(s) in the request",
                                "urn:rent:problem:validation", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        response = problem_response(exc.status_code, str(exc.detail))
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(DBAPIError)
    async def _database(_: Request, exc: DBAPIError) -> JSONResponse:
        if NUL_REFUSED in str(exc.orig):  # the unit of work was rolled back: nothing was applied
            return problem_response(422, "Request is not valid", "text must not contain NUL (\\u0000) characters",
                                    "urn:rent:problem:validation")
        raise exc  # any other database error is unexpected: logged and answered 500 below

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        response = problem_response(500, "Internal error", "The error was logged; nothing was changed.")
        # Answered from outside the request-context middleware, which cannot add its header.
        request_id = request.scope.get("state", {}).get("request_id")
        if request_id:
            response.headers["x-request-id"] = request_id
        return response


def _install_domain_error(app: FastAPI, exc_type: type[Exception], status: int) -> None:
    title = {400: "Bad request", 404: "Not found", 409: "Conflict", 422: "Request refused"}.get(status, "Error")

    async def handler(_: Request, exc: Exception) -> JSONResponse:
        slug = type(exc).__name__.lower()
        return problem_response(status, title, str(exc), f"urn:rent:problem:{slug}")

    app.add_exception_handler(exc_type, handler)
