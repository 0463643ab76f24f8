"""Taking each notification from requested to rendered to sent (and delivered), once.

A worker claims a due row with SKIP LOCKED, so several workers can share the log, and
holds it until the row is committed as 'sending' with a lease (together with its render,
when it was rendered just now); only then is the gateway called, outside any
transaction, with the notification id as its reference. A worker that finds a 'sending' row whose lease ran
out (its sender died mid-call) asks the gateway whether it has that reference before
sending again, so a notification is never sent twice for one event.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import TemplateError
from prometheus_client import Counter
from sqlalchemy import insert
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from notifications.adapters import repository as repo
from notifications.adapters.gateways import Accepted, DeliveryGateway, Outgoing
from notifications.adapters.orm import notification_document_table
from notifications.adapters.templates import TemplateMissing
from notifications.domain.catalogue import LETTER_TYPES, InvalidLetterRequest
from notifications.domain.channels import Channel, Format, choose_route
from notifications.domain.configuration import (
    DeliveryPolicy,
    Landlord,
    LetterRoute,
    NotifyTemplates,
    TemplatePins,
)
from notifications.domain.exceptions import NotReady, PermanentDeliveryFailure, TransientDeliveryFailure
from notifications.domain.recipients import address_letter
from notifications.service_layer.rendering import render_letter
from shared.contracts import contract_for
from shared.db.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
LONDON = ZoneInfo("Europe/London")
PROCESSED = Counter("notifications_processed_total", "Notification steps by outcome", ["step", "outcome"])
FAILED = Counter("notifications_failed_total", "Notifications reported failed", ["letter_type", "channel"])


@dataclass
class Deliverer:
    session_factory: async_sessionmaker[AsyncSession]
    gateway: DeliveryGateway
    # How long a 'sending' row belongs to the worker that is sending it.
    send_lease: timedelta = timedelta(minutes=2)
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    async def run_once(self, limit: int) -> int:
        """Work through up to ``limit`` due notifications; returns how many were touched."""
        done = 0
        while done < limit and await self.process_next():
            done += 1
        return done

    async def process_next(self) -> bool:
        async with UnitOfWork(self.session_factory) as uow:
            policy = await repo.setting_or_default(uow.session, "delivery_policy", DeliveryPolicy)
            row = await repo.claim_due(uow.session, self.clock(),
                                       hold_rendered_letters=policy.letter_route is LetterRoute.PRINT)
            if row is None:
                return False
            if row["status"] == "requested":
                if not await self._render(uow.session, row, policy):
                    await uow.commit()
                    return True
                # Ready to send: the row stays locked until it is committed as 'sending' with the
                # render, so no other worker can take it in between.
            elif row["status"] == "sending":
                found = await self.gateway.find(str(row["notification_id"]))
                if found is not None:
                    await self._record_accepted(uow.session, row["notification_id"], found)
                    await uow.commit()
                    PROCESSED.labels("send", "recovered").inc()
                    return True
            await self._send(uow, row["notification_id"], policy)
        return True

    async def _render(self, session: AsyncSession, row: RowMapping, policy: DeliveryPolicy) -> bool:
        now = self.clock()
        letter = LETTER_TYPES.get(row["letter_type"])
        try:
            if letter is None:
                raise InvalidLetterRequest(f"unknown letter type {row['letter_type']!r}", reason="unknown_letter_type")
            contract = contract_for(row["event_type"], row["event_version"])
            if contract is None:
                raise InvalidLetterRequest(f"unknown event {row['event_type']}", reason="unknown_event_type")
            event = contract.model_validate(row["data"])
            landlord = await repo.setting(session, "landlord")
            if not isinstance(landlord, Landlord):
                raise NotReady("the landlord's details are not configured (PUT /config/landlord)")
            recipient = address_letter(row["account_ref"], await repo.contacts(session, row["account_ref"]), letter,
                                       row["data"].get("person_ids") or None)
            preference = await repo.preference(session, recipient.lead.person_id)
            route = choose_route(letter, preference, recipient.lead.email, recipient.lead.mobile)
            pins = await repo.setting_or_default(session, "template_pins", TemplatePins)
            rendered = await asyncio.to_thread(
                render_letter, letter, event, recipient=recipient, landlord=landlord,
                account_ref=row["account_ref"], letter_date=now.astimezone(LONDON).date(),
                large_print=route.format is Format.LARGE_PRINT, version=pins.versions.get(letter.name),
            )
        except NotReady as exc:
            await self._retry_or_fail(session, row, policy, str(exc), step="render")
            return False
        except (InvalidLetterRequest, TemplateMissing, TemplateError, TypeError, ValueError) as exc:
            # A template or request that no retry will mend: report it now.
            await self._fail(session, row, f"cannot render {row['letter_type']}: {exc}", step="render")
            return False
        await session.execute(insert(notification_document_table).values(
            notification_id=row["notification_id"], pdf=rendered.pdf, pages=rendered.pages,
            sha256=hashlib.sha256(rendered.pdf).hexdigest(), summary=rendered.summary,
        ))
        await repo.update_notification(
            session, row["notification_id"], status="rendered", channel=route.channel.value,
            format=route.format.value, route_note=route.note, template_version=rendered.template_version,
            rendered_at=now, failure_reason=None, next_attempt_at=now,
            recipient={"person_id": recipient.lead.person_id, "names": recipient.names, "address": recipient.address,
                       "to": route.to, "subject": rendered.subject},
        )
        PROCESSED.labels("render", "ok").inc()
        return not (route.channel is Channel.LETTER and policy.letter_route is LetterRoute.PRINT)

    async def _send(self, uow: UnitOfWork, notification_id: Any, policy: DeliveryPolicy) -> None:
        session = uow.session
        row = await repo.lock(session, notification_id)
        assert row is not None
        if row["status"] not in ("rendered", "sending") or row["next_attempt_at"] > self.clock():
            return  # another worker has it (only possible if it was claimed elsewhere)
        document = (await session.execute(
            notification_document_table.select().where(
                notification_document_table.c.notification_id == notification_id)
        )).mappings().one()
        templates = await repo.setting_or_default(session, "notify_templates", NotifyTemplates)
        now = self.clock()
        await repo.update_notification(session, notification_id, status="sending", attempts=row["attempts"] + 1,
                                       next_attempt_at=now + self.send_lease)
        await uow.commit()

        recipient = row["recipient"] or {}
        message = Outgoing(
            reference=str(notification_id), channel=Channel(row["channel"]), letter_type=row["letter_type"],
            to=recipient.get("to"), subject=recipient.get("subject", ""), body=document["summary"],
            pdf=document["pdf"], postage=policy.letter_postage.value,
        )
        outcome: Accepted | Exception
        try:
            outcome = await self.gateway.send(message, templates)
        except (TransientDeliveryFailure, PermanentDeliveryFailure) as exc:
            outcome = exc
        except Exception as exc:  # an unexpected gateway error is treated as passing
            log.warning("gateway error", extra={"notification_id": str(notification_id),
                                                "error": type(exc).__name__})
            outcome = TransientDeliveryFailure(f"{type(exc).__name__}: {exc}")

        async with UnitOfWork(self.session_factory) as after:
            row = await repo.lock(after.session, notification_id)
            assert row is not None
            if isinstance(outcome, Accepted):
                await self._record_accepted(after.session, notification_id, outcome)
                PROCESSED.labels("send", "ok").inc()
            elif isinstance(outcome, PermanentDeliveryFailure):
                await self._fail(after.session, row, str(outcome), step="send")
            else:
                await self._retry_or_fail(after.session, row, policy, str(outcome), step="send",
                                          back_to="rendered", counted=True)
            await after.commit()

    async def _record_accepted(self, session: AsyncSession, notification_id: Any, accepted: Accepted) -> None:
        now = self.clock()
        values: dict[str, Any] = {"status": "sent", "provider_ref": accepted.provider_ref, "sent_at": now,
                                  "failure_reason": None}
        if accepted.delivered:
            values.update(status="delivered", delivered_at=now)
        await repo.update_notification(session, notification_id, **values)

    async def _retry_or_fail(
        self, session: AsyncSession, row: RowMapping, policy: DeliveryPolicy, reason: str, *, step: str,
        back_to: str | None = None, counted: bool = False,
    ) -> None:
        attempts = row["attempts"] + (0 if counted else 1)
        delay = policy.retry_delay(attempts)
        if delay is None:
            await self._fail(session, row, f"{reason} (gave up after {attempts} attempts)", step=step,
                             attempts=attempts)
            return
        await repo.update_notification(
            session, row["notification_id"], status=back_to or row["status"], attempts=attempts,
            failure_reason=reason, next_attempt_at=self.clock() + timedelta(seconds=delay),
        )
        PROCESSED.labels(step, "retry").inc()

    async def _fail(self, session: AsyncSession, row: RowMapping, reason: str, *, step: str,
                    attempts: int | None = None) -> None:
        values: dict[str, Any] = {"status": "failed", "failure_reason": reason[:2000]}
        if attempts is not None:
            values["attempts"] = attempts
        await repo.update_notification(session, row["notification_id"], **values)
        PROCESSED.labels(step, "failed").inc()
        FAILED.labels(row["letter_type"], row["channel"]).inc()
        log.error("notification failed", extra={"notification_id": str(row["notification_id"]),
                                                "letter_type": row["letter_type"], "step": step, "reason": reason})
