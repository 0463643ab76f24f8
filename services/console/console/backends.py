"""Calls to the services with the signed-in user's own bearer token. The console decides
nothing about authorisation: a service's 403 becomes the 403 page, its 404 the 404 page,
and a service that does not answer (or answers 502/503/504) the 503 page naming it."""

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


SERVICE_NAMES = {"billing": "Billing"}


class Backend:
    def __init__(self, name: str, base_url: str, http: httpx.AsyncClient, timeout: float) -> None:
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.http = http
        self.timeout = timeout

    async def get(self, path: str, token: str, params: dict[str, Any] | None = None) -> Any:
        try:
            answer = await self.http.get(f"{self.base_url}{path}", params=params, timeout=self.timeout,
                                         headers={"Authorization": f"Bearer {token}", "Accept": "application/json"})
        except httpx.HTTPError as exc:
            raise ServiceUnavailable(self.name, 503, type(exc).__name__) from None
        if answer.status_code < 400:
            return answer.json()
        detail = _detail(answer)
        if answer.status_code == 404:
            raise NotFound(self.name, 404, detail)
        if answer.status_code == 403:
            raise Forbidden(self.name, 403, detail)
        if answer.status_code == 401:
            raise Unauthorised(self.name, 401, detail)
        if answer.status_code in (502, 503, 504) or answer.status_code >= 500:
            raise ServiceUnavailable(self.name, 503, detail)
        raise BackendError(self.name, answer.status_code, detail)


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
