"""The weekly charge follows billing's RentVaried (a rent change, the April review, a
charge added or removed) from its effective date, so weeks in arrears, triggers, letters
and KPIs use the rent in force."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from shared.contracts.billing import ChargeLine, RentVariedV1
from shared.contracts.types import ChargeType
from shared.money import Money

REF = "10000016"
MONDAY = date(2026, 6, 1)


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def varied(ref: str, effective_from: date, old: str, new: str) -> RentVariedV1:
    return RentVariedV1(account_ref=ref, tenancy_ref=f"T-{ref}", effective_from=effective_from,
                        old_weekly_total=Money(old), new_weekly_total=Money(new),
                        charges=[ChargeLine(charge_type=ChargeType.RENT, weekly_amount=Money(new),
                                            benefit_eligible=True)],
                        notice_required_by=effective_from - timedelta(weeks=4))


async def weekly_charge(recovery, ref: str = REF) -> str:
    return (await recovery.client.get(f"/accounts/{ref}", headers=recovery.officer)).json()["weekly_charge"]


async def test_a_rent_change_counts_from_its_effective_date(recovery):
    await recovery.tenancy(REF)  # £100.00 a week from day 0
    for week in range(4):
        await recovery.apply(recovery.feed.debit_week(day(7 * week)))
    await recovery.apply(varied(REF, day(21), "100.00", "125.00"))
    assert await weekly_charge(recovery) == "125.00"  # already in force by today's date

    await recovery.run(day(14))  # as at day 14 the old rent was in force
    [before] = await recovery.recommendations(REF, day(14))
    assert (before["stage"], before["weeks_in_arrears"]) == ("first_letter", "4.00")
    await recovery.run(day(21))
    [after] = await recovery.recommendations(REF, day(21))
    assert after["weeks_in_arrears"] == "3.20"  # £400 on £125 a week
    kpis = (await recovery.client.get("/kpis", headers=recovery.officer,
                                      params={"from": day(0).isoformat(), "to": day(21).isoformat()})).json()
    assert kpis["annual_rent_debit"] == "6500.00"

    await recovery.accept(REF, day(21))
    [letter] = await recovery.outbox("LetterRequested")
    assert (letter["data"]["weekly_charge"], letter["data"]["weeks_in_arrears"]) == ("125.00", "3.20")


async def test_a_future_rent_change_waits_for_its_date(recovery):
    await recovery.tenancy(REF)
    await recovery.apply(varied(REF, date.today() + timedelta(days=28), "100.00", "104.50"))
    assert await weekly_charge(recovery) == "100.00"
    [change] = await recovery.sql("SELECT weekly_charge, previous_charge FROM weekly_charge_change "
                                  "WHERE account_ref = :a AND source = 'rent_varied'", a=REF)
    assert (str(change["weekly_charge"]), str(change["previous_charge"])) == ("104.50", "100.00")


async def test_rent_changes_arriving_out_of_order_keep_the_latest(recovery):
    later, earlier = "10000024", "10000032"
    # RentVaried overtakes TenancyStarted: the change still wins over the starting rent.
    await recovery.apply(varied(later, day(7), "100.00", "110.00"))
    await recovery.tenancy(later)
    assert await weekly_charge(recovery, later) == "110.00"
    # Two changes for one date (the review and an insurance opt-in): the one that happened last wins.
    await recovery.tenancy(earlier)
    at = datetime(2026, 3, 1, 9, tzinfo=UTC)
    await recovery.apply(varied(earlier, day(7), "100.00", "107.20"), occurred_at=at + timedelta(minutes=5))
    await recovery.apply(varied(earlier, day(7), "100.00", "103.00"), occurred_at=at)
    assert await weekly_charge(recovery, earlier) == "107.20"
