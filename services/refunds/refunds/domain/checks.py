"""The checks a refund must pass before it can be approved. Each is a named rule whose
result (passed or not, and why) is stored on the refund request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date

from refunds.domain.credit import AccountPicture, Payee
from refunds.domain.policy import RefundPolicy
from shared.bank_details import BankDetailsError, validate_uk_account
from shared.money import Money


@dataclass(frozen=True)
class RefundAsk:
    """What a refund request asks for, as the checks see it."""

    amount: Money
    payee: Payee
    payee_name: str | None
    sort_code: str | None
    account_number: str | None
    keep_week_waived: bool = False


@dataclass(frozen=True)
class CheckResult:
    rule: str
    passed: bool
    detail: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class CheckContext:
    ask: RefundAsk
    account: AccountPicture
    policy: RefundPolicy
    today: date


Rule = Callable[[CheckContext], CheckResult]


def amount_within_credit(ctx: CheckContext) -> CheckResult:
    rule, credit = "amount_within_credit", ctx.account.credit
    if ctx.ask.amount <= 0:
        return CheckResult(rule, False, "the refund amount must be more than zero")
    if ctx.ask.amount > credit:
        return CheckResult(rule, False, f"£{ctx.ask.amount} asked but the account has £{credit} credit available")
    return CheckResult(rule, True, f"£{credit} credit available")


def other_debts_offset(ctx: CheckContext) -> CheckResult:
    rule, debts = "other_debts_offset", ctx.account.other_debts
    if not debts:
        return CheckResult(rule, True, "the same person owes nothing on other accounts")
    owed = "; ".join(f"£{d.amount} {d.kind} on {d.account_ref}" for d in debts)
    return CheckResult(rule, False, f"offset the credit against the same person's debts first ({owed})")


def benefit_credit_to_payer(ctx: CheckContext) -> CheckResult:
    rule, shares = "benefit_credit_to_payer", ctx.account.credit_by_source()
    payee = ctx.ask.payee
    if payee in (Payee.HOUSING_BENEFIT, Payee.UNIVERSAL_CREDIT):
        share = shares[payee.value]
        if ctx.ask.amount > share:
            return CheckResult(rule, False, f"only £{share} of the credit came from {payee.value}")
        return CheckResult(rule, True, f"£{share} of the credit came from {payee.value}; it goes back to the payer")
    benefit = shares[Payee.HOUSING_BENEFIT.value] + shares[Payee.UNIVERSAL_CREDIT.value]
    own = ctx.account.credit - benefit
    if benefit and ctx.ask.amount > own:
        return CheckResult(rule, False, (
            f"£{benefit} of the credit came from housing benefit/universal credit and goes back to the payer; "
            f"at most £{own} can be refunded to the {payee.value}"))
    return CheckResult(rule, True, "no part of the refund came from housing benefit or universal credit")


def payments_cleared(ctx: CheckContext) -> CheckResult:
    rule = "payments_cleared"
    held, clears = ctx.account.uncleared(ctx.policy.clears_on, ctx.today)
    if held and ctx.ask.amount > ctx.account.credit - held:
        return CheckResult(rule, False, (
            f"£{held} of recent payments can still be reversed (Direct Debit indemnity or card chargeback) "
            f"until {clears}"))
    return CheckResult(rule, True, "every payment the refund relies on has cleared")


def no_open_hb_overpayment(ctx: CheckContext) -> CheckResult:
    rule, open_amount = "no_open_hb_overpayment", ctx.account.open_hb_overpayment
    if open_amount > 0:
        return CheckResult(rule, False, f"a housing benefit overpayment of £{open_amount} is still to be recovered")
    return CheckResult(rule, True, "no open housing benefit overpayment")


def current_tenant_keeps_week(ctx: CheckContext) -> CheckResult:
    rule, account = "current_tenant_keeps_week", ctx.account
    if not account.is_current_tenancy or ctx.ask.payee in (Payee.HOUSING_BENEFIT, Payee.UNIVERSAL_CREDIT):
        return CheckResult(rule, True, "not a current tenancy refund to the tenant")
    if ctx.ask.keep_week_waived:
        return CheckResult(rule, True, "the tenant asked for the whole credit to be refunded")
    keep = (account.weekly_charge or Money.zero()) * ctx.policy.keep_weeks
    if ctx.ask.amount > account.credit - keep:
        return CheckResult(rule, False, (
            f"a current tenant keeps £{keep} ({ctx.policy.keep_weeks} week(s) charge) in credit unless they ask "
            "otherwise"))
    return CheckResult(rule, True, f"£{keep} stays in credit")


def bank_details_valid(ctx: CheckContext) -> CheckResult:
    rule, ask = "bank_details_valid", ctx.ask
    missing = [name for name, value in (("payee name", ask.payee_name), ("sort code", ask.sort_code),
                                        ("account number", ask.account_number)) if not value]
    if missing:
        return CheckResult(rule, False, f"payee bank details missing: {', '.join(missing)}")
    try:
        account = validate_uk_account(ask.sort_code or "", ask.account_number or "")
    except BankDetailsError as exc:
        return CheckResult(rule, False, str(exc))
    return CheckResult(rule, True, f"sort code {account.sort_code} account {account.masked} passes the modulus check")


RULES: tuple[Rule, ...] = (
    amount_within_credit, other_debts_offset, benefit_credit_to_payer, payments_cleared,
    no_open_hb_overpayment, current_tenant_keeps_week, bank_details_valid,
)


def run_checks(ask: RefundAsk, account: AccountPicture, policy: RefundPolicy, today: date) -> list[CheckResult]:
    ctx = CheckContext(ask, account, policy, today)
    return [rule(ctx) for rule in RULES]
