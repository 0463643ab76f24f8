"""Payments' runtime: the shared service runtime plus the drop folder watcher."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from payments.config import PaymentsSettings
from payments.entrypoints.drop_folder import DropFolderWatcher
from shared.db.unit_of_work import UnitOfWork
from shared.messaging.consumer import Consumer
from shared.runtime import ServiceRuntime


class PaymentsRuntime(ServiceRuntime):
    def __init__(self, settings: PaymentsSettings, consumers: list[Consumer]) -> None:
        super().__init__(settings, consumers)
        self.watcher = (
            DropFolderWatcher(Path(settings.drop_folder), self.new_uow, settings.drop_folder_poll_seconds)
            if settings.drop_folder else None
        )
        self._watch_task: asyncio.Task[None] | None = None

    def new_uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory, on_commit=self.relay.notify)

    async def start(self) -> None:
        await super().start()
        if self.watcher is not None:
            self._watch_task = asyncio.create_task(self.watcher.run(), name="drop-folder")

    async def stop(self) -> None:
        if self._watch_task is not None and self.watcher is not None:
            self.watcher.stop()  # a file being imported finishes its current chunk's transaction
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(self._watch_task, timeout=self.settings.graceful_timeout_seconds)
            self._watch_task = None
        await super().stop()
