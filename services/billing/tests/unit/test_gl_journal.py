"""Building a general ledger journal: two lines per group of postings, balanced, with
every unmapped category listed."""

from __future__ import annotations

import pytest

from billing.errors import BillingError
from billing.gl.rules import Activity, Code, Unmapped, build, check_mapping, reversed_lines
from shared.money import Money, total

MAPPING = {
    ("control", "*"): Code("1100", "RENT", "Debtors control"),
    ("charge", "rent"): Code("4000", "HRA01", "Rent income"),
    ("charge", "*"): Code("4090", "HRA01", "Other charges"),
    ("payment", "*"): Code("1200", "CASH", "Cash"),
    ("hb_credit", "*"): Code("1210", "HB", "Housing benefit"),
}


def test_each_group_is_a_control_line_and_a_contra_line_and_the_journal_nets_to_zero():
    activity = [Activity("charge", "rent", "rent", Money("1000.00"), 10),
                Activity("payment", "paypoint", "rent", Money("-250.50"), 3),
                Activity("hb_credit", "*", "rent", Money("-400.00"), 2),
                Activity("charge", "heating", "rent", Money("35.00"), 4)]
    lines = build(activity, MAPPING)
    assert len(lines) == 8
    assert total(li.debit for li in lines) == total(li.credit for li in lines) == Money("1685.50")
    rent = [li for li in lines if li.category == "charge" and li.qualifier == "rent"]
    assert [(li.ledger_code, li.debit, li.credit) for li in rent] == [("4000", Money.zero(), Money("1000.00"))]
    heating = [li for li in lines if li.qualifier == "heating"]
    assert heating[0].ledger_code == "4090"  # the wildcard mapping
    cash = [li for li in lines if li.category == "payment"]
    assert [(li.ledger_code, li.debit) for li in cash] == [("1200", Money("250.50"))]


def test_every_unmapped_category_is_named_and_nothing_is_built():
    activity = [Activity("refund", "*", "rent", Money("20.00"), 1),
                Activity("write_off", "*", "garage", Money("-5.00"), 1)]
    with pytest.raises(Unmapped) as refused:
        build(activity, {("control", "rent"): Code("1100", "RENT", "Debtors")})
    assert refused.value.missing == [("control", "garage"), ("refund", "*"), ("write_off", "*")]


def test_a_reversal_swaps_every_debit_and_credit():
    lines = build([Activity("charge", "rent", "rent", Money("10.00"), 1)], MAPPING)
    back = reversed_lines(lines)
    assert [(li.debit, li.credit) for li in back] == [(li.credit, li.debit) for li in lines]


def test_a_mapping_no_journal_line_could_use_is_refused():
    for category, qualifier in [("payment", "paypoint"), ("hb_credit", "*"), ("charge", "heating"),
                                ("charge", "none"), ("control", "leasehold"), ("refund", "*")]:
        check_mapping(category, qualifier)
    with pytest.raises(BillingError, match="refund is never grouped by qualifier 'paypoint'"):
        check_mapping("refund", "paypoint")  # refunds are not income: they have no channel
    with pytest.raises(BillingError, match="its qualifier: a charge type or none"):
        check_mapping("charge", "heat")
    with pytest.raises(BillingError, match="its qualifier: an account type"):
        check_mapping("control", "rents")
    with pytest.raises(BillingError, match="unknown category"):
        check_mapping("cash", "*")
