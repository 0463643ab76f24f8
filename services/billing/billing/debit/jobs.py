"""Background jobs of the billing process: debit runs started through the API, and
runs a stopped or crashed process left unfinished (resumed when the app starts)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid

from billing.debit import service as debit_run
from shared.runtime import ServiceRuntime

log = logging.getLogger(__name__)


class DebitJobs:
    def __init__(self) -> None:
        self._tasks: dict[uuid.UUID, asyncio.Task[str]] = {}

    def start(self, runtime: ServiceRuntime, run_id: uuid.UUID) -> None:
        task = self._tasks.get(run_id)
        if task is not None and not task.done():
            return
        self._tasks[run_id] = asyncio.create_task(self._run(runtime, run_id), name=f"debit-run-{run_id}")

    async def _run(self, runtime: ServiceRuntime, run_id: uuid.UUID) -> str:
        try:
            return await debit_run.execute(runtime.session_factory, run_id, on_commit=runtime.relay.notify)
        except Exception:
            return "failed"  # recorded on the run and logged by execute

    async def resume_interrupted(self, runtime: ServiceRuntime) -> None:
        async with runtime.session_factory() as session:
            for run_id in await debit_run.interrupted_runs(session):
                log.info("resuming debit run", extra={"run_id": str(run_id)})
                self.start(runtime, run_id)

    async def stop(self) -> None:
        """Cancel what runs: a cancelled run keeps its committed batches and resumes later."""
        for task in self._tasks.values():
            task.cancel()
        for task in self._tasks.values():
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
