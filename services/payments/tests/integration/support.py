"""Helpers for payments' integration tests: seeding what payments knows of accounts,
uploading files and reading what was written to the outbox."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert

from payments.adapters.orm import known_account_table

SAMPLES = Path(__file__).resolve().parents[4] / "samples" / "payments"
IMPORTER = ("i.officer", "income_officer")


async def seed_accounts(app, accounts: dict[str, str], weekly: str | None = "100.00") -> None:
    """accounts: account ref -> 'open' | 'closed'."""
    async with app.state.runtime.session_factory() as session:
        await session.execute(insert(known_account_table), [
            {"account_ref": ref, "account_type": "rent", "status": status, "opened_on": date(2026, 4, 6),
             "weekly_charge": Decimal(weekly) if weekly else None} for ref, status in accounts.items()])
        await session.commit()


async def upload(client, token, content: bytes, file_format: str, name: str = "file", **params):
    return await client.post("/income-files", params={"format": file_format, **params},
                             files={"file": (name, content)}, headers=token(*IMPORTER))


async def events(app, event_type: str | None = None) -> list[dict]:
    async with app.state.runtime.session_factory() as session:
        rows = (await session.execute(text("SELECT event_type, body FROM outbox ORDER BY id"))).all()
    found = [json.loads(body) for kind, body in rows if event_type in (None, kind)]
    return found


async def scalar(app, sql: str, **params):
    async with app.state.runtime.session_factory() as session:
        return (await session.execute(text(sql), params)).scalar()
