"""Where rentctl keeps its gateway address and token between commands."""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

DEFAULT_GATEWAY = "http://127.0.0.1:8080"


def config_dir() -> Path:
    return Path(os.environ.get("RENTCTL_CONFIG_DIR") or Path.home() / ".config" / "rentctl")


@dataclass
class Session:
    gateway: str
    token: str
    username: str
    roles: list[str]
    expires_at: float

    @property
    def expired(self) -> bool:
        return time.time() >= self.expires_at

    def save(self) -> Path:
        path = config_dir() / "session.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        # The token is a credential: readable by its owner only.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            json.dump(asdict(self), out)
        return path


def load_session() -> Session | None:
    path = config_dir() / "session.json"
    if not path.exists():
        return None
    return Session(**json.loads(path.read_text()))


def gateway_url(explicit: str | None = None) -> str:
    session = load_session()
    return (explicit or os.environ.get("RENTCTL_GATEWAY") or (session.gateway if session else None)
            or DEFAULT_GATEWAY).rstrip("/")
