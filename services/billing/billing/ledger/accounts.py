"""Loading and saving billing aggregates. Never commits: the unit of work does."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from billing.ledger import source_keys
from billing.ledger.model import Account
from billing.ledger.tables import account_number_seq, account_table, posting_table
from shared.contracts.types import AccountType
from shared.money import Money
from shared.refs import make_account_ref


async def next_account_ref(session: AsyncSession) -> str:
    number = (await session.execute(select(account_number_seq.next_value()))).scalar_one()
    return make_account_ref(number)


def _account(row: Any) -> Account:
    return Account(
        account_ref=row.account_ref,
        account_type=AccountType(row.account_type),
        status=row.status,
        balance=Money(row.balance),
        last_seq=row.last_seq,
        opened_on=row.opened_on,
        tenancy_ref=row.tenancy_ref,
        property_ref=row.property_ref,
        patch=row.patch,
        closed_on=row.closed_on,
    )


async def get_account(session: AsyncSession, account_ref: str, *, for_update: bool = False) -> Account | None:
    query = select(account_table).where(account_table.c.account_ref == account_ref)
    if for_update:
        query = query.with_for_update()
    row = (await session.execute(query)).first()
    return _account(row) if row else None


async def add_account(session: AsyncSession, account: Account) -> None:
    await session.execute(
        insert(account_table).values(
            account_ref=account.account_ref,
            account_type=account.account_type.value,
            tenancy_ref=account.tenancy_ref,
            property_ref=account.property_ref,
            patch=account.patch,
            status=account.status,
            opened_on=account.opened_on,
            balance=account.balance.amount,
            last_seq=account.last_seq,
        )
    )


async def payment_channel(session: AsyncSession, payment_id: uuid.UUID) -> str | None:
    """The channel the payment came in by, if billing has posted it."""
    found = await session.execute(select(posting_table.c.channel)
                                  .where(posting_table.c.source_key == source_keys.payment(payment_id)))
    return found.scalar()


async def list_postings(
    session: AsyncSession, account_ref: str, *, limit: int, after_seq: int = 0
) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(posting_table)
        .where(posting_table.c.account_ref == account_ref, posting_table.c.account_seq > after_seq)
        .order_by(posting_table.c.account_seq)
        .limit(limit)
    )
    return [dict(r) for r in rows.mappings()]


async def rent_account_of(session: AsyncSession, tenancy_ref: str) -> str | None:
    row = (await session.execute(select(account_table.c.account_ref).where(
        account_table.c.tenancy_ref == tenancy_ref).order_by(account_table.c.opened_on))).first()
    return row.account_ref if row else None


async def close_account(session: AsyncSession, account_ref: str, closed_on: Any) -> None:
    """The account takes no more charges after ``closed_on`` (a tenancy's end)."""
    await session.execute(update(account_table).where(account_table.c.account_ref == account_ref)
                          .values(status="closed", closed_on=closed_on))


def open_account_refs() -> Select[Any]:
    """The open accounts' references: a subquery others join their rows to in one statement."""
    return select(account_table.c.account_ref).where(account_table.c.status == "open")


OPEN_AMONG = text("SELECT account_ref FROM account WHERE status = 'open' AND account_ref = ANY(:refs)")


LOCK_KINDS = text(
    "SELECT account_ref, account_type FROM account WHERE account_ref = ANY(:refs) ORDER BY account_ref FOR UPDATE"
)


KINDS = text("SELECT account_ref, tenancy_ref, account_type FROM account WHERE account_ref = ANY(:refs)")


async def open_among(session: AsyncSession, refs: list[str]) -> set[str]:
    """Which of these accounts are open."""
    return set((await session.execute(OPEN_AMONG, {"refs": refs})).scalars())


async def lock_kinds(session: AsyncSession, refs: list[str]) -> Any:
    """Lock the accounts (in reference order, as every bulk writer does) and read their types."""
    return await session.execute(LOCK_KINDS, {"refs": refs})


async def tenancies_and_kinds(session: AsyncSession, refs: list[str]) -> Any:
    """Each account's tenancy and type."""
    return await session.execute(KINDS, {"refs": refs})


async def rent_accounts_on(session: AsyncSession, property_ref: str) -> list[Any]:
    """The property's rent (and temporary accommodation) accounts with their tenancies."""
    rows = await session.execute(select(account_table.c.account_ref, account_table.c.tenancy_ref).where(
        account_table.c.property_ref == property_ref,
        account_table.c.account_type.in_((AccountType.RENT.value, AccountType.TEMPORARY_ACCOMMODATION.value))))
    return list(rows)


# An SQL fragment over accounts, for other packages' set-based reads (search): each embeds
# it as a derived table and reads only the columns it yields, so the table is spelled here
# alone. account_ref has a prefix (varchar_pattern_ops) index and property_ref an index
# (migration 0009).
ACCOUNT_SUMMARIES = """
SELECT account_ref, account_type, tenancy_ref, property_ref, patch, status, balance, opened_on, closed_on
FROM account"""
