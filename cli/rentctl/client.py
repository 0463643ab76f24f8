"""HTTP to the gateway: the bearer token, problem+json turned into clear errors, and each
service's OpenAPI document where a command checks its input against it."""

from __future__ import annotations

from typing import Any

import httpx

from rentctl.errors import CliError, NotLoggedIn, ServerRefused, problem_message
from rentctl.session import Session, gateway_url, load_session


class Gateway:
    def __init__(self, base_url: str, token: str | None, *, timeout: float = 30.0) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.base_url = base_url
        self.http = httpx.Client(base_url=base_url, headers=headers, timeout=timeout)
        self._documents: dict[str, dict[str, Any]] = {}

    @classmethod
    def from_session(cls, explicit_gateway: str | None = None) -> Gateway:
        session: Session | None = load_session()
        if session is None:
            raise NotLoggedIn("not logged in: run `rentctl login USERNAME --role ROLE` first")
        if session.expired:
            raise NotLoggedIn(f"the token of {session.username} has expired: run `rentctl login` again")
        return cls(gateway_url(explicit_gateway), session.token)

    def close(self) -> None:
        self.http.close()

    def request(self, method: str, path: str, *, what: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self.http.request(method, path, **kwargs)
        except httpx.ConnectError:
            raise CliError(f"cannot reach the gateway at {self.base_url}: is the stack running (bin/run-stack)?") \
                from None
        except httpx.TimeoutException:
            raise CliError(f"{what}: the gateway at {self.base_url} did not answer in time") from None
        if response.status_code == 401:
            raise NotLoggedIn(problem_message(401, _json(response), what) + "\n(run `rentctl login` again)")
        if response.status_code >= 400:
            raise ServerRefused(problem_message(response.status_code, _json(response), what), response.status_code)
        return response

    def get(self, path: str, *, what: str, **kwargs: Any) -> Any:
        return self.request("GET", path, what=what, **kwargs).json()

    def post(self, path: str, *, what: str, **kwargs: Any) -> Any:
        return self.request("POST", path, what=what, **kwargs).json()

    def document(self, service: str) -> dict[str, Any]:
        """The service's OpenAPI document (read once)."""
        if service not in self._documents:
            self._documents[service] = self.get(f"/{service}/openapi.json", what=f"reading {service}'s API")
        return self._documents[service]


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return response.text
