"""The refund workflow: maker-checker, approval limits, the double-approval threshold,
re-checks that undo approvals, rejection and payment, each transition recorded."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from refunds.domain.checks import CheckResult
from refunds.domain.credit import Payee
from refunds.domain.exceptions import ApprovalRefused, InvalidState
from refunds.domain.policy import RefundPolicy
from refunds.domain.workflow import Refund, Status
from shared.contracts.refunds import RefundApprovedV1, RefundIssuedV1, RefundRejectedV1
from shared.money import Money

AT = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
POLICY = RefundPolicy()  # senior_officer £500, finance_approver £10,000, two approvals above £2,500
PASS = [CheckResult("amount_within_credit", True, "ok")]
FAIL = [CheckResult("amount_within_credit", False, "not enough credit")]
SENIOR, FINANCE = frozenset({"senior_officer"}), frozenset({"finance_approver"})


def checked_refund(amount: str = "200.00") -> Refund:
    refund = Refund(uuid.uuid4(), "10000016", Money(amount), Payee.TENANT, "A Example", "089999", "66374958",
                    "overpayment", requested_by="maker")
    refund.record_checks(PASS, last_seq=5, balance=Money("-3000.00"), actor="maker")
    return refund


def test_passing_checks_move_a_request_to_checked():
    refund = checked_refund()
    assert refund.status == Status.CHECKED
    [t] = refund.transitions
    assert (t.from_status, t.to_status, t.actor, t.why) == (Status.REQUESTED, Status.CHECKED, "maker",
                                                           "all checks passed")


def test_failing_checks_keep_the_request_at_requested():
    refund = Refund(uuid.uuid4(), "10000016", Money("10.00"), Payee.TENANT, None, None, None, "other", "maker")
    refund.record_checks(FAIL, 5, Money("-5.00"), "maker")
    assert refund.status == Status.REQUESTED and refund.failed_checks == FAIL


def test_the_requester_cannot_approve_their_own_refund():
    refund = checked_refund()
    with pytest.raises(ApprovalRefused, match="different user"):
        refund.approve("maker", FINANCE, POLICY, AT)
    assert refund.status == Status.CHECKED and refund.approvals == []


def test_an_approver_needs_a_limit_at_least_the_amount():
    refund = checked_refund("600.00")
    with pytest.raises(ApprovalRefused, match=r"above checker's approval limit of £500\.00"):
        refund.approve("checker", SENIOR, POLICY, AT)
    with pytest.raises(ApprovalRefused, match=r"limit of £0\.00"):
        refund.approve("officer", frozenset({"rent_officer"}), POLICY, AT)
    refund.approve("finance1", FINANCE, POLICY, AT)
    assert refund.status == Status.APPROVED
    [event] = refund.events
    assert isinstance(event, RefundApprovedV1) and event.approved_by == ["finance1"]


def test_the_highest_limit_among_a_users_roles_counts():
    refund = checked_refund("600.00")
    refund.approve("both", SENIOR | FINANCE, POLICY, AT)
    assert refund.status == Status.APPROVED


def test_above_the_threshold_two_different_approvers_are_needed():
    refund = checked_refund("3000.00")
    refund.approve("finance1", FINANCE, POLICY, AT)
    assert refund.status == Status.CHECKED and refund.events == []
    assert "approval 1 of 2" in refund.transitions[-1].why
    with pytest.raises(ApprovalRefused, match="already approved"):
        refund.approve("finance1", FINANCE, POLICY, AT)
    with pytest.raises(ApprovalRefused, match="different user"):
        refund.approve("maker", FINANCE, POLICY, AT)
    refund.approve("finance2", FINANCE, POLICY, AT)
    assert refund.status == Status.APPROVED
    assert refund.events[0].approved_by == ["finance1", "finance2"]


def test_at_the_threshold_one_approval_is_enough():
    refund = checked_refund("2500.00")
    refund.approve("finance1", FINANCE, POLICY, AT)
    assert refund.status == Status.APPROVED


def test_a_refund_cannot_be_approved_before_its_checks_pass():
    refund = Refund(uuid.uuid4(), "10000016", Money("10.00"), Payee.TENANT, None, None, None, "other", "maker")
    with pytest.raises(InvalidState, match="is requested; this needs it checked"):
        refund.approve("checker", FINANCE, POLICY, AT)


def test_a_failed_recheck_after_approval_sends_it_back_and_drops_the_approvals():
    refund = checked_refund()
    refund.approve("checker", FINANCE, POLICY, AT)
    assert refund.balance_changed(6, Money("-3000.00")) and refund.balance_changed(5, Money("-2900.00"))
    assert not refund.balance_changed(5, Money("-3000.00"))
    refund.record_checks(FAIL, 6, Money("-100.00"), "payer (re-check)")
    assert refund.status == Status.REQUESTED and refund.approvals == []
    assert refund.transitions[-1].why == "checks failed: amount_within_credit"


def test_a_passing_recheck_keeps_the_approval():
    refund = checked_refund()
    refund.approve("checker", FINANCE, POLICY, AT)
    refund.record_checks(PASS, 6, Money("-2900.00"), "payer (re-check)")
    assert refund.status == Status.APPROVED and refund.checked_seq == 6


def test_paying_an_approved_refund_issues_it():
    refund = checked_refund()
    refund.approve("checker", FINANCE, POLICY, AT)
    batch = uuid.uuid4()
    refund.mark_paid(batch, date(2026, 11, 25), "payer")
    assert refund.status == Status.PAID
    issued = refund.events[-1]
    assert isinstance(issued, RefundIssuedV1)
    assert (issued.amount, issued.batch_id, issued.payee, issued.reason) == (Money("200.00"), batch, "tenant",
                                                                            "overpayment")
    assert (issued.requested_by, issued.approved_by) == ("maker", ["checker"])
    with pytest.raises(InvalidState):
        refund.reject("checker", "too late")


def test_rejection_needs_an_open_refund_and_records_the_reason():
    refund = checked_refund()
    refund.reject("checker", "tenant withdrew the request")
    assert refund.status == Status.REJECTED and refund.rejected_reason == "tenant withdrew the request"
    assert isinstance(refund.events[-1], RefundRejectedV1)
    t = refund.transitions[-1]
    assert (t.from_status, t.to_status, t.why) == (Status.CHECKED, Status.REJECTED, "tenant withdrew the request")
