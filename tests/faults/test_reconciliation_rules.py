"""The reconciliation checker's rules (rentctl.reconcile.compare), without any service."""

from decimal import Decimal

from rentctl.reconcile import Balance, Figures, Total, compare


def figures(**changes) -> Figures:
    base = dict(
        ledger_by_type={"charge": Total(3, Decimal("300.00")), "payment": Total(2, Decimal("-150.00")),
                        "hb_credit": Total(1, Decimal("-80.50")), "dd_unpaid": Total(1, Decimal("40.00")),
                        "refund": Total(1, Decimal("10.00")), "write_off": Total(1, Decimal("-5.01"))},
        payments={"payment:cash": Total(1, Decimal("100.00")), "payment:card": Total(1, Decimal("50.00")),
                  "payment:housing_benefit": Total(1, Decimal("80.50")),
                  "reversal:direct_debit": Total(1, Decimal("40.00"))},
        refunds_paid=Total(1, Decimal("10.00")),
        write_offs_approved=Total(1, Decimal("5.01")),
        ledger_balances={"A1": Balance(Decimal("12.34"), 4), "A2": Balance(Decimal("0.00"), 0),
                         "A3": Balance(Decimal("-3.00"), 2)},
        projections={"recovery": {"A1": Balance(Decimal("12.34"), 4), "A3": Balance(Decimal("-3.00"), 2)},
                     "refunds": {"A1": Balance(Decimal("12.34"), 4), "A2": Balance(Decimal("0.00"), 0),
                                 "A3": Balance(Decimal("-3.00"), 2)}},
    )
    base.update(changes)
    return Figures(**base)


def test_books_that_agree_to_the_penny_show_no_difference():
    report = compare(figures())
    assert report.agrees, report
    assert report.checked_accounts == 3
    assert {"payment", "hb_credit", "dd_unpaid", "refund", "write_off"} <= set(report.checked_types)


def test_a_payment_posted_twice_in_the_ledger_is_a_difference_in_its_posting_type():
    doubled = figures(ledger_by_type={**figures().ledger_by_type, "payment": Total(3, Decimal("-250.00"))})
    report = compare(doubled)
    assert [(d.posting_type, d.ledger.amount, d.expected.amount) for d in report.totals] == [
        ("payment", Decimal("-250.00"), Decimal("-150.00"))]
    assert "payments -150.00 in 2" in str(report.totals[0])


def test_a_lost_refund_a_missing_write_off_and_a_penny_are_each_reported():
    report = compare(figures(refunds_paid=Total(2, Decimal("20.00")), write_offs_approved=Total(1, Decimal("5.00"))))
    assert {d.posting_type: d.source for d in report.totals} == {"refund": "refunds", "write_off": "recovery"}


def test_a_projection_one_penny_out_or_missing_an_account_with_money_is_listed_by_account():
    projections = {"recovery": {"A1": Balance(Decimal("12.33"), 3)},
                   "refunds": {"A1": Balance(Decimal("12.34"), 4), "A3": Balance(Decimal("-3.00"), 2),
                               "Z9": Balance(Decimal("1.00"), 1)}}
    report = compare(figures(projections=projections))
    assert [(d.account_ref, d.service) for d in report.accounts] == [("A1", "recovery"), ("A3", "recovery"),
                                                                      ("Z9", "refunds")]
    assert str(report.accounts[0]) == "A1: billing 12.34 (seq 4), recovery 12.33 (seq 3)"
    assert str(report.accounts[2]) == "Z9: billing missing, refunds 1.00 (seq 1)"


def test_postings_nobody_else_sent_are_differences_even_when_the_other_side_is_silent():
    report = compare(figures(payments={}, ledger_by_type={"uc_credit": Total(1, Decimal("-9.99"))},
                             refunds_paid=Total(0, Decimal("0")), write_offs_approved=Total(0, Decimal("0"))))
    assert [d.posting_type for d in report.totals] == ["uc_credit"]
