"""Small builders for domain tests."""

from __future__ import annotations

from datetime import date

from refunds.domain.checks import RefundAsk
from refunds.domain.credit import AccountPicture, Debt, Payee, PaymentIn
from shared.money import Money

TODAY = date(2026, 11, 23)
GOOD_BANK = {"payee_name": "Alex Example", "sort_code": "089999", "account_number": "66374958"}


def account(balance: str = "-300.00", **kw) -> AccountPicture:
    values = {"account_ref": "10000016", "balance": Money(balance), "last_seq": 5, "status": "open",
              "account_type": "rent", "weekly_charge": Money("100.00"),
              "payments": [PaymentIn(Money(balance.lstrip("-")), "cash", date(2026, 9, 1))]}
    values.update(kw)
    return AccountPicture(**values)


def ask(amount: str = "200.00", payee: Payee = Payee.TENANT, **kw) -> RefundAsk:
    values = {**GOOD_BANK, "keep_week_waived": False}
    values.update(kw)
    return RefundAsk(Money(amount), payee, **values)


def debt(ref: str, amount: str, status: str = "closed", account_type: str = "rent") -> Debt:
    return Debt(ref, Money(amount), status, account_type)
