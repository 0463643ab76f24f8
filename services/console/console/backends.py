"""Calls to the services with the signed-in user's own bearer token. The console decides
nothing about authorisation: a service's 403 becomes the 403 page, its 404 the 404 page,
and a service that does not answer (or answers 502/503/504) the 503 page naming it. A
service's 422 (and 409) on a POST is the form's business: ``Invalid`` carries each problem
by the field it concerns, for the GOV.UK error summary."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx


class BackendError(Exception):
    def __init__(self, service: str, status: int, detail: str = "") -> None:
        super().__init__(f"{service}: {status} {detail}")
        self.service = service
        self.status = status
        self.detail = detail


class ServiceUnavailable(BackendError):
    pass


class NotFound(BackendError):
    pass


class Forbidden(BackendError):
    pass


class Unauthorised(BackendError):
    """The service refused the token (expired or revoked): sign in again."""


class Invalid(BackendError):
    """The service refused what was asked (422, 409): the problems by field ("" when the
    problem concerns no one field), to show on the form that asked."""

    def __init__(self, service: str, status: int, detail: str, fields: dict[str, str]) -> None:
        super().__init__(service, status, detail)
        self.fields = fields


SERVICE_NAMES = {"billing": "Billing", "payments": "Payments", "recovery": "Recovery", "refunds": "Refunds",
                 "notifications": "Notifications"}


class Backend:
    def __init__(self, name: str, base_url: str, http: httpx.AsyncClient, timeout: float) -> None:
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.http = http
        self.timeout = timeout

    async def get(self, path: str, token: str, params: dict[str, Any] | None = None) -> Any:
        return (await self._send("GET", path, token, params=params)).json()

    async def get_bytes(self, path: str, token: str, params: dict[str, Any] | None = None,
                        accept: str = "*/*") -> httpx.Response:
        """A download (CSV, PDF) as the service sent it."""
        return await self._send("GET", path, token, params=params, accept=accept)

    async def post(self, path: str, token: str, body: Any = None, *, idempotency_key: str | None = None) -> Any:
        """POST JSON; with the rendered form's idempotency key, a double submission is answered
        once by the service. 422 and 409 raise ``Invalid`` with the problems by field."""
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        answer = await self._send("POST", path, token, json=body, headers=headers)
        return answer.json() if answer.content else None

    async def patch(self, path: str, token: str, body: Any = None) -> Any:
        """PATCH JSON; 422 and 409 raise ``Invalid`` as a POST's do."""
        answer = await self._send("PATCH", path, token, json=body)
        return answer.json() if answer.content else None

    async def _send(self, method: str, path: str, token: str, *, params: dict[str, Any] | None = None,
                    json: Any = None, headers: dict[str, str] | None = None,
                    accept: str = "application/json") -> httpx.Response:
        try:
            answer = await self.http.request(
                method, f"{self.base_url}{path}", params=params, json=json, timeout=self.timeout,
                headers={"Authorization": f"Bearer {token}", "Accept": accept, **(headers or {})})
        except httpx.HTTPError as exc:
            raise ServiceUnavailable(self.name, 503, type(exc).__name__) from None
        if answer.status_code < 400:
            return answer
        detail = _detail(answer)
        if answer.status_code == 404:
            raise NotFound(self.name, 404, detail)
        if answer.status_code == 403:
            raise Forbidden(self.name, 403, detail)
        if answer.status_code == 401:
            raise Unauthorised(self.name, 401, detail)
        if answer.status_code in (409, 422):
            raise Invalid(self.name, answer.status_code, detail, problem_fields(answer))
        if answer.status_code >= 500:
            raise ServiceUnavailable(self.name, 503, detail)
        raise BackendError(self.name, answer.status_code, detail)


def problem_fields(answer: httpx.Response) -> dict[str, str]:
    """{field: message} from a problem+json's ``errors`` (the last part of each ``loc``, body
    fields only); the detail under "" when no error names a field."""
    try:
        problem = answer.json()
    except ValueError:
        return {"": ""}
    fields: dict[str, str] = {}
    for error in problem.get("errors") or ():
        loc = [str(part) for part in error.get("loc") or () if part not in ("body", "query")]
        fields.setdefault(loc[-1] if loc else "", str(error.get("msg", "")))
    if not fields:
        fields[""] = str(problem.get("detail") or problem.get("title") or "")
    return fields


def _detail(answer: httpx.Response) -> str:
    try:
        return str(answer.json().get("detail", ""))[:300]
    except ValueError:
        return ""


class Billing(Backend):
    async def account(self, ref: str, token: str) -> dict[str, Any]:
        return await self.get(f"/accounts/{quote(ref, safe='')}", token)

    async def property(self, ref: str, token: str) -> dict[str, Any]:
        return await self.get(f"/properties/{quote(ref, safe='')}", token)


class Payments(Backend):
    pass


class Recovery(Backend):
    pass


class Refunds(Backend):
    pass


class Notifications(Backend):
    pass


BACKENDS: dict[str, type[Backend]] = {"billing": Billing, "payments": Payments, "recovery": Recovery,
                                      "refunds": Refunds, "notifications": Notifications}
