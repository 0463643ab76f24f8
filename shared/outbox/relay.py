"""The outbox relay: moves committed events from the outbox to the broker.

Each pass claims a few outbox partitions with ``FOR UPDATE SKIP LOCKED`` (so several
relays can run at once without touching the same rows), publishes their unpublished
rows in id order — one aggregate's events one after another, different aggregates
concurrently — and marks the rows published only after every confirm arrived. If any
publish fails, the whole pass rolls back and is retried later: consumers may see a
message twice (the inbox absorbs it) but never out of order, and nothing is lost.

The relay wakes when events are committed: at once in its own process (``notify``), and
through PostgreSQL's LISTEN/NOTIFY for commits in any other process on the database (the
writer notifies in the same transaction). Polling every ``poll_seconds`` is only the
safety net, so an idle service costs next to nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from datetime import timedelta

import asyncpg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.messaging.metrics import OUTBOX_FAILURES, OUTBOX_PENDING, OUTBOX_PUBLISHED
from shared.messaging.publisher import ConfirmingPublisher
from shared.outbox.writer import OUTBOX_CHANNEL

log = logging.getLogger(__name__)

CLAIM_PARTITIONS = text(
    """
    SELECT p.partition FROM outbox_partition p
    WHERE EXISTS (SELECT 1 FROM outbox o WHERE o.partition = p.partition AND o.published_at IS NULL)
    ORDER BY random()
    LIMIT :limit
    FOR UPDATE OF p SKIP LOCKED
    """
)
PENDING_ROWS = text(
    """
    SELECT id, event_id, routing_key, aggregate_key, event_type, body, headers FROM outbox
    WHERE partition = ANY(:partitions) AND published_at IS NULL
    ORDER BY id LIMIT :limit
    """
)
MARK_PUBLISHED = text("UPDATE outbox SET published_at = now() WHERE id = ANY(:ids)")
COUNT_PENDING = text("SELECT count(*) FROM outbox WHERE published_at IS NULL")
PURGE = text("DELETE FROM outbox WHERE published_at < now() - make_interval(secs => :secs)")


class OutboxRelay:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        publisher: ConfirmingPublisher,
        *,
        batch_size: int = 500,
        partitions_per_pass: int = 4,
        poll_seconds: float = 0.2,
        keep_published: timedelta = timedelta(days=7),
        listen_dsn: str | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._publisher = publisher
        self._batch_size = batch_size
        self._partitions_per_pass = partitions_per_pass
        self._poll_seconds = poll_seconds
        self._keep_published = keep_published
        self._listen_dsn = listen_dsn
        self._stopping = asyncio.Event()
        self._wakeup = asyncio.Event()
        self.healthy = True

    def notify(self) -> None:
        """Wake the relay now (called after a local commit wrote outbox rows)."""
        self._wakeup.set()

    async def run_once(self) -> int:
        """One pass; returns how many events were published."""
        async with self._session_factory() as session, session.begin():
            partitions = (
                await session.execute(CLAIM_PARTITIONS, {"limit": self._partitions_per_pass})
            ).scalars().all()
            if not partitions:
                return 0
            rows = (
                await session.execute(
                    PENDING_ROWS, {"partitions": list(partitions), "limit": self._batch_size}
                )
            ).all()
            by_aggregate: dict[str, list] = defaultdict(list)
            for row in rows:
                by_aggregate[row.aggregate_key].append(row)
            await asyncio.gather(*(self._publish_in_order(group) for group in by_aggregate.values()))
            await session.execute(MARK_PUBLISHED, {"ids": [row.id for row in rows]})
        OUTBOX_PUBLISHED.inc(len(rows))
        return len(rows)

    async def _publish_in_order(self, rows: list) -> None:
        for row in rows:
            await self._publisher.publish(
                exchange=self._publisher.names.events_exchange,
                routing_key=row.routing_key,
                body=bytes(row.body),
                message_id=str(row.event_id),
                headers=row.headers,
                message_type=row.event_type,
            )

    async def pending(self) -> int:
        async with self._session_factory() as session:
            return int((await session.execute(COUNT_PENDING)).scalar_one())

    async def purge_published(self) -> None:
        async with self._session_factory() as session, session.begin():
            await session.execute(PURGE, {"secs": self._keep_published.total_seconds()})

    async def run(self) -> None:
        """Run until ``stop``; broker or database outages are waited out, not fatal."""
        listener = asyncio.create_task(self._listen(), name="outbox-listener") if self._listen_dsn else None
        try:
            await self._relay()
        finally:
            if listener is not None:
                listener.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await listener

    async def _listen(self) -> None:
        """LISTEN for commits that wrote outbox rows, in any process on this database, and
        wake the relay; polling stays as the safety net (a lost connection, a missed
        notification). Reconnects after a database outage."""
        assert self._listen_dsn is not None
        backoff = 0.5
        while not self._stopping.is_set():
            try:
                connection = await asyncpg.connect(self._listen_dsn, timeout=10)
            except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
                log.warning("outbox listener cannot connect: %s", type(exc).__name__)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 10.0)
                continue
            backoff = 0.5
            try:
                await connection.add_listener(OUTBOX_CHANNEL, lambda *_: self.notify())
                self.notify()  # whatever was committed while nobody listened
                while not self._stopping.is_set() and not connection.is_closed():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._stopping.wait(), timeout=1.0)
            except (OSError, asyncpg.PostgresError) as exc:
                log.warning("outbox listener lost its connection: %s", type(exc).__name__)
            finally:
                with contextlib.suppress(Exception):
                    await connection.close(timeout=2)

    async def _relay(self) -> None:
        first_backoff = min(self._poll_seconds, 0.2)
        backoff = first_backoff
        passes = 0
        while not self._stopping.is_set():
            # Cleared before the pass, not after: a commit notified while the pass runs
            # (its rows perhaps not yet visible to it) starts another pass at once.
            self._wakeup.clear()
            try:
                published = await self.run_once()
                self.healthy = True
                backoff = first_backoff
                passes += 1
                if passes % 500 == 0:
                    OUTBOX_PENDING.set(await self.pending())
                    await self.purge_published()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.healthy = False
                OUTBOX_FAILURES.inc()
                log.warning("outbox relay pass failed: %s", type(exc).__name__)
                backoff = min(backoff * 2, 5.0)
                await self._sleep(backoff)
                continue
            if published == 0:
                await self._sleep(self._poll_seconds)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wakeup.wait(), timeout=seconds)

    def stop(self) -> None:
        self._stopping.set()
        self._wakeup.set()
