"""A probe consumer process that applies a message's effects and then hangs before
committing, so a test can kill it with SIGKILL at the worst moment."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from sqlalchemy import text

from shared.contracts.payments import PaymentReceivedV1
from shared.db.unit_of_work import UnitOfWork
from shared.messaging.consumer import Consumer, Incoming
from shared.runtime import ServiceRuntime
from shared.settings import ServiceSettings


async def main(settings_json: str, marker: str) -> None:
    settings = ServiceSettings(**json.loads(settings_json))

    async def handle(msg: Incoming, uow: UnitOfWork) -> None:
        await uow.session.execute(
            text("INSERT INTO effect (message_id, payload) VALUES (:m, 'crash')"), {"m": msg.message_id}
        )
        await uow.session.flush()
        Path(marker).write_text(msg.message_id)
        await asyncio.sleep(3600)  # killed here, before commit and ack

    runtime = ServiceRuntime(settings, [Consumer.for_events("probe.payments", {PaymentReceivedV1: handle})])
    await runtime.start()
    await asyncio.sleep(3600)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
