"""Runs the month's credit balance review once the policy's review day has come. Every
instance may run this loop: the review's unique month makes only one of them create it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from refunds.adapters import repository as repo
from refunds.service_layer.clock import today
from refunds.service_layer.reviews import run_review
from shared.db.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
ACTOR = "system:monthly-review"


class MonthlyReview:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession], poll_seconds: float) -> None:
        self._session_factory = session_factory
        self._poll = poll_seconds
        self._stop = asyncio.Event()

    async def due(self, day: date | None = None) -> uuid.UUID | None:
        """Create this month's review if its day has come; returns the id if it was created now."""
        day = day or today()
        async with UnitOfWork(self._session_factory) as uow:
            if day.day < (await repo.load_policy(uow.session)).review_day_of_month:
                return None
            review_id, created = await run_review(uow, as_of=day, actor=ACTOR, monthly=True)
            await uow.commit()
        if created:
            log.info("monthly credit review created", extra={"review_id": str(review_id)})
        return review_id if created else None

    async def run(self) -> None:
        while not self._stop.is_set():
            try:
                await self.due()
            except Exception:
                log.exception("monthly credit review failed; will try again")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=self._poll)

    def stop(self) -> None:
        self._stop.set()
