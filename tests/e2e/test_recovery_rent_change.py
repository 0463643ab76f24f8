"""A rent change in billing reaches recovery through RabbitMQ as RentVaried: from its
effective date weeks in arrears and stage triggers use the new charge; a change dated
after today is kept until its date."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from shared.testing.helpers import eventually
from tests.e2e.test_recovery_arrears_journey import (
    accept,
    daily_run,
    debit_week,
    open_tenancy,
    recovery_balance,
    services,  # noqa: F401  (the fixture)
)

pytestmark = pytest.mark.e2e


async def change_rent(billing, token, account_ref: str, effective_from: str, rent: str) -> None:
    response = await billing.post(
        f"/accounts/{account_ref}/charges",
        headers=token("r.officer", "rent_officer") | {"Idempotency-Key": f"rent-{account_ref}-{effective_from}"},
        json={"effective_from": effective_from, "reason": "rent change",
              "charges": [{"charge_type": "rent", "weekly_amount": rent}]})
    assert response.status_code == 200, response.text


async def test_recovery_follows_a_rent_change_from_its_date(services, token):  # noqa: F811
    account_ref = await open_tenancy(services["billing"], token)
    staff = token("i.officer", "income_officer")
    await debit_week(services, token, 1)
    await recovery_balance(services, token, account_ref, "119.58")
    await accept(services, token, await daily_run(services, token, account_ref, date(2026, 4, 8)), date(2026, 4, 8))
    await debit_week(services, token, 2)
    await recovery_balance(services, token, account_ref, "239.16")
    await accept(services, token, await daily_run(services, token, account_ref, date(2026, 4, 15)),
                 date(2026, 4, 15))

    # £127.10 a week with the service charge
    await change_rent(services["billing"], token, account_ref, "2026-04-20", "120.00")
    await debit_week(services, token, 3)
    await recovery_balance(services, token, account_ref, "366.26")
    # 2.88 weeks at the new charge: not yet the 3 weeks of the contact/visit stage (3.06 at the old one)
    assert await daily_run(services, token, account_ref, date(2026, 4, 22)) is None
    position = (await services["recovery"].get(f"/accounts/{account_ref}", headers=staff)).json()
    assert (position["weekly_charge"], position["weeks_in_arrears"]) == ("127.10", "2.88")

    # the next review: not in force yet
    await change_rent(services["billing"], token, account_ref, "2027-04-05", "124.00")

    async def kept():
        async with services["recovery"].runtime.session_factory() as session:
            return (await session.execute(text(
                "SELECT weekly_charge FROM weekly_charge_change WHERE account_ref = :a AND effective_from = :d"),
                {"a": account_ref, "d": date(2027, 4, 5)})).scalar()

    assert str(await eventually(kept, timeout=30, message="recovery never saw the 2027 RentVaried")) == "131.10"
    position = (await services["recovery"].get(f"/accounts/{account_ref}", headers=staff)).json()
    assert position["weekly_charge"] == "127.10"
