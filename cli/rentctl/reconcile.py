"""Cross-service reconciliation through the services' APIs: do the books agree to the penny?

- billing's ledger totals by posting type equal what payments says it sent (payments by
  method, reversals), what refunds paid and what recovery approved for write-off;
- every account's balance in recovery's and refunds' projections equals billing's.

`compare` is the pure rule (unit-tested); `fetch` reads the figures through the gateway;
`reconcile` does both, waiting a while if asked, since events may still be in flight.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rentctl.client import Gateway

BALANCES = "/reports/account-balances"
PAGE = 500
# The ledger posting type each payment method becomes (billing's PAYMENT_POSTING_TYPES):
# the contract between payments' methods and billing's posting types.
CREDIT_TYPE = {"housing_benefit": "hb_credit", "universal_credit": "uc_credit", "direct_debit": "dd_collection"}
REVERSAL_TYPE = {"direct_debit": "dd_unpaid"}
PROJECTIONS = ("recovery", "refunds")
ALL_TIME = {"date_from": "1900-01-01", "date_to": "2999-12-31"}


@dataclass(frozen=True)
class Total:
    count: int
    amount: Decimal


@dataclass(frozen=True)
class Balance:
    balance: Decimal
    last_seq: int


@dataclass
class Figures:
    """What each service says (amounts as exact Decimals)."""

    ledger_by_type: dict[str, Total]  # billing, net signed (debit +)
    payments: dict[str, Total]  # "payment:<method>" / "reversal:<method>"
    refunds_paid: Total
    write_offs_approved: Total
    ledger_balances: dict[str, Balance]
    projections: dict[str, dict[str, Balance]]  # service -> account -> balance


@dataclass(frozen=True)
class TotalDifference:
    posting_type: str
    ledger: Total
    expected: Total
    source: str

    def __str__(self) -> str:
        return (f"{self.posting_type}: ledger {self.ledger.amount} in {self.ledger.count} posting(s), "
                f"{self.source} {self.expected.amount} in {self.expected.count}")


@dataclass(frozen=True)
class AccountDifference:
    account_ref: str
    service: str
    ledger: Balance | None
    projected: Balance | None

    def __str__(self) -> str:
        def show(b: Balance | None) -> str:
            return "missing" if b is None else f"{b.balance} (seq {b.last_seq})"
        return f"{self.account_ref}: billing {show(self.ledger)}, {self.service} {show(self.projected)}"


@dataclass
class Report:
    totals: list[TotalDifference] = field(default_factory=list)
    accounts: list[AccountDifference] = field(default_factory=list)
    checked_accounts: int = 0
    checked_types: list[str] = field(default_factory=list)

    @property
    def agrees(self) -> bool:
        return not self.totals and not self.accounts


ZERO = Total(0, Decimal("0.00"))


def _add(a: Total, b: Total) -> Total:
    return Total(a.count + b.count, a.amount + b.amount)


def expected_ledger(figures: Figures) -> dict[str, tuple[Total, str]]:
    """The ledger net (debit +) each cross-service posting type should show, and who says so."""
    expected: dict[str, tuple[Total, str]] = {}

    def put(posting_type: str, total: Total, source: str) -> None:
        before = expected.get(posting_type, (ZERO, source))[0]
        expected[posting_type] = (_add(before, total), source)

    for t in ("payment", "hb_credit", "uc_credit", "dd_collection", "payment_reversal", "dd_unpaid"):
        put(t, ZERO, "payments")
    for kind, total in figures.payments.items():
        what, _, method = kind.partition(":")
        if what == "payment":
            put(CREDIT_TYPE.get(method, "payment"), Total(total.count, -total.amount), "payments")
        elif what == "reversal":
            put(REVERSAL_TYPE.get(method, "payment_reversal"), total, "payments")
    put("refund", figures.refunds_paid, "refunds")
    put("write_off", Total(figures.write_offs_approved.count, -figures.write_offs_approved.amount), "recovery")
    return expected


def compare(figures: Figures) -> Report:
    report = Report()
    for posting_type, (want, source) in sorted(expected_ledger(figures).items()):
        have = figures.ledger_by_type.get(posting_type, ZERO)
        report.checked_types.append(posting_type)
        if have != want:
            report.totals.append(TotalDifference(posting_type, have, want, source))
    ledger = figures.ledger_balances
    report.checked_accounts = len(ledger)
    for service, projected in figures.projections.items():
        for ref in sorted(set(ledger) | set(projected)):
            mine, theirs = ledger.get(ref), projected.get(ref)
            if theirs is None and mine is not None and mine.balance == 0:
                continue  # a projection need not hold an account with nothing on it
            if mine is None or theirs is None or mine.balance != theirs.balance:
                report.accounts.append(AccountDifference(ref, service, mine, theirs))
    return report


# --- reading the figures through the gateway -------------------------------------------
def _pages(gw: Gateway, service: str) -> Iterator[dict[str, Any]]:
    after = ""
    while True:
        page = gw.get(f"/{service}{BALANCES}", what=f"{service}'s account balances",
                      params={"after": after, "limit": PAGE})
        yield from page
        if len(page) < PAGE:
            return
        after = page[-1]["account_ref"]


def _balances(gw: Gateway, service: str) -> dict[str, Balance]:
    return {r["account_ref"]: Balance(Decimal(str(r["balance"])), int(r["last_seq"])) for r in _pages(gw, service)}


def _totals(rows: list[dict[str, Any]]) -> dict[str, Total]:
    return {r["kind"]: Total(int(r["count"]), Decimal(str(r["amount"]))) for r in rows}


def fetch(gw: Gateway) -> Figures:
    control = gw.get("/billing/reports/control-totals", what="billing's control totals", params=ALL_TIME)
    return Figures(
        ledger_by_type={r["posting_type"]: Total(int(r["postings"]), Decimal(str(r["net"]))) for r in control},
        payments=_totals(gw.get("/payments/reports/posted-totals", what="payments' posted totals")),
        refunds_paid=_totals(gw.get("/refunds/reports/refund-totals", what="refunds paid")).get("refund", ZERO),
        write_offs_approved=_totals(gw.get("/recovery/reports/write-off-totals", what="approved write-offs"))
        .get("write_off", ZERO),
        ledger_balances=_balances(gw, "billing"),
        projections={service: _balances(gw, service) for service in PROJECTIONS},
    )


def reconcile(gw: Gateway, *, wait_seconds: float = 0.0, interval: float = 1.0) -> Report:
    """Compare; if the books disagree, look again until they agree or `wait_seconds` pass
    (events between the services may still be on their way)."""
    deadline = time.monotonic() + wait_seconds
    while True:
        report = compare(fetch(gw))
        if report.agrees or time.monotonic() >= deadline:
            return report
        time.sleep(interval)
