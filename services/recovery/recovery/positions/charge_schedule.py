"""Each account's weekly charge by date (from TenancyStarted and RentVaried), the
charge in force on a date written onto the position, and the history the charge due
over any days is reckoned from."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from recovery.positions.queries import any_ref
from recovery.positions.rules import ChargeChange, ChargeHistory
from recovery.positions.tables import account_position_table as positions
from recovery.positions.tables import rent_year_basis_table as basis
from recovery.positions.tables import weekly_charge_change_table as changes
from shared.money import Money

# The charge in force on :on: the latest change from that date or before; before the
# first change, what that change replaces (a RentVaried's old total) or, for a
# tenancy not started yet, the charge it starts on.
APPLY = text("""
UPDATE account_position p SET weekly_charge = c.charge
FROM (SELECT DISTINCT ON (account_ref) account_ref,
             CASE WHEN effective_from <= :on THEN weekly_charge
                  ELSE coalesce(previous_charge, weekly_charge) END AS charge
      FROM weekly_charge_change
      WHERE (CAST(:ref AS text) IS NULL OR account_ref = :ref)
      ORDER BY account_ref, effective_from > :on,
               CASE WHEN effective_from <= :on THEN effective_from END DESC NULLS LAST, effective_from) c
WHERE p.account_ref = c.account_ref AND p.weekly_charge IS DISTINCT FROM c.charge
""")


async def note_change(session: AsyncSession, account_ref: str, effective_from: date, weekly_charge: Decimal,
                      previous_charge: Decimal | None, source: str, occurred_at: datetime) -> None:
    """Keep the change; of two for the same date, the one that happened later wins."""
    stmt = insert(changes).values(account_ref=account_ref, effective_from=effective_from,
                                  weekly_charge=weekly_charge, previous_charge=previous_charge, source=source,
                                  occurred_at=occurred_at)
    await session.execute(stmt.on_conflict_do_update(
        index_elements=[changes.c.account_ref, changes.c.effective_from],
        set_={k: stmt.excluded[k] for k in ("weekly_charge", "previous_charge", "source", "occurred_at")},
        where=changes.c.occurred_at <= stmt.excluded.occurred_at,
    ))


async def apply_in_force(session: AsyncSession, on: date, account_ref: str | None = None) -> None:
    """Write the charge in force on `on` onto the position (one account, or every account)."""
    await session.execute(APPLY, {"on": on, "ref": account_ref})


async def histories(session: AsyncSession, refs: list[str]) -> dict[str, ChargeHistory]:
    """Each known account's charge changes, tenancy dates and the rent-free weeks billing
    announced (an account with no change has an empty history)."""
    free = {year: frozenset(weeks) for year, weeks in await session.execute(
        select(basis.c.rent_year, basis.c.rent_free_weeks))}
    rows = await session.execute(
        select(changes.c.account_ref, changes.c.effective_from, changes.c.weekly_charge, changes.c.previous_charge)
        .where(changes.c.account_ref == any_ref(refs)).order_by(changes.c.account_ref, changes.c.effective_from))
    found: dict[str, list[ChargeChange]] = {}
    for ref, starts, charge, previous in rows:
        was = None if previous is None else Money(previous)
        found.setdefault(ref, []).append(ChargeChange(starts, Money(charge), was))
    tenancies = await session.execute(select(positions.c.account_ref, positions.c.start_date, positions.c.end_date)
                                      .where(positions.c.account_ref == any_ref(refs)))
    return {ref: ChargeHistory(tuple(found.get(ref, ())), free, starts, ends) for ref, starts, ends in tenancies}
