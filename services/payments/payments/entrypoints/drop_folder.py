"""The watched drop folder: upstream systems (or an SFTP job) put income files in
``<drop folder>/<format>/`` (e.g. ``cash_csv/``, ``camt053/``, ``arudd/``), writing under a
name starting with '.' or ending '.part' and renaming when complete.

Each file is claimed by an atomic rename into ``.work/<format>/`` (so several payments
processes can watch one folder), imported, then moved to ``imported/``, ``rejected/`` or
``duplicate/`` with ``<name>.report.json`` beside it. A file left in ``.work/`` by a
process that stopped mid-import is offered again when a watcher starts: its checksum
finds the interrupted import, which resumes where it stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import Callable
from pathlib import Path

from payments.adapters.formats import DEFAULT_SOURCE, FileFormat
from payments.service_layer.file_import import DuplicateFile, FileOffer, FileRejected, import_file
from shared.db.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


class DropFolderWatcher:
    def __init__(self, root: Path, new_uow: Callable[[], UnitOfWork], poll_seconds: float) -> None:
        self.root = root
        self._new_uow = new_uow
        self._poll = poll_seconds
        self._stopping = asyncio.Event()

    def prepare(self) -> None:
        for name in [*(f.value for f in FileFormat), *(f".work/{f.value}" for f in FileFormat),
                     "imported", "rejected", "duplicate"]:
            (self.root / name).mkdir(parents=True, exist_ok=True)

    async def run(self) -> None:
        self.prepare()
        await self.resume_interrupted()
        while not self._stopping.is_set():
            try:
                await self.scan_once()
            except Exception:
                log.exception("drop folder scan failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=self._poll)

    def stop(self) -> None:
        self._stopping.set()

    async def scan_once(self) -> list[dict]:
        results = []
        for file_format in FileFormat:
            for path in sorted((self.root / file_format.value).iterdir()):
                if path.is_file() and not path.name.startswith(".") and not path.name.endswith(".part"):
                    claimed = self._claim(path)
                    if claimed is not None:
                        results.append(await self._import(claimed, path.name, file_format))
        return results

    async def resume_interrupted(self) -> None:
        for file_format in FileFormat:
            for path in sorted((self.root / ".work" / file_format.value).iterdir()):
                try:
                    await self._import(path, path.name.split("-", 1)[1], file_format)
                except Exception:
                    log.exception("could not resume an interrupted import", extra={"file": path.name})

    def _claim(self, path: Path) -> Path | None:
        target = self.root / ".work" / path.parent.name / f"{uuid.uuid4().hex}-{path.name}"
        try:
            path.rename(target)
        except FileNotFoundError:
            return None  # another watcher took it
        return target

    async def _import(self, path: Path, name: str, file_format: FileFormat) -> dict:
        offer = FileOffer(path, file_format, name, DEFAULT_SOURCE[file_format], "drop_folder", "system:drop-folder")
        try:
            file_id = await import_file(offer, self._new_uow)
            outcome = {"status": "imported", "file_id": str(file_id)}
        except DuplicateFile as exc:
            outcome = {"status": "duplicate", "file_id": str(exc.file_id), "reason": str(exc)}
        except FileRejected as exc:
            outcome = {"status": "rejected", "file_id": str(exc.file_id), "reason": exc.reason}
        await asyncio.to_thread(self._file_away, path, name, outcome)
        log.info("drop folder file processed", extra={"file_id": outcome["file_id"], "status": outcome["status"]})
        return outcome

    def _file_away(self, path: Path, name: str, outcome: dict) -> None:
        folder = self.root / outcome["status"]
        final = folder / f"{outcome['file_id']}-{name}"
        path.rename(final)
        (folder / f"{final.name}.report.json").write_text(json.dumps({"file": name, **outcome}, indent=2))
