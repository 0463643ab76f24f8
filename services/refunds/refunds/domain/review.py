"""The credit balance review: for each account in credit, what to do with the credit
(refund it, transfer it to another debt of the same person, or leave it) and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from refunds.domain.credit import AccountPicture, Payee
from refunds.domain.policy import RefundPolicy
from shared.money import Money


class Action(StrEnum):
    REFUND = "refund"
    TRANSFER = "transfer"
    LEAVE = "leave"


@dataclass(frozen=True)
class Transfer:
    to_account_ref: str
    amount: Money
    kind: str


@dataclass(frozen=True)
class Suggestion:
    account_ref: str
    credit: Money
    action: Action
    amount: Money
    why: str
    payee: Payee | None = None
    transfers: list[Transfer] = field(default_factory=list)


def plan_transfers(account: AccountPicture) -> list[Transfer]:
    """Credit goes to the same person's debts: former tenancies first (no other way to
    collect them), then sundry debts, then other accounts; largest first within each."""
    order = {"former tenant arrears": 0, "sundry debt": 1, "arrears": 2}
    remaining, plan = account.credit, []
    for debt in sorted(account.other_debts, key=lambda d: (order[d.kind], -d.amount.amount, d.account_ref)):
        if remaining <= 0:
            break
        amount = min(debt.amount, remaining)
        plan.append(Transfer(debt.account_ref, amount, debt.kind))
        remaining -= amount
    return plan


def refundable_to_tenant(account: AccountPicture, policy: RefundPolicy, today: date) -> tuple[Money, list[str]]:
    """What could be refunded to the tenant today, and what holds the rest back."""
    shares = account.credit_by_source()
    amount, held_back = shares[Payee.TENANT.value], []
    held, clears = account.uncleared(policy.clears_on, today)
    if held:
        amount = min(amount, account.credit - held)
        held_back.append(f"£{held} of payments can still be reversed until {clears}")
    if account.is_current_tenancy and account.weekly_charge:
        keep = account.weekly_charge * policy.keep_weeks
        amount = min(amount, account.credit - keep)
        held_back.append(f"a current tenant keeps £{keep} in credit")
    return max(amount, Money.zero()), held_back


def suggest(account: AccountPicture, policy: RefundPolicy, today: date) -> Suggestion:
    credit = account.credit
    if account.open_hb_overpayment > 0:
        return Suggestion(account.account_ref, credit, Action.LEAVE, Money.zero(),
                          f"an open housing benefit overpayment of £{account.open_hb_overpayment} may absorb it")
    transfers = plan_transfers(account)
    if transfers:
        moved = sum((t.amount for t in transfers), Money.zero())
        owed = ", ".join(f"{t.kind} on {t.to_account_ref}" for t in transfers)
        return Suggestion(account.account_ref, credit, Action.TRANSFER, moved,
                          f"the same person owes {owed}: offset before any refund", transfers=transfers)
    shares = account.credit_by_source()
    for payee in (Payee.HOUSING_BENEFIT, Payee.UNIVERSAL_CREDIT):
        if shares[payee.value] >= policy.minimum_refund:
            return Suggestion(account.account_ref, credit, Action.REFUND, shares[payee.value],
                              f"£{shares[payee.value]} of the credit came from {payee.value}: return it to the payer",
                              payee=payee)
    amount, held_back = refundable_to_tenant(account, policy, today)
    if amount >= policy.minimum_refund:
        why = "credit the tenant paid" + (f" ({'; '.join(held_back)})" if held_back else "")
        payee = Payee.TENANT
        return Suggestion(account.account_ref, credit, Action.REFUND, amount, why, payee=payee)
    reasons = held_back or [f"less than the £{policy.minimum_refund} minimum refund"]
    return Suggestion(account.account_ref, credit, Action.LEAVE, Money.zero(), "; ".join(reasons))
