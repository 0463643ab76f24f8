"""Per account, for a period: everything debited, one charge type's part of it and the
receipts — the figures ledger/collection.py shares the receipts by."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from billing.ledger.collection import RECEIPT_TYPES, ChargeCollection
from shared.contracts.types import ChargeType
from shared.money import Money

_PER_ACCOUNT = """
    SELECT p.account_ref,
           coalesce(sum(p.amount) FILTER (WHERE p.posting_type = 'charge'), 0) AS debited,
           coalesce(sum(p.amount) FILTER (WHERE p.posting_type = 'charge' AND p.charge_type = :charge_type), 0)
               AS part_debited,
           -coalesce(sum(p.amount) FILTER (WHERE p.posting_type = ANY(:receipt_types)), 0) AS receipts
    FROM posting p JOIN account a USING (account_ref)
    WHERE {accounts} AND p.effective_date BETWEEN :date_from AND :date_to
    GROUP BY p.account_ref
    HAVING coalesce(sum(p.amount) FILTER (WHERE p.posting_type = 'charge' AND p.charge_type = :charge_type), 0) <> 0
    ORDER BY p.account_ref
"""


# Every rent account debited the charge in the period, or only the accounts given.
RENT_ACCOUNTS = text(_PER_ACCOUNT.format(accounts="a.account_type IN ('rent', 'temporary_accommodation')"))

THESE_ACCOUNTS = text(_PER_ACCOUNT.format(accounts="p.account_ref = ANY(:refs)"))


async def charge_collection(session: AsyncSession, charge_type: ChargeType, date_from: date, date_to: date,
                            refs: list[str] | None = None) -> list[ChargeCollection]:
    """Accounts with the charge debited in the period (net of re-pricing): every rent
    account, or those in ``refs``."""
    params = {"charge_type": charge_type.value, "receipt_types": [t.value for t in RECEIPT_TYPES],
              "date_from": date_from, "date_to": date_to}
    query = RENT_ACCOUNTS if refs is None else THESE_ACCOUNTS
    rows = await session.execute(query, params if refs is None else {**params, "refs": refs})
    return [ChargeCollection(r.account_ref, Money(r.debited), Money(r.part_debited), Money(r.receipts)) for r in rows]
