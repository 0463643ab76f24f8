"""The daily general ledger export: a loop in the billing process that, once the
``gl_daily_export_from`` setting names a start day, exports each ended day not yet in a
journal. A refused export (say, activity with no ledger code) is logged and marks the loop
unhealthy; the next pass tries again, so fixing the mapping is enough."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from billing.gl import service as gl_journals
from shared.runtime import ServiceRuntime

log = logging.getLogger(__name__)

ACTOR = "system:gl-daily-export"


class GlDailyExport:
    def __init__(self, poll_seconds: float = 900.0) -> None:
        self.poll_seconds = poll_seconds
        self.healthy = True
        self.last_error: str | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    async def run_once(self, runtime: ServiceRuntime) -> int:
        try:
            exported = await gl_journals.export_due_days(runtime.unit_of_work, ACTOR)
        except Exception as exc:  # any refusal is reported and retried on the next pass
            self.healthy, self.last_error = False, str(exc)
            log.error("daily general ledger export failed", extra={"error": str(exc)})
            return 0
        self.healthy, self.last_error = True, None
        for journal in exported:
            log.info("general ledger journal exported", extra={"journal_id": str(journal["journal_id"]),
                                                               "period": str(journal["period_from"])})
        return len(exported)

    def start(self, runtime: ServiceRuntime) -> None:
        self._task = asyncio.create_task(self._loop(runtime), name="gl-daily-export")

    async def _loop(self, runtime: ServiceRuntime) -> None:
        while not self._stopping.is_set():
            await self.run_once(runtime)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=self.poll_seconds)

    async def stop(self) -> None:
        self._stopping.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
