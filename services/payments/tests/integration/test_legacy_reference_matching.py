"""Payments learns legacy references from AccountOpened (after a migration) and matches
a payment quoting one to the account, by message and in an income file."""

from __future__ import annotations

from datetime import date

from payments.domain.matching import match_reference
from payments.service_layer import handlers
from shared.contracts.billing import AccountOpenedV1
from shared.contracts.inbound import InboundPaymentV1
from shared.contracts.types import AccountType
from shared.db.unit_of_work import UnitOfWork

from .support import events, upload

ACCOUNT = "10000016"


async def opened_with_legacy_refs(app) -> None:
    async with UnitOfWork(app.state.runtime.session_factory) as uow:
        await handlers.note_account_opened(AccountOpenedV1(
            account_ref=ACCOUNT, account_type=AccountType.RENT, opened_on=date(2014, 6, 2),
            legacy_refs=["RA500101", "0050010001"]), uow)
        await uow.commit()


async def test_a_payment_message_quoting_a_legacy_reference_is_matched_to_the_account(payments):
    await opened_with_legacy_refs(payments.app)
    async with UnitOfWork(payments.app.state.runtime.session_factory) as uow:
        await handlers.receive_payment(InboundPaymentV1(
            source_system="allpay", transaction_id="LEG-1", payment_reference="RA/5001/01", amount="25.00",
            paid_on=date(2026, 11, 24), method="cash", channel="paypoint"), "message:LEG-1", uow)
        await uow.commit()
    [received] = await events(payments.app, "PaymentReceived")
    assert (received["data"]["account_ref"], received["data"]["amount"]) == (ACCOUNT, "25.00")
    assert await events(payments.app, "PaymentSuspended") == []


async def test_an_income_file_line_quoting_a_legacy_reference_is_matched(payments, token):
    await opened_with_legacy_refs(payments.app)
    content = (b"payment_reference,amount,paid_on,channel,transaction_id\n"
               b"0050010001,30.00,2026-11-24,paypoint,F1\n"
               b"RA500199,5.00,2026-11-24,paypoint,F2\n"
               b"TRAILER,2,35.00\n")
    response = await upload(payments, token, content, "cash_csv", "cash.csv", source_system="allpay")
    assert response.status_code == 201, response.text
    assert (response.json()["accepted"], response.json()["unmatched"]) == (1, 1)
    [batch] = await events(payments.app, "PaymentBatchReceived")
    assert [(p["account_ref"], p["amount"]) for p in batch["data"]["payments"]] == [(ACCOUNT, "30.00")]


def test_an_account_reference_wins_over_an_alias_spelt_the_same():
    status = {"10000016": "open", "10000024": "open"}
    assert match_reference("10000024", status, {"10000024": "10000016"}).account_ref == "10000024"
    assert match_reference("RA500101", status, {"RA500101": "10000016"}).account_ref == "10000016"
    assert match_reference("RA500101", status, {}).reason.startswith("reference is not a valid account reference")
