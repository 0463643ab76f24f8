"""What staff do through the API: set contact preferences, change configuration, retry
a failed notification. Each is audited in the same transaction."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import RowMapping

from notifications.adapters import repository as repo
from notifications.adapters.orm import (
    contact_preference_table,
    contact_table,
    notification_document_table,
    setting_table,
)
from notifications.adapters.templates import versions
from notifications.domain.catalogue import LETTER_TYPES
from notifications.domain.channels import Preference
from notifications.domain.configuration import CONFIG_MODELS, TemplatePins
from notifications.domain.exceptions import NotFound, NotificationsError
from shared import audit
from shared.db.unit_of_work import UnitOfWork
from shared.refs import is_valid_account_ref


async def preference_of(person_id: str, uow: UnitOfWork) -> dict[str, Any]:
    row = (await uow.session.execute(
        select(contact_preference_table).where(contact_preference_table.c.person_id == person_id)
    )).mappings().first()
    if row is not None:
        return dict(row)
    await _known_person(person_id, uow)
    default = Preference()
    return {"person_id": person_id, "channel": default.channel, "format": default.format, "email": None,
            "mobile": None}


async def set_preference(person_id: str, values: dict[str, Any], reason: str, actor: str, uow: UnitOfWork) -> None:
    await _known_person(person_id, uow)
    before = (await uow.session.execute(
        select(contact_preference_table).where(contact_preference_table.c.person_id == person_id)
    )).mappings().first()
    stmt = insert(contact_preference_table).values(person_id=person_id, updated_by=actor, **values)
    await uow.session.execute(stmt.on_conflict_do_update(
        index_elements=[contact_preference_table.c.person_id],
        set_={**values, "updated_by": actor, "updated_at": stmt.excluded.updated_at},
    ))
    await audit.record(
        uow.session, actor=actor, action="set_preference", entity="contact_preference", entity_id=person_id,
        before=_plain(before, values), after=values, reason=reason,
    )


async def set_contact(account_ref: str, person_id: str, values: dict[str, Any], reason: str, actor: str,
                      uow: UnitOfWork) -> None:
    if not is_valid_account_ref(account_ref):
        raise NotificationsError(f"{account_ref} is not a valid account reference")
    key = (contact_table.c.account_ref == account_ref) & (contact_table.c.person_id == person_id)
    before = (await uow.session.execute(select(contact_table).where(key))).mappings().first()
    if values["is_lead"]:
        await uow.session.execute(update(contact_table).where(
            contact_table.c.account_ref == account_ref, contact_table.c.person_id != person_id).values(is_lead=False))
    stmt = insert(contact_table).values(account_ref=account_ref, person_id=person_id, **values)
    await uow.session.execute(stmt.on_conflict_do_update(
        index_elements=[contact_table.c.account_ref, contact_table.c.person_id], set_=values))
    await audit.record(uow.session, actor=actor, action="set_contact", entity="contact",
                       entity_id=f"{account_ref}/{person_id}", before=_plain(before, values), after=values,
                       reason=reason)


async def config_of(key: str, uow: UnitOfWork) -> dict[str, Any]:
    row = (await uow.session.execute(select(setting_table).where(setting_table.c.key == key))).mappings().first()
    if row is not None:
        return {"value": row.value, "updated_by": row.updated_by, "updated_at": row.updated_at}
    if key == "landlord":
        raise NotFound("the landlord's details are not configured yet: PUT /config/landlord")
    return {"value": CONFIG_MODELS[key]().model_dump(mode="json"), "updated_by": None, "updated_at": None}


async def change_config(key: str, value: BaseModel, reason: str, actor: str, uow: UnitOfWork) -> None:
    if isinstance(value, TemplatePins):
        _check_pins(value)
    before = await repo.setting(uow.session, key)
    await repo.save_setting(uow.session, key, value, actor)
    await audit.record(
        uow.session, actor=actor, action="change", entity="notification_setting", entity_id=key,
        before=before.model_dump(mode="json") if before else None, after=value.model_dump(mode="json"),
        reason=reason,
    )


async def retry_failed(notification_id: uuid.UUID, reason: str, actor: str, uow: UnitOfWork) -> RowMapping:
    row = await repo.lock(uow.session, notification_id)
    if row is None:
        raise NotFound(f"notification {notification_id} does not exist")
    if row["status"] != "failed":
        raise NotificationsError(f"only a failed notification can be retried; this one is {row['status']}")
    rendered = (await uow.session.execute(
        select(notification_document_table.c.notification_id)
        .where(notification_document_table.c.notification_id == notification_id)
    )).first()
    status = "rendered" if rendered else "requested"
    await repo.update_notification(uow.session, notification_id, status=status, attempts=0,
                                   next_attempt_at=func.now())
    await audit.record(uow.session, actor=actor, action="retry", entity="notification",
                       entity_id=str(notification_id), before={"status": "failed",
                                                               "failure_reason": row["failure_reason"]},
                       after={"status": status}, reason=reason)
    refreshed = await repo.lock(uow.session, notification_id)
    assert refreshed is not None
    return refreshed


def _check_pins(pins: TemplatePins) -> None:
    problems = []
    for letter_type, version in pins.versions.items():
        if letter_type not in LETTER_TYPES:
            problems.append(f"unknown letter type {letter_type!r}")
        elif version not in versions(letter_type):
            problems.append(f"{letter_type} has no template version {version} (has {versions(letter_type)})")
    if problems:
        raise NotificationsError("; ".join(problems))


async def _known_person(person_id: str, uow: UnitOfWork) -> None:
    found = (await uow.session.execute(
        select(contact_table.c.person_id).where(contact_table.c.person_id == person_id).limit(1)
    )).first()
    if found is None:
        raise NotFound(f"no tenant {person_id} is known to notifications")


def _plain(row: RowMapping | None, keys: dict[str, Any]) -> dict[str, Any] | None:
    return None if row is None else {k: row[k] for k in keys}

