"""The credit review's suggested action for an account in credit, and why."""

from __future__ import annotations

from datetime import date

from refunds.domain.credit import PaymentIn
from refunds.domain.policy import RefundPolicy
from refunds.domain.review import Action, suggest
from services.refunds.tests.unit.builders import TODAY, account, debt
from shared.money import Money

POLICY = RefundPolicy()


def test_credit_goes_to_the_same_persons_debts_first_former_tenancy_before_sundry():
    picture = account("-150.00", other_debts=[debt("30000012", "100.00", "open", "sundry"),
                                              debt("20000014", "80.00", "closed")])
    s = suggest(picture, POLICY, TODAY)
    assert s.action == Action.TRANSFER and s.amount == Money("150.00")
    assert [(t.to_account_ref, t.amount) for t in s.transfers] == [("20000014", Money("80.00")),
                                                                   ("30000012", Money("70.00"))]
    assert "former tenant arrears on 20000014" in s.why


def test_housing_benefit_credit_is_suggested_back_to_the_payer():
    paid = [PaymentIn(Money("90.00"), "housing_benefit", date(2026, 11, 2))]
    s = suggest(account("-90.00", payments=paid), POLICY, TODAY)
    assert (s.action, s.payee, s.amount) == (Action.REFUND, "housing_benefit", Money("90.00"))


def test_a_current_tenants_credit_beyond_a_weeks_charge_is_suggested_for_refund():
    s = suggest(account("-250.00"), POLICY, TODAY)
    assert (s.action, s.payee, s.amount) == (Action.REFUND, "tenant", Money("150.00"))
    assert "keeps £100.00" in s.why


def test_a_credit_within_a_weeks_charge_is_left():
    s = suggest(account("-60.00"), POLICY, TODAY)
    assert s.action == Action.LEAVE and "keeps £100.00" in s.why


def test_an_open_hb_overpayment_leaves_the_credit_where_it_is():
    s = suggest(account("-500.00", open_hb_overpayment=Money("20.00")), POLICY, TODAY)
    assert s.action == Action.LEAVE and "overpayment of £20.00" in s.why


def test_uncleared_payments_hold_back_the_refund():
    s = suggest(account("-300.00", status="closed", payments=[PaymentIn(Money("300.00"), "card", TODAY)]),
                POLICY, TODAY)
    assert s.action == Action.LEAVE and "can still be reversed until 2027-03-23" in s.why
