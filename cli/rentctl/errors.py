"""Errors rentctl reports to the user: one clear sentence each, and an exit code."""

from __future__ import annotations


class CliError(Exception):
    exit_code = 1


class NotLoggedIn(CliError):
    exit_code = 2


class AlreadyDone(CliError):
    """What was asked is already the case (e.g. this seed's estate is loaded)."""

    exit_code = 6


class ServerRefused(CliError):
    """The service answered with a problem (4xx/5xx)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status
        self.exit_code = 4 if status < 500 else 5


def problem_message(status: int, body: object, what: str) -> str:
    """A readable sentence from a problem+json answer (RFC 9457), listing every error."""
    if isinstance(body, dict):
        title = body.get("title") or f"HTTP {status}"
        detail = body.get("detail")
        parts = [f"{what}: {title}" + (f": {detail}" if detail else "")]
        for err in body.get("errors") or []:
            if isinstance(err, dict):
                where = ".".join(str(x) for x in err.get("loc", []) if x != "body")
                parts.append(f"  - {where or 'request'}: {err.get('msg', '')}")
        return "\n".join(parts)
    return f"{what}: HTTP {status}" + (f": {str(body)[:300]}" if body else "")
