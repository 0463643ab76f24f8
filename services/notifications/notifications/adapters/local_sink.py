"""Development delivery: writes what would be sent (the request and the PDF) to a
folder instead of sending it."""

from __future__ import annotations

import asyncio
import json
import os
from datetime import UTC, datetime
from pathlib import Path

from notifications.adapters.gateways import Accepted, Outgoing
from notifications.domain.configuration import NotifyTemplates


class LocalSink:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    async def send(self, message: Outgoing, templates: NotifyTemplates) -> Accepted:
        return await asyncio.to_thread(self._write, message)

    async def find(self, reference: str) -> Accepted | None:
        path = self.folder / f"{reference}.json"
        return Accepted(provider_ref=str(path), delivered=True) if path.exists() else None

    def _write(self, message: Outgoing) -> Accepted:
        self.folder.mkdir(parents=True, exist_ok=True)
        pdf_path = self.folder / message.filename
        _atomic_write(pdf_path, message.pdf)
        record = {
            "reference": message.reference, "channel": message.channel.value, "letter_type": message.letter_type,
            "to": message.to, "subject": message.subject, "body": message.body, "postage": message.postage,
            "pdf": pdf_path.name, "written_at": datetime.now(UTC).isoformat(),
        }
        path = self.folder / f"{message.reference}.json"
        # The JSON goes last: its presence means the whole message was written.
        _atomic_write(path, json.dumps(record, indent=2).encode())
        return Accepted(provider_ref=str(path), delivered=True)


def _atomic_write(path: Path, content: bytes) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(content)
    os.replace(tmp, path)
