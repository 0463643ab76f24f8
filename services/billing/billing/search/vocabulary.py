"""The search vocabulary loop: a loop in the billing process that refreshes search_word (every
word of tenants' names and addresses) every few minutes, so a mistyped word finds the names
let since. Words typed in full are found at once whatever the vocabulary holds. A failed
refresh is logged, marks the loop unhealthy and is tried again on the next pass."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from billing.search.queries import refresh_vocabulary
from shared.runtime import ServiceRuntime

log = logging.getLogger(__name__)


class SearchVocabulary:
    def __init__(self, every_seconds: float = 300.0) -> None:
        self.every_seconds = every_seconds
        self.healthy = True
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    async def run_once(self, runtime: ServiceRuntime) -> None:
        try:
            async with runtime.session_factory() as session:
                await refresh_vocabulary(session)
                await session.commit()
        except Exception as exc:  # reported and retried on the next pass
            self.healthy = False
            log.error("search vocabulary refresh failed", extra={"error": str(exc)})
            return
        self.healthy = True

    def start(self, runtime: ServiceRuntime) -> None:
        self._task = asyncio.create_task(self._loop(runtime), name="search-vocabulary")

    async def _loop(self, runtime: ServiceRuntime) -> None:
        while not self._stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=self.every_seconds)
            if not self._stopping.is_set():
                await self.run_once(runtime)

    async def stop(self) -> None:
        self._stopping.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
