"""Each named check, passing and failing with its reason."""

from __future__ import annotations

from datetime import date

from refunds.domain import checks
from refunds.domain.checks import CheckContext, run_checks
from refunds.domain.credit import Payee, PaymentIn
from refunds.domain.policy import RefundPolicy
from services.refunds.tests.unit.builders import TODAY, account, ask, debt
from shared.money import Money

POLICY = RefundPolicy()


def result(rule, the_ask, the_account, policy=POLICY, today=TODAY):
    return rule(CheckContext(the_ask, the_account, policy, today))


def test_a_clean_refund_passes_every_named_check():
    results = run_checks(ask("200.00"), account("-300.00"), POLICY, TODAY)
    assert [r.rule for r in results] == [
        "amount_within_credit", "other_debts_offset", "benefit_credit_to_payer", "payments_cleared",
        "no_open_hb_overpayment", "current_tenant_keeps_week", "bank_details_valid"]
    assert all(r.passed for r in results), results


def test_amount_above_the_available_credit_fails():
    r = result(checks.amount_within_credit, ask("350.00"), account("-300.00"))
    assert not r.passed and "£300.00 credit available" in r.detail


def test_money_already_on_its_way_out_is_not_available_again():
    r = result(checks.amount_within_credit, ask("250.00"), account("-300.00", pending_out=Money("100.00")))
    assert not r.passed and "£200.00" in r.detail


def test_other_debts_of_the_same_person_must_be_offset_first():
    r = result(checks.other_debts_offset, ask(), account(other_debts=[debt("20000014", "80.00")]))
    assert not r.passed
    assert "£80.00 former tenant arrears on 20000014" in r.detail
    assert result(checks.other_debts_offset, ask(), account()).passed


def test_credit_paid_by_housing_benefit_goes_back_to_the_payer_not_the_tenant():
    paid = [PaymentIn(Money("100.00"), "cash", date(2026, 9, 1)),
            PaymentIn(Money("150.00"), "housing_benefit", date(2026, 10, 1))]
    hb_credit = account("-250.00", payments=paid, weekly_charge=None)
    r = result(checks.benefit_credit_to_payer, ask("200.00"), hb_credit)
    assert not r.passed and "£150.00 of the credit came from housing benefit" in r.detail
    assert result(checks.benefit_credit_to_payer, ask("100.00"), hb_credit).passed
    assert result(checks.benefit_credit_to_payer, ask("150.00", Payee.HOUSING_BENEFIT), hb_credit).passed
    over = result(checks.benefit_credit_to_payer, ask("160.00", Payee.HOUSING_BENEFIT), hb_credit)
    assert not over.passed and "only £150.00" in over.detail


def test_universal_credit_is_attributed_newest_payment_first():
    paid = [PaymentIn(Money("500.00"), "universal_credit", date(2026, 8, 1)),
            PaymentIn(Money("60.00"), "cash", date(2026, 11, 1))]
    shares = account("-100.00", payments=paid).credit_by_source()
    assert shares == {"tenant": Money("60.00"), "housing_benefit": Money("0.00"), "universal_credit": Money("40.00")}


def test_recent_direct_debit_and_card_payments_must_clear_first():
    paid = [PaymentIn(Money("120.00"), "direct_debit", TODAY), PaymentIn(Money("80.00"), "card", date(2026, 10, 1))]
    recent = account("-300.00", payments=paid)
    r = result(checks.payments_cleared, ask("150.00"), recent)
    assert not r.passed and "£200.00 of recent payments" in r.detail and "2027-01-29" in r.detail
    assert result(checks.payments_cleared, ask("100.00"), recent).passed
    quick = RefundPolicy(clearing_days={"direct_debit": 0, "card": 0})
    assert result(checks.payments_cleared, ask("150.00"), recent, policy=quick).passed


def test_an_open_housing_benefit_overpayment_blocks_the_refund():
    r = result(checks.no_open_hb_overpayment, ask(), account(open_hb_overpayment=Money("42.00")))
    assert not r.passed and "£42.00" in r.detail
    assert result(checks.no_open_hb_overpayment, ask(), account()).passed


def test_a_current_tenant_keeps_one_weeks_charge_unless_they_ask_otherwise():
    r = result(checks.current_tenant_keeps_week, ask("250.00"), account("-300.00"))
    assert not r.passed and "keeps £100.00" in r.detail
    assert result(checks.current_tenant_keeps_week, ask("200.00"), account("-300.00")).passed
    assert result(checks.current_tenant_keeps_week, ask("300.00", keep_week_waived=True), account("-300.00")).passed
    former = account("-300.00", status="closed")
    assert result(checks.current_tenant_keeps_week, ask("300.00"), former).passed


def test_payee_bank_details_must_be_present_and_pass_the_modulus_check():
    missing = result(checks.bank_details_valid, ask(sort_code=None, payee_name=None), account())
    assert not missing.passed and missing.detail == "payee bank details missing: payee name, sort code"
    bad = result(checks.bank_details_valid, ask(sort_code="938063", account_number="15764273"), account())
    assert not bad.passed and "modulus" in bad.detail
    good = result(checks.bank_details_valid, ask(), account())
    assert good.passed and "****4958" in good.detail and "66374958" not in good.detail
