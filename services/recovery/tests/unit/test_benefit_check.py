"""The former tenant arrears benefit check: HB/UC paid up to the end date or not, what
may still come from it, and when chasing the former tenant waits."""

from __future__ import annotations

from datetime import date

from recovery.former_tenants.rules import check
from recovery.positions.rules import BenefitCredit
from shared.money import Money

END = date(2026, 6, 28)
WEEKLY_HB = BenefitCredit(Money("70.00"), date(2026, 6, 15), date(2026, 6, 21))


def test_benefit_paid_short_of_the_end_date_is_estimated_and_not_chased():
    found = check(END, Money("190.00"), date(2026, 6, 22), [WEEKLY_HB], done=False)
    assert (found.status, found.paid_to, found.paid_to_end, found.days_unpaid) == (
        "required", date(2026, 6, 21), False, 7)
    assert (found.estimated_due, found.still_due, found.chaseable) == (Money("70.00"), Money("70.00"),
                                                                      Money("120.00"))
    assert found.held and found.hold.startswith("benefit_check: ")
    assert not check(END, Money("190.00"), date(2026, 6, 22), [WEEKLY_HB], done=True).held


def test_benefit_paid_beyond_the_end_date_is_a_likely_overpayment():
    found = check(date(2026, 6, 18), Money("50.00"), date(2026, 6, 22), [WEEKLY_HB], done=False)
    assert (found.paid_to_end, found.days_unpaid, found.days_paid_beyond_end) == (True, 0, 3)
    assert (found.estimated_overpaid, found.still_due, found.chaseable) == (Money("30.00"), Money.zero(),
                                                                           Money("50.00"))


def test_benefit_that_stopped_long_before_the_end_needs_no_check_and_nothing_is_due_from_it():
    found = check(date(2026, 10, 4), Money("500.00"), date(2026, 6, 22), [WEEKLY_HB], done=False)
    assert (found.status, found.paid_to_end, found.days_unpaid, found.still_due, found.hold) == (
        "not_applicable", False, 0, Money.zero(), None)


def test_the_officers_confirmed_figure_falls_as_benefit_arrives_and_never_exceeds_the_debt():
    found = check(END, Money("80.00"), None, [], done=True, confirmed_due=Money("100.00"),
                  credited_since_check=Money("10.00"))
    assert (found.paid_to, found.still_due, found.chaseable) == (None, Money("80.00"), Money.zero())
    found = check(END, Money("80.00"), None, [], done=True, confirmed_due=Money("100.00"),
                  credited_since_check=Money("120.00"))
    assert (found.still_due, found.chaseable) == (Money.zero(), Money("80.00"))


def test_benefit_reversed_since_the_check_is_not_more_to_come_from_benefit():
    # A credit counted when the officer checked, reversed since: less credited now than then.
    found = check(END, Money("500.00"), None, [], done=True, confirmed_due=Money("100.00"),
                  credited_since_check=Money("-60.00"))
    assert (found.still_due, found.chaseable) == (Money("100.00"), Money("400.00"))
