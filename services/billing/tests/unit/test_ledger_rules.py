"""Sequencing bulk postings, the debit reconciliation, re-pricing at termination, and
the rules for manual adjustments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from billing.adjustments.rules import check_checker, needs_approval, reason_code, signed_amount
from billing.charges.rules import ChargePeriod
from billing.charges.settlement import corrections, final_weeks
from billing.debit.rules import reconcile
from billing.errors import BillingError, Conflict
from billing.ledger.rules import NewPosting, Position, first_open_day, into_open_year, sequence
from shared.calendar import RentYear
from shared.contracts.types import ChargeType, PostingType
from shared.money import Money

YEAR = RentYear(2026)


def line(ref: str, amount: str, key: str) -> NewPosting:
    return NewPosting(ref, PostingType.CHARGE, Money(amount), date(2026, 5, 25), key, "test", "tester")


def test_bulk_postings_number_each_account_on_from_its_last_sequence_and_carry_the_balance():
    positions = {"A": Position(Decimal("10.00"), 4), "B": Position(Decimal("0.00"), 0)}
    posted = sequence([line("A", "5.00", "1"), line("B", "-2.50", "2"), line("A", "1.25", "3")], positions)
    assert [(p.account_ref, p.account_seq, str(p.balance_after)) for p in posted] == [
        ("A", 5, "15.00"), ("B", 1, "-2.50"), ("A", 6, "16.25")]
    assert (posted[0].rent_year, posted[0].rent_week) == (2026, 8)
    assert positions["A"] == Position(Decimal("16.25"), 6)


def test_a_posting_dated_in_a_closed_year_takes_effect_on_the_first_day_of_the_next():
    first_open = first_open_day(2025)
    assert first_open == date(2026, 4, 6)
    payment = NewPosting("A", PostingType.PAYMENT, Money("-5.00"), date(2026, 3, 30), "p", "test", "tester", "cash")
    charge = NewPosting("A", PostingType.CHARGE, Money("3.00"), date(2026, 3, 2), "c", "test", "tester")
    current = NewPosting("A", PostingType.CHARGE, Money("1.00"), date(2026, 4, 6), "n", "test", "tester", "x")
    moved = into_open_year([payment, charge, current], first_open)
    assert [(m.effective_date, m.reason) for m in moved] == [
        (first_open, "cash (dated 2026-03-30, in closed rent year 2025)"),
        (first_open, "dated 2026-03-02, in closed rent year 2025"), (first_open, "x")]
    posted = sequence(moved, {"A": Position(Decimal(0), 0)})
    # The payment falls in the week it takes effect; a charge stays in the week it is for.
    assert [(p.rent_year, p.rent_week) for p in posted] == [(2026, 1), (2025, 48), (2026, 1)]
    assert into_open_year([payment], first_open_day(None)) == [payment]


def test_a_zero_posting_is_refused():
    with pytest.raises(BillingError, match="must not be zero"):
        sequence([line("A", "0.00", "k")], {"A": Position(Decimal(0), 0)})


def row(patch: str, charge: str, lines: int, amount: str) -> SimpleNamespace:
    return SimpleNamespace(patch=patch, charge_type=charge, lines=lines, amount=Decimal(amount))


def test_reconciliation_matches_by_patch_and_charge_type_and_names_any_difference():
    posted = [row("N1", "rent", 2, "200.00"), row("N2", "rent", 1, "56.11")]
    good = reconcile(posted, [row("N1", "rent", 2, "200.00"), row("N2", "rent", 1, "56.11")])
    assert good["reconciled"] and good["total_posted"] == "256.11"
    bad = reconcile(posted, [row("N1", "rent", 2, "200.00"), row("N2", "rent", 1, "98.17")])
    assert not bad["reconciled"]
    assert bad["mismatched"] == ["N2/rent"]
    assert {r["key"]: r["difference"] for r in bad["by_patch"]} == {"N1": "0.00", "N2": "-42.06"}


def test_termination_mid_week_credits_the_days_after_the_end_of_a_week_already_debited():
    week = YEAR.week(8)
    periods = [ChargePeriod("A", ChargeType.RENT, Money("98.17"), date(2026, 4, 6), date(2026, 5, 27))]
    charged = {(2026, 7): {ChargeType.RENT: Money("98.17")}, (2026, 8): {ChargeType.RENT: Money("98.17")}}
    weeks = final_weeks(date(2026, 4, 6), date(2026, 5, 27), charged)
    assert weeks == [week]
    [found] = corrections(periods, charged, weeks, {})
    assert (found.week, found.charge_type, found.amount) == (week, ChargeType.RENT, Money("-56.11"))


def test_termination_charges_weeks_not_yet_debited_up_to_the_end_date_and_skips_rent_free_weeks():
    periods = [ChargePeriod("A", ChargeType.RENT, Money("70.00"), date(2026, 4, 6), date(2026, 4, 22))]
    weeks = final_weeks(date(2026, 4, 6), date(2026, 4, 22), {(2026, 1): {}})
    assert [w.number for w in weeks] == [2, 3]
    found = corrections(periods, {(2026, 1): {ChargeType.RENT: Money("70.00")}}, weeks, {2026: {2}})
    assert [(c.week.number, c.amount) for c in found] == [(3, Money("30.00"))]


def test_adjustments_need_a_known_reason_code_a_positive_amount_and_a_second_user_above_the_threshold():
    assert reason_code("goodwill").value == "goodwill"
    with pytest.raises(BillingError, match="unknown reason code 'because'"):
        reason_code("because")
    assert signed_amount("credit", Money("20.00")) == Money("-20.00")
    with pytest.raises(BillingError):
        signed_amount("debit", Money("-1.00"))
    assert needs_approval(Money("-250.01"), Money("250.00"))
    assert not needs_approval(Money("250.00"), Money("250.00"))
    check_checker("maker", "checker")
    with pytest.raises(Conflict, match="maker-checker"):
        check_checker("maker", "maker")
