"""Entry point body shared by every service's ``__main__``."""

from __future__ import annotations

from collections.abc import Callable

import uvicorn
from fastapi import FastAPI

from shared.logging import configure_logging
from shared.settings import ServiceSettings


def serve(settings: ServiceSettings, create_app: Callable[[ServiceSettings], FastAPI], port: int) -> None:
    configure_logging(settings.service_name, settings.log_level, json_output=settings.log_json)
    uvicorn.run(
        create_app(settings),
        host=settings.bind_host,
        port=port,
        log_config=None,
        # The C event loop and HTTP parser: several times less CPU per request than the
        # pure-Python defaults (asyncio's loop and h11), and asyncpg runs faster on uvloop.
        loop="uvloop",
        http="httptools",
        timeout_graceful_shutdown=int(settings.graceful_timeout_seconds),
    )
