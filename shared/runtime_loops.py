"""Background loops a service runs beside its consumers and relay (a delivery worker, a
drop-folder watcher, a scheduled review): started after the runtime, stopped before it
(so a loop's last pass can still use the database and publisher), and reported by
readiness under their names."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any, Protocol

from shared.db.unit_of_work import DomainReactions
from shared.messaging.consumer import Consumer
from shared.runtime import ServiceRuntime
from shared.settings import ServiceSettings


class BackgroundLoop(Protocol):
    async def run(self) -> None: ...

    def stop(self) -> None: ...


class LoopingRuntime(ServiceRuntime):
    """``loops`` maps a readiness name to a loop; a loop with a ``healthy`` attribute that
    is False (its last pass failed) makes the service not ready, as a dead one does."""

    def __init__(self, settings: ServiceSettings, consumers: list[Consumer], loops: dict[str, BackgroundLoop],
                 *, stop_timeout: float = 30.0, domain_reactions: DomainReactions | None = None) -> None:
        super().__init__(settings, consumers, domain_reactions)
        self.loops = loops
        self._stop_timeout = stop_timeout
        self._tasks: dict[str, asyncio.Task[None]] = {}

    async def start(self) -> None:
        await super().start()
        for name, loop in self.loops.items():
            self._tasks[name] = asyncio.create_task(loop.run(), name=name)

    async def stop(self) -> None:
        for name, task in self._tasks.items():
            self.loops[name].stop()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(task, timeout=self._stop_timeout)
        self._tasks.clear()
        await super().stop()

    async def readiness(self) -> dict[str, Any]:
        checks = await super().readiness()
        for name, loop in self.loops.items():
            task = self._tasks.get(name)
            alive = task is not None and not task.done() and getattr(loop, "healthy", True)
            checks[name] = "ok" if alive else "failing"
        return checks
