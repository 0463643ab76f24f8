"""A refund request's life: requested → checked → approved → paid, or rejected with a
reason. Approval is maker-checker: never the requester, never the same approver twice,
within the approver's limit, and two approvals above the policy's threshold."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from refunds.domain.checks import CheckResult, RefundAsk
from refunds.domain.credit import Payee
from refunds.domain.exceptions import ApprovalRefused, InvalidState
from refunds.domain.policy import RefundPolicy
from shared.contracts.envelope import EventData
from shared.contracts.refunds import RefundApprovedV1, RefundIssuedV1, RefundRejectedV1
from shared.money import Money


class Status(StrEnum):
    REQUESTED = "requested"
    CHECKED = "checked"
    APPROVED = "approved"
    PAID = "paid"
    REJECTED = "rejected"


OPEN_STATUSES = (Status.REQUESTED, Status.CHECKED, Status.APPROVED)


@dataclass(frozen=True)
class Approval:
    approver: str
    approver_limit: Money
    approved_at: datetime


@dataclass(frozen=True)
class Transition:
    """One state change, for the audit trail."""

    from_status: Status
    to_status: Status
    actor: str
    why: str


@dataclass
class Refund:
    refund_id: uuid.UUID
    account_ref: str
    amount: Money
    payee: Payee
    payee_name: str | None
    sort_code: str | None
    account_number: str | None
    reason_code: str
    requested_by: str
    status: Status = Status.REQUESTED
    keep_week_waived: bool = False
    note: str | None = None
    checks: list[CheckResult] = field(default_factory=list)
    checked_seq: int | None = None
    checked_balance: Money | None = None
    approvals: list[Approval] = field(default_factory=list)
    rejected_reason: str | None = None
    batch_id: uuid.UUID | None = None
    paid_on: date | None = None
    events: list[EventData] = field(default_factory=list)
    transitions: list[Transition] = field(default_factory=list)

    @property
    def ask(self) -> RefundAsk:
        return RefundAsk(self.amount, self.payee, self.payee_name, self.sort_code, self.account_number,
                         self.keep_week_waived)

    @property
    def failed_checks(self) -> list[CheckResult]:
        return [c for c in self.checks if not c.passed]

    def _move(self, to: Status, actor: str, why: str) -> None:
        self.transitions.append(Transition(self.status, to, actor, why))
        self.status = to

    def _require(self, *allowed: Status) -> None:
        if self.status not in allowed:
            wanted = " or ".join(s.value for s in allowed)
            raise InvalidState(f"refund {self.refund_id} is {self.status.value}; this needs it {wanted}")

    def balance_changed(self, last_seq: int, balance: Money) -> bool:
        return self.checked_seq != last_seq or self.checked_balance != balance

    def record_checks(
        self, results: list[CheckResult], last_seq: int, balance: Money, actor: str, occasion: str = "",
    ) -> None:
        """Store a run of the checks. All passing moves a request on to checked; a failure
        sends the refund back to requested (dropping approvals given on an older picture).
        ``occasion`` says why they ran again (e.g. the balance changed)."""
        self._require(*OPEN_STATUSES)
        self.checks, self.checked_seq, self.checked_balance = results, last_seq, balance
        failed = self.failed_checks
        if failed:
            if self.status != Status.REQUESTED:
                self.approvals = []
                self._move(Status.REQUESTED, actor, occasion + "checks failed: " + ", ".join(c.rule for c in failed))
            return
        if self.status == Status.REQUESTED:
            self._move(Status.CHECKED, actor, occasion + "all checks passed")

    def approve(self, approver: str, roles: frozenset[str], policy: RefundPolicy, at: datetime) -> None:
        self._require(Status.CHECKED)
        if approver == self.requested_by:
            raise ApprovalRefused("the approver must be a different user from the requester")
        if any(a.approver == approver for a in self.approvals):
            raise ApprovalRefused(f"{approver} has already approved this refund; a second approver is needed")
        limit = policy.approval_limit(roles)
        if limit < self.amount:
            raise ApprovalRefused(f"£{self.amount} is above {approver}'s approval limit of £{limit}")
        self.approvals.append(Approval(approver, limit, at))
        needed = policy.approvals_needed(self.amount)
        if len(self.approvals) < needed:
            self.transitions.append(Transition(self.status, self.status, approver,
                                               f"approval 1 of {needed} (above £{policy.dual_approval_threshold})"))
            return
        self._move(Status.APPROVED, approver, f"approved ({len(self.approvals)} of {needed})")
        self.events.append(RefundApprovedV1(
            refund_id=self.refund_id, account_ref=self.account_ref, amount=self.amount, payee=self.payee.value,
            approved_by=[a.approver for a in self.approvals], approved_on=at.date(),
        ))

    def reject(self, actor: str, reason: str) -> None:
        self._require(*OPEN_STATUSES)
        self.rejected_reason = reason
        self._move(Status.REJECTED, actor, reason)
        self.events.append(RefundRejectedV1(
            refund_id=self.refund_id, account_ref=self.account_ref, amount=self.amount, reason=reason,
            rejected_by=actor,
        ))

    def reduce_to(self, amount: Money, actor: str, why: str) -> None:
        """Lower the amount (credit moved to other debts first); approvals do not carry over."""
        self._require(Status.REQUESTED, Status.CHECKED)
        if amount >= self.amount:
            return
        self.transitions.append(Transition(self.status, self.status, actor,
                                           f"amount reduced from £{self.amount} to £{amount}: {why}"))
        self.amount, self.approvals = amount, []

    def mark_paid(self, batch_id: uuid.UUID, paid_on: date, actor: str) -> None:
        self._require(Status.APPROVED)
        self.batch_id, self.paid_on = batch_id, paid_on
        self._move(Status.PAID, actor, f"paid in batch {batch_id}")
        self.events.append(RefundIssuedV1(
            refund_id=self.refund_id, account_ref=self.account_ref, amount=self.amount, payee=self.payee.value,
            paid_on=paid_on, batch_id=batch_id, reason=self.reason_code, requested_by=self.requested_by,
            approved_by=[a.approver for a in self.approvals],
        ))
