"""Raising invoices on leasehold and sundry accounts: each invoice is recorded, posted to
the ledger once (its reference is the posting's source key) and announced as
ServiceChargeInvoiced alongside the AccountPosted of its posting."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import insert, text

from billing.invoices.tables import service_charge_invoice_table as invoice_t
from billing.ledger import source_keys
from billing.ledger import writer as ledger_writer
from billing.ledger.rules import NewPosting
from shared.contracts.billing import ServiceChargeInvoicedV1
from shared.contracts.types import ChargeType, PostingType
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money

RAISED = text("SELECT invoice_ref FROM service_charge_invoice WHERE invoice_ref = ANY(:refs)")


@dataclass(frozen=True)
class Invoice:
    invoice_ref: str
    run_ref: str
    account_ref: str
    invoice_type: str
    amount: Money
    due_date: date
    charge_type: ChargeType | None
    description: str
    scheme_ref: str | None = None
    period_from: date | None = None
    period_to: date | None = None
    works_ref: str | None = None
    lines: list[dict[str, str]] = field(default_factory=list)


async def raise_invoices(uow: UnitOfWork, invoices: list[Invoice], actor: str) -> list[Invoice]:
    """Record and post the invoices not raised before (a repeated run raises nothing twice);
    zero invoices are not raised. Returns those raised now."""
    wanted = [inv for inv in invoices if inv.amount]
    if not wanted:
        return []
    done = set((await uow.session.execute(RAISED, {"refs": [inv.invoice_ref for inv in wanted]})).scalars())
    fresh = [inv for inv in wanted if inv.invoice_ref not in done]
    if not fresh:
        return []
    await uow.session.execute(insert(invoice_t), [
        {"invoice_ref": inv.invoice_ref, "run_ref": inv.run_ref, "account_ref": inv.account_ref,
         "invoice_type": inv.invoice_type, "scheme_ref": inv.scheme_ref, "period_from": inv.period_from,
         "period_to": inv.period_to, "amount": inv.amount.amount, "due_date": inv.due_date,
         "lines": inv.lines or [{"description": inv.description, "amount": str(inv.amount)}],
         "works_ref": inv.works_ref, "raised_by": actor} for inv in fresh])
    postings = await ledger_writer.post_all(uow.session, [
        NewPosting(account_ref=inv.account_ref, posting_type=PostingType.CHARGE, amount=inv.amount,
                   effective_date=inv.due_date, source_key=source_keys.invoice(inv.invoice_ref),
                   source=f"invoice {inv.invoice_ref}", posted_by=actor, reason=inv.description,
                   charge_type=inv.charge_type) for inv in fresh])
    for posting in postings:
        uow.emit(posting.to_event(), sequence=posting.account_seq)
    for inv in fresh:
        uow.emit(ServiceChargeInvoicedV1(
            invoice_ref=inv.invoice_ref, account_ref=inv.account_ref, invoice_type=inv.invoice_type,
            period_from=inv.period_from, period_to=inv.period_to, amount=inv.amount, due_date=inv.due_date,
            lines=inv.lines or [{"description": inv.description, "amount": str(inv.amount)}]))
    return fresh
