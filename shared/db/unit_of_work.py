"""One unit of work per request or message: a session, the events it will publish,
and a single commit that writes state and outbox rows together.

A service's own capabilities can also react to what another did, in the same transaction:
the acting capability ``announce``s a domain event (a plain dataclass, never on the wire),
and the handlers the service's bootstrap wires for that event type run in this unit of
work. So the capability that acts need not import those that react."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.contracts.envelope import Envelope, EventData
from shared.outbox.writer import write_outbox

DomainHandler = Callable[[Any, "UnitOfWork"], Awaitable[None]]
DomainReactions = Mapping[type, Sequence[DomainHandler]]


class NoReactionsWired(RuntimeError):
    """A domain event announced in a unit of work built without the service's reactions:
    its handlers would silently not run."""


class UnitOfWork:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        cause: Envelope[Any] | None = None,
        on_commit: Callable[[], None] | None = None,
        reactions: DomainReactions | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._cause = cause
        self._on_commit = on_commit
        self._reactions = reactions
        self._pending: list[Envelope[Any]] = []
        self.session: AsyncSession

    async def __aenter__(self) -> UnitOfWork:
        self.session = self._session_factory()
        self._pending = []
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        try:
            await self.session.rollback()
        finally:
            await self.session.close()

    def emit(self, data: EventData, *, sequence: int | None = None) -> Envelope[Any]:
        """Queue an event; it is written to the outbox by ``commit``. Events caused by
        a consumed message carry its correlation id and name it as their cause."""
        caused = self._cause.caused() if self._cause else {}
        envelope = Envelope.wrap(data, sequence=sequence, **caused)
        self._pending.append(envelope)
        return envelope

    async def announce(self, event: object) -> None:
        """Run the service's handlers for a domain event, in order, in this transaction."""
        if self._reactions is None:
            raise NoReactionsWired(f"{type(event).__name__} announced in a unit of work without reactions")
        for handler in self._reactions.get(type(event), ()):
            await handler(event, self)

    @property
    def pending_events(self) -> list[Envelope[Any]]:
        return list(self._pending)

    async def flush_events(self) -> None:
        """Write queued events to the outbox now (bulk paths flush per batch)."""
        if self._pending:
            await write_outbox(self.session, self._pending)
            self._pending = []

    async def commit(self) -> None:
        wrote_events = bool(self._pending)
        await self.flush_events()
        await self.session.commit()
        if wrote_events and self._on_commit:
            self._on_commit()

    async def rollback(self) -> None:
        self._pending = []
        await self.session.rollback()
