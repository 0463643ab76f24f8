"""Each stage trigger and each hold-back of the default tenant and leasehold policies."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from pydantic import ValidationError

from recovery.policy.defaults import LEASEHOLD_SUNDRY_POLICY, LONDON_TENANT_POLICY
from recovery.policy.definitions import PolicyBody
from recovery.policy.rules import CaseFacts, Hold, benefit_status, benefit_timing_allowance, evaluate

TODAY = date(2026, 11, 23)
WEEKLY = Decimal("100.00")
TENANT, LEASE = LONDON_TENANT_POLICY, LEASEHOLD_SUNDRY_POLICY


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def tenant(arrears: str, **kw) -> CaseFacts:
    return CaseFacts(account_ref="10000016", arrears=Decimal(arrears), weekly_charge=WEEKLY, **kw)


def leaseholder(arrears: str, **kw) -> CaseFacts:
    return CaseFacts(account_ref="10000024", arrears=Decimal(arrears), weekly_charge=None, **kw)


def stage_of(policy, facts):
    decision = evaluate(policy, facts, TODAY)
    return (decision.stage.code, decision.held_by) if decision else None


# --- tenant stage triggers -------------------------------------------------------------

def test_first_letter_when_arrears_exceed_ten_pounds():
    assert stage_of(TENANT, tenant("10.01")) == ("first_letter", None)
    assert stage_of(TENANT, tenant("10.00")) is None


def test_first_letter_not_while_a_court_date_is_set():
    assert stage_of(TENANT, tenant("50.00", court_date=TODAY + timedelta(days=20))) is None


def test_second_letter_at_two_weeks_a_week_after_the_first():
    done = {"first_letter": days_ago(7)}
    assert stage_of(TENANT, tenant("200.00", stages_done=done)) == ("second_letter", None)
    assert stage_of(TENANT, tenant("199.99", stages_done=done)) is None
    assert stage_of(TENANT, tenant("200.00", stages_done={"first_letter": days_ago(6)})) is None


def test_contact_visit_at_three_weeks():
    done = {"first_letter": days_ago(21), "second_letter": days_ago(7)}
    assert stage_of(TENANT, tenant("300.00", stages_done=done)) == ("contact_visit", None)
    assert stage_of(TENANT, tenant("299.99", stages_done=done)) is None


def test_nosp_at_four_weeks_when_second_letter_went_between_a_week_and_three_months_before():
    base = {"first_letter": days_ago(60), "contact_visit": days_ago(8)}
    assert stage_of(TENANT, tenant("400.00", stages_done={**base, "second_letter": days_ago(30)})) == ("nosp", None)
    assert stage_of(TENANT, tenant("399.99", stages_done={**base, "second_letter": days_ago(30)})) is None
    assert stage_of(TENANT, tenant("400.00", stages_done={**base, "second_letter": days_ago(93)})) is None
    assert stage_of(TENANT, tenant("400.00", stages_done={**base, "second_letter": days_ago(6)})) is None


LETTERS_TO_NOSP = {"first_letter": days_ago(120), "second_letter": days_ago(100), "contact_visit": days_ago(90),
                   "nosp": days_ago(40)}


def test_court_warning_letter_only_while_the_nosp_is_live():
    live = {"notice_usable_from": days_ago(12), "notice_expires_on": TODAY + timedelta(days=300)}
    assert stage_of(TENANT, tenant("400.00", stages_done=LETTERS_TO_NOSP, **live)) == ("court_warning_letter", None)
    not_yet = {"notice_usable_from": TODAY + timedelta(days=1), "notice_expires_on": TODAY + timedelta(days=300)}
    assert stage_of(TENANT, tenant("400.00", stages_done=LETTERS_TO_NOSP, **not_yet)) is None
    expired = {"notice_usable_from": days_ago(400), "notice_expires_on": days_ago(1)}
    assert stage_of(TENANT, tenant("400.00", stages_done=LETTERS_TO_NOSP, **expired)) is None


PRE_ACTION_DONE = frozenset({"visit", "benefit_checked", "arrangement_offered", "debt_advice_signposted"})


def test_court_referral_two_weeks_after_warning_letter_with_four_weeks_arrears_and_live_nosp():
    live = {"notice_usable_from": days_ago(30), "notice_expires_on": TODAY + timedelta(days=300),
            "actions_taken": PRE_ACTION_DONE}
    done = {**LETTERS_TO_NOSP, "court_warning_letter": days_ago(14)}
    assert stage_of(TENANT, tenant("400.00", stages_done=done, **live)) == ("court_referral", None)
    assert stage_of(TENANT, tenant("399.00", stages_done=done, **live)) is None
    early = {**done, "court_warning_letter": days_ago(13)}
    assert stage_of(TENANT, tenant("400.00", stages_done=early, **live)) is None


def test_a_stage_needing_the_pre_action_protocol_is_held_with_the_missing_steps():
    live = {"notice_usable_from": days_ago(30), "notice_expires_on": TODAY + timedelta(days=300)}
    done = {**LETTERS_TO_NOSP, "court_warning_letter": days_ago(14)}
    facts = tenant("400.00", stages_done=done, actions_taken=frozenset({"visit", "benefit_checked"}), **live)
    decision = evaluate(TENANT, facts, TODAY)
    assert (decision.stage.code, decision.held_by) == ("court_referral", Hold.PRE_ACTION)
    assert decision.reason.endswith("; pre-action protocol steps missing: arrangement_offered, debt_advice_signposted")


def test_the_pre_action_flag_is_read_from_the_policy_for_any_stage():
    body = TENANT.model_dump(mode="json")
    body["stages"][3]["pre_action_protocol"] = True  # nosp
    strict = PolicyBody.model_validate(body)
    assert stage_of(strict, tenant("400.00", stages_done=NOSP_DUE)) == ("nosp", Hold.PRE_ACTION)
    assert stage_of(strict, tenant("400.00", stages_done=NOSP_DUE, actions_taken=PRE_ACTION_DONE)) == ("nosp", None)
    assert stage_of(TENANT, tenant("400.00", stages_done=NOSP_DUE)) == ("nosp", None)


def test_a_court_referral_stage_without_the_pre_action_protocol_is_refused():
    body = TENANT.model_dump(mode="json")
    body["stages"][5]["pre_action_protocol"] = False
    with pytest.raises(ValidationError, match="a court referral needs the pre-action protocol complete"):
        PolicyBody.model_validate(body)


def test_warrant_only_when_the_order_is_enforceable_then_eviction():
    done = {**LETTERS_TO_NOSP, "court_warning_letter": days_ago(40), "court_referral": days_ago(30)}
    assert stage_of(TENANT, tenant("500.00", stages_done=done)) is None
    assert stage_of(TENANT, tenant("500.00", stages_done=done, order_enforceable=True)) == ("warrant", None)
    done["warrant"] = days_ago(20)
    assert stage_of(TENANT, tenant("500.00", stages_done=done)) == ("eviction", None)


# --- tenant hold-backs -------------------------------------------------------------------

NOSP_DUE = {"first_letter": days_ago(60), "second_letter": days_ago(30), "contact_visit": days_ago(8)}


HOLD_BACKS = [
    ({"arrangement_kept": True}, Hold.ARRANGEMENT_KEPT),
    ({"benefit_pending": True}, Hold.BENEFIT_PENDING),
    ({"breathing_space": True}, Hold.BREATHING_SPACE),
    ({"vulnerable_unreviewed": True}, Hold.VULNERABILITY),
    ({"wait_until": TODAY + timedelta(days=1)}, Hold.WAITING_PERIOD),
]


@pytest.mark.parametrize(("facts", "hold"), HOLD_BACKS)
def test_each_hold_back_holds_a_due_nosp(facts, hold):
    assert stage_of(TENANT, tenant("400.00", stages_done=NOSP_DUE, **facts)) == ("nosp", hold)


def test_waiting_period_ends_on_its_date():
    assert stage_of(TENANT, tenant("400.00", stages_done=NOSP_DUE, wait_until=TODAY)) == ("nosp", None)


def test_breathing_space_holds_a_stage_whose_letter_demands_payment_whatever_its_flag_says():
    body = TENANT.model_dump(mode="json")
    body["stages"][0]["demands_payment"] = False  # first_letter: arrears_first_letter
    lax = PolicyBody.model_validate(body)
    assert stage_of(lax, tenant("50.00", breathing_space=True)) == ("first_letter", Hold.BREATHING_SPACE)


def test_breathing_space_does_not_hold_a_visit_that_neither_enforces_nor_demands():
    done = {"first_letter": days_ago(21), "second_letter": days_ago(7)}
    assert stage_of(TENANT, tenant("300.00", stages_done=done, breathing_space=True)) == ("contact_visit", None)


def test_uc_timing_arrears_are_not_escalated_but_real_arrears_are():
    uc = {"last_uc_on": days_ago(10), "uc_8w": Decimal("800.00")}  # two monthly payments of £400
    allowance = benefit_timing_allowance(tenant("0", **uc), TODAY)
    assert allowance == Decimal("433.33")  # a month of housing costs: £100 x 52 / 12
    assert stage_of(TENANT, tenant("433.33", **uc)) == ("first_letter", Hold.BENEFIT_TIMING)
    assert stage_of(TENANT, tenant("433.34", **uc)) == ("first_letter", None)


def test_hb_timing_covers_four_weeks_of_the_benefit_only_while_it_is_in_payment():
    hb = {"last_hb_on": days_ago(5), "hb_8w": Decimal("400.00")}  # £50 a week HB
    assert stage_of(TENANT, tenant("200.00", **hb)) == ("first_letter", Hold.BENEFIT_TIMING)
    assert stage_of(TENANT, tenant("200.01", **hb)) == ("first_letter", None)
    stale = {"last_hb_on": days_ago(60), "hb_8w": Decimal("400.00")}
    assert stage_of(TENANT, tenant("50.00", **stale)) == ("first_letter", None)


# --- leaseholders and sundry debtors ---------------------------------------------------

def test_leaseholder_reminder_final_reminder_and_pre_action_letter():
    assert stage_of(LEASE, leaseholder("0.01")) == ("reminder", None)
    assert stage_of(LEASE, leaseholder("0.00")) is None
    assert stage_of(LEASE, leaseholder("900.00", stages_done={"reminder": days_ago(13)})) is None
    assert stage_of(LEASE, leaseholder("900.00", stages_done={"reminder": days_ago(14)})) == ("final_reminder", None)
    done = {"reminder": days_ago(40), "final_reminder": days_ago(14)}
    assert stage_of(LEASE, leaseholder("900.00", stages_done=done)) == ("pre_action_letter", None)


def test_money_claim_thirty_days_after_the_pre_action_letter_or_tribunal_when_disputed():
    done = {"reminder": days_ago(90), "final_reminder": days_ago(60), "pre_action_letter": days_ago(30)}
    assert stage_of(LEASE, leaseholder("900.00", stages_done=done)) == ("money_claim", None)
    assert stage_of(LEASE, leaseholder("900.00", stages_done=done, disputed=True)) == ("tribunal_application", None)
    early = {**done, "pre_action_letter": days_ago(29)}
    assert stage_of(LEASE, leaseholder("900.00", stages_done=early)) is None


@pytest.mark.parametrize(("facts", "hold"), HOLD_BACKS)
def test_each_hold_back_holds_a_leaseholder_money_claim(facts, hold):
    done = {"reminder": days_ago(90), "final_reminder": days_ago(60), "pre_action_letter": days_ago(30)}
    assert stage_of(LEASE, leaseholder("900.00", stages_done=done, **facts)) == ("money_claim", hold)


def test_leasehold_policy_is_not_benefit_timing_exempt():
    facts = leaseholder("50.00", last_uc_on=days_ago(3), uc_8w=Decimal("800.00"))
    assert stage_of(LEASE, facts) == ("reminder", None)


def test_a_leasehold_policy_with_a_possession_stage_is_refused():
    body = LEASE.model_dump(mode="json")
    body["stages"].append({"code": "nosp", "title": "NOSP", "action": "notice"})
    with pytest.raises(ValidationError, match="cannot be taken through possession"):
        PolicyBody.model_validate(body)


def test_a_stage_waiting_on_a_later_stage_is_refused():
    body = TENANT.model_dump(mode="json")
    body["stages"][0]["after"] = [{"stage": "nosp"}]
    with pytest.raises(ValidationError, match="not an earlier stage"):
        PolicyBody.model_validate(body)


def test_benefit_status_from_recent_credits_or_a_pending_claim():
    assert benefit_status(None, days_ago(34), False, TODAY) == "uc_in_payment"
    assert benefit_status(days_ago(3), None, True, TODAY) == "hb_in_payment"
    assert benefit_status(days_ago(36), None, True, TODAY) == "claim_pending"
    assert benefit_status(None, None, False, TODAY) == "none"
