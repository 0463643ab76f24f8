"""Behaviour held in the database as settings: the arrangement tolerance, the write-off
approval limits, and the reasons an officer may give for skipping a recommendation or
pausing a case (arrears policies are the policy package's). Every change is audited with
before and after."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from recovery.configuration.tables import recovery_setting_table as settings
from recovery.errors import Invalid, NotFound, RecoveryError
from recovery.schema_types import Line
from shared import audit
from shared.auth.principal import Role
from shared.money import Money, MoneyError


class ToleranceSetting(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: Money = Field(description="a period short by up to this much still counts as kept")
    percent: Decimal = Field(Decimal(0), ge=0, le=100, decimal_places=2)


class ReasonOption(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern="^[a-z][a-z0-9_]{0,39}$", description="what requests send and records keep")
    label: Line = Field(description="what people read")
    needs_note: bool = Field(False, description="a note must say more (\"other\")")


class ReasonsSetting(BaseModel):
    """The reasons officers choose from: skip_reasons (skipping a recommendation) and
    pause_reasons (pausing a case)."""

    model_config = ConfigDict(extra="forbid")

    reasons: list[ReasonOption] = Field(min_length=1)

    @model_validator(mode="after")
    def _codes_unique(self) -> ReasonsSetting:
        codes = [r.code for r in self.reasons]
        if len(codes) != len(set(codes)):
            raise ValueError("each reason's code must be different")
        return self


REASON_SETTINGS = ("skip_reasons", "pause_reasons")


def validate_setting(key: str, value: dict[str, Any]) -> dict[str, Any]:
    """The stored form of a setting, or RecoveryError saying what is wrong with it."""
    if key == "arrangement_tolerance":
        return ToleranceSetting.model_validate(value).model_dump(mode="json")
    if key in REASON_SETTINGS:
        return ReasonsSetting.model_validate(value).model_dump(mode="json")
    if key == "write_off_limits":
        unknown = sorted(set(value) - set(Role))
        if unknown:
            raise RecoveryError(f"write_off_limits names unknown roles: {unknown}")
        try:
            return {role: str(Money(amount)) for role, amount in value.items()}
        except MoneyError as exc:
            raise RecoveryError(f"write_off_limits: {exc}") from None
    raise NotFound(f"no setting {key}")


async def get_setting(session: AsyncSession, key: str) -> dict[str, Any]:
    value = (await session.execute(select(settings.c.value).where(settings.c.key == key))).scalar()
    if value is None:
        raise NotFound(f"no setting {key}")
    return value


async def put_setting(session: AsyncSession, key: str, value: dict[str, Any], actor: str, reason: str) -> None:
    before = (await session.execute(select(settings.c.value).where(settings.c.key == key))).scalar()
    if before is None:
        raise NotFound(f"no setting {key}")
    stmt = insert(settings).values(key=key, value=value, updated_by=actor)
    await session.execute(stmt.on_conflict_do_update(
        index_elements=[settings.c.key], set_={"value": stmt.excluded.value, "updated_by": actor}))
    await audit.record(session, actor=actor, action="update", entity="recovery_setting", entity_id=key,
                       before=before, after=value, reason=reason)


async def chosen_reason(session: AsyncSession, key: str, code: str, note: str | None,
                        field: str = "reason") -> ReasonOption:
    """The reason `code` from the reasons setting `key`; Invalid (naming `field`, or `note` when
    the reason needs one) if it is not one of them."""
    options = ReasonsSetting.model_validate(await get_setting(session, key)).reasons
    chosen = next((o for o in options if o.code == code), None)
    if chosen is None:
        raise Invalid(f"{code!r} is not one of the {key.replace('_', ' ')}: "
                      f"{', '.join(o.code for o in options)}", field)
    if chosen.needs_note and not note:
        raise Invalid(f"the reason {chosen.code!r} needs a note", "note")
    return chosen
