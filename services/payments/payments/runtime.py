"""Payments' runtime: the shared service runtime plus the drop folder watcher."""

from __future__ import annotations

from pathlib import Path

from payments.config import PaymentsSettings
from payments.entrypoints.drop_folder import DropFolderWatcher
from shared.db.unit_of_work import UnitOfWork
from shared.messaging.consumer import Consumer
from shared.runtime_loops import LoopingRuntime


class PaymentsRuntime(LoopingRuntime):
    def __init__(self, settings: PaymentsSettings, consumers: list[Consumer]) -> None:
        # A file being imported when we stop finishes its current chunk's transaction.
        super().__init__(settings, consumers, {}, stop_timeout=settings.graceful_timeout_seconds)
        self.watcher = (
            DropFolderWatcher(Path(settings.drop_folder), self.new_uow, settings.drop_folder_poll_seconds)
            if settings.drop_folder else None
        )
        if self.watcher is not None:
            self.loops["drop_folder"] = self.watcher

    def new_uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory, on_commit=self.relay.notify)
