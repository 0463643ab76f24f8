"""Reads and set-based writes for general ledger journals. Never commits.

A posting belongs to the day (UK time) it was written to the ledger (``posted_at``), not its
effective date: a backdated posting made today goes in today's journal, so a period once
exported never changes. Every posting is in exactly one live export: an export holds the
ledger gate (ledger/writer.py), so every posting stamped before it is committed and
seen; one stamped later in a day already exported (the day had not ended by the database
clock), or let go by the reversal of the journal that had picked it up, goes in the next
export. An export takes only postings no live export holds."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from billing.gl.rules import INCOME_TYPES, Activity, Code, Line
from billing.gl.tables import gl_journal_line_table, gl_journal_table, gl_mapping_table
from shared.money import Money

GL_LOCK = text("SELECT pg_advisory_xact_lock(hashtext('billing:gl-journal'))")


def _uk_start(day: str) -> str:
    """The instant a UK day (an SQL date expression) starts."""
    return f"(CAST({day} AS date)::timestamp AT TIME ZONE 'Europe/London')"


_LIVE = "j.kind = 'export' AND j.status = 'exported'"

_BEFORE_END = f"p.posted_at < {_uk_start('CAST(:date_to AS date) + 1')}"


# Postings outside the period that an export takes as well: those written in a day a live
# export holds after that export was made (the day had not ended by the database clock)...
LATE = text(f"""
    SELECT p.posting_id FROM gl_journal j JOIN posting p
      ON p.posted_at >= GREATEST(j.created_at, {_uk_start("j.period_from")})
     AND p.posted_at < {_uk_start("j.period_to + 1")}
    WHERE {_LIVE} AND j.created_at < {_uk_start("j.period_to + 1")} AND {_BEFORE_END}
""")


# ...and those a reversed journal of the period had taken from a day a live export holds.
REVERSED = text("""
    SELECT journal_id FROM gl_journal
    WHERE kind = 'export' AND status = 'reversed' AND period_from <= :date_to AND period_to >= :date_from
""")


RELEASED = text(f"""
    SELECT p.posting_id FROM gl_journal_posting rp JOIN posting p ON p.posting_id = rp.posting_id
    WHERE rp.journal_id = ANY(:journals) AND {_BEFORE_END} AND EXISTS (
        SELECT 1 FROM gl_journal j WHERE {_LIVE}
          AND CAST(p.posted_at AT TIME ZONE 'Europe/London' AS date) BETWEEN j.period_from AND j.period_to)
""")


# The qualifier of each group: the charge type of a debit; the channel of income, recorded
# on the posting (a reversal's is that of the payment it takes back; 'unknown' where billing
# never had it). Only postings no live export holds.
_INCOME = ", ".join(f"'{t}'" for t in sorted(INCOME_TYPES))


_GROUPS = f"""
    SELECT p.posting_id, p.posting_type, a.account_type, p.amount,
           CASE WHEN p.posting_type = 'charge' THEN coalesce(p.charge_type, 'none')
                WHEN p.posting_type IN ({_INCOME}) THEN left(coalesce(nullif(p.channel, ''), 'unknown'), 40)
                ELSE '*' END AS qualifier
    FROM posting p JOIN account a ON a.account_ref = p.account_ref
    WHERE ((p.posted_at >= {_uk_start(":date_from")} AND {_BEFORE_END})
           OR p.posting_id = ANY(CAST(:also AS uuid[])))
      AND NOT EXISTS (SELECT 1 FROM gl_journal_posting jp JOIN gl_journal j ON j.journal_id = jp.journal_id
                      WHERE jp.posting_id = p.posting_id AND {_LIVE})
"""


ACTIVITY = text(f"""
    SELECT posting_type, qualifier, account_type, sum(amount) AS amount, count(*) AS postings
    FROM ({_GROUPS}) g GROUP BY posting_type, qualifier, account_type
""")


LINK_POSTINGS = text(f"""
    INSERT INTO gl_journal_posting (journal_id, posting_id, group_no)
    SELECT :journal_id, g.posting_id, k.group_no
    FROM ({_GROUPS}) g
    JOIN unnest(CAST(:types AS varchar[]), CAST(:qualifiers AS varchar[]), CAST(:account_types AS varchar[]),
                CAST(:groups AS int[])) AS k(posting_type, qualifier, account_type, group_no)
      ON k.posting_type = g.posting_type AND k.qualifier = g.qualifier AND k.account_type = g.account_type
""")


COPY_LINKS = text("""
    INSERT INTO gl_journal_posting (journal_id, posting_id, group_no)
    SELECT :journal_id, posting_id, group_no FROM gl_journal_posting WHERE journal_id = :original
""")


LINE_POSTINGS = text("""
    SELECT p.posting_id, p.account_ref, p.account_seq, p.posting_type, p.charge_type, p.amount,
           p.effective_date, p.posted_at, p.source, p.reason, p.channel
    FROM gl_journal_line l
    JOIN gl_journal_posting jp ON jp.journal_id = l.journal_id AND jp.group_no = l.group_no
    JOIN posting p ON p.posting_id = jp.posting_id
    WHERE l.journal_id = :journal_id AND l.line_no = :line_no
    ORDER BY p.account_ref, p.account_seq LIMIT :limit OFFSET :offset
""")


async def lock(session: AsyncSession) -> None:
    await session.execute(GL_LOCK)


async def stragglers(session: AsyncSession, date_from: date, date_to: date) -> list[uuid.UUID]:
    """Postings written before the period's end, outside it, that no journal holds yet."""
    period = {"date_from": date_from, "date_to": date_to}
    found = list((await session.execute(LATE, period)).scalars())
    reversed_ = list((await session.execute(REVERSED, period)).scalars())
    if reversed_:
        found += (await session.execute(RELEASED, {**period, "journals": reversed_})).scalars()
    return found


async def activity(session: AsyncSession, date_from: date, date_to: date, also: list[uuid.UUID]) -> list[Activity]:
    rows = await session.execute(ACTIVITY, {"date_from": date_from, "date_to": date_to, "also": also})
    return [Activity(r.posting_type, r.qualifier, r.account_type, Money(r.amount), r.postings) for r in rows]


async def mapping(session: AsyncSession) -> dict[tuple[str, str], Code]:
    rows = await session.execute(select(gl_mapping_table))
    return {(r.category, r.qualifier): Code(r.ledger_code, r.cost_centre, r.description) for r in rows}


async def mapping_rows(session: AsyncSession) -> list[dict[str, Any]]:
    rows = await session.execute(select(gl_mapping_table).order_by(gl_mapping_table.c.category,
                                                                  gl_mapping_table.c.qualifier))
    return [dict(r) for r in rows.mappings()]


async def live_overlapping(session: AsyncSession, date_from: date, date_to: date) -> dict[str, Any] | None:
    j = gl_journal_table.c
    row = (await session.execute(select(gl_journal_table).where(
        j.kind == "export", j.status == "exported", j.period_from <= date_to, j.period_to >= date_from,
    ).order_by(j.period_from).limit(1))).mappings().first()
    return dict(row) if row else None


async def live_days(session: AsyncSession, first: date, last: date) -> set[date]:
    """The days between ``first`` and ``last`` inside a live (exported, not reversed) export."""
    j = gl_journal_table.c
    rows = await session.execute(select(j.period_from, j.period_to).where(
        j.kind == "export", j.status == "exported", j.period_from <= last, j.period_to >= first))
    return {r.period_from + timedelta(days=n) for r in rows for n in range((r.period_to - r.period_from).days + 1)}


async def journal(session: AsyncSession, journal_id: uuid.UUID, *, for_update: bool = False) -> dict[str, Any] | None:
    query = select(gl_journal_table).where(gl_journal_table.c.journal_id == journal_id)
    row = (await session.execute(query.with_for_update() if for_update else query)).mappings().first()
    return dict(row) if row else None


async def journals(session: AsyncSession, limit: int) -> list[dict[str, Any]]:
    rows = await session.execute(select(gl_journal_table).order_by(
        gl_journal_table.c.period_from.desc(), gl_journal_table.c.created_at.desc()).limit(limit))
    return [dict(r) for r in rows.mappings()]


async def lines(session: AsyncSession, journal_id: uuid.UUID) -> list[Line]:
    rows = await session.execute(select(gl_journal_line_table).where(gl_journal_line_table.c.journal_id == journal_id)
                                 .order_by(gl_journal_line_table.c.line_no))
    return [Line(r.line_no, r.group_no, r.side, r.category, r.qualifier, r.ledger_code, r.cost_centre,
                 Money(r.debit), Money(r.credit), r.postings_count, r.description) for r in rows]


async def save_lines(session: AsyncSession, journal_id: uuid.UUID, journal_lines: list[Line]) -> None:
    if journal_lines:
        await session.execute(insert(gl_journal_line_table), [
            {"journal_id": journal_id, "line_no": li.line_no, "group_no": li.group_no, "side": li.side,
             "category": li.category, "qualifier": li.qualifier, "ledger_code": li.ledger_code,
             "cost_centre": li.cost_centre, "debit": li.debit.amount, "credit": li.credit.amount,
             "postings_count": li.postings_count, "description": li.description}
            for li in journal_lines])


async def link_postings(session: AsyncSession, journal_id: uuid.UUID, date_from: date, date_to: date,
                        also: list[uuid.UUID], groups: list[tuple[str, str, str, int]]) -> int:
    if not groups:
        return 0
    types, qualifiers, account_types, numbers = (list(col) for col in zip(*groups, strict=True))
    result = await session.execute(LINK_POSTINGS, {
        "journal_id": journal_id, "date_from": date_from, "date_to": date_to, "also": also, "types": types,
        "qualifiers": qualifiers, "account_types": account_types, "groups": numbers})
    return result.rowcount


async def copy_links(session: AsyncSession, journal_id: uuid.UUID, original: uuid.UUID) -> None:
    await session.execute(COPY_LINKS, {"journal_id": journal_id, "original": original})


async def line_postings(session: AsyncSession, journal_id: uuid.UUID, line_no: int, limit: int,
                        offset: int = 0) -> list[dict[str, Any]]:
    rows = await session.execute(LINE_POSTINGS, {"journal_id": journal_id, "line_no": line_no, "limit": limit,
                                                 "offset": offset})
    return [dict(r) for r in rows.mappings()]
