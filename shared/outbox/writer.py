"""Writing events to the outbox inside the caller's transaction."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncSession

from shared.contracts.envelope import Envelope
from shared.db.platform_tables import OUTBOX_PARTITIONS, outbox_table


def partition_of(aggregate_key: str) -> int:
    # crc32, not hash(): it must agree across processes and restarts.
    return zlib.crc32(aggregate_key.encode()) % OUTBOX_PARTITIONS


def message_headers(envelope: Envelope[Any]) -> dict[str, Any]:
    headers: dict[str, Any] = {
        "x-event-type": envelope.event_type,
        "x-event-version": envelope.version,
        "x-producer": envelope.producer,
        "x-aggregate-key": envelope.aggregate_key,
    }
    if envelope.sequence is not None:
        headers["x-sequence"] = envelope.sequence
    if envelope.correlation_id:
        headers["x-correlation-id"] = str(envelope.correlation_id)
    if envelope.causation_id:
        headers["x-causation-id"] = str(envelope.causation_id)
    return headers


def outbox_row(envelope: Envelope[Any]) -> dict[str, Any]:
    aggregate = envelope.aggregate_key or str(envelope.event_id)
    return {
        "event_id": envelope.event_id,
        "event_type": envelope.event_type,
        "routing_key": envelope.routing_key,
        "aggregate_key": aggregate,
        "partition": partition_of(aggregate),
        "body": envelope.model_dump_json().encode(),
        "headers": message_headers(envelope),
    }


# PostgreSQL delivers a NOTIFY when the transaction commits (and drops it on rollback), so a
# relay listening in any process wakes as soon as the events are there to publish.
OUTBOX_CHANNEL = "rent_outbox"
_NOTIFY = text(f"SELECT pg_notify('{OUTBOX_CHANNEL}', '')")


async def write_outbox(session: AsyncSession, envelopes: Sequence[Envelope[Any]]) -> None:
    if envelopes:
        await session.execute(insert(outbox_table), [outbox_row(e) for e in envelopes])
        await session.execute(_NOTIFY)
