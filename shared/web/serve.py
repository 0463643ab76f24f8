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
        timeout_graceful_shutdown=int(settings.graceful_timeout_seconds),
    )
