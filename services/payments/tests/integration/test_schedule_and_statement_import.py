"""HB and UC schedules and camt.053 statements imported over HTTP: credits, HB overpayment
deductions, suspense, and files rejected whole with nothing posted."""

from __future__ import annotations

from .support import SAMPLES, events, scalar, seed_accounts, upload

ACCOUNTS = {"10000016": "open", "10000024": "open", "10000032": "closed"}


async def test_hb_schedule_credits_tenants_in_full_and_debits_the_overpaid_account(payments, token):
    await seed_accounts(payments.app, ACCOUNTS)
    response = await upload(payments, token, (SAMPLES / "hb_schedule.csv").read_bytes(), "hb_schedule")
    assert response.status_code == 201, response.text
    report = response.json()
    assert (report["records"], report["accepted"], report["accepted_amount"]) == (3, 3, "464.96")
    [batch] = await events(payments.app, "PaymentBatchReceived")
    credits = batch["data"]["payments"]
    assert [(p["account_ref"], p["amount"], p["method"], p["period_from"]) for p in credits] == [
        ("10000016", "224.96", "housing_benefit", "2026-11-09"), ("10000024", "180.00", "housing_benefit",
                                                                  "2026-11-09")]
    [reversal] = await events(payments.app, "PaymentReversed")
    data = reversal["data"]
    assert (data["account_ref"], data["amount"], data["method"], data["reason_code"]) == (
        "10000032", "60.00", "housing_benefit", "HB-OVERPAYMENT")
    assert "blameless deduction: other tenants credited in full" in data["reason"]
    assert data["source"] == f"file:{report['file_id']}:4"


async def test_hb_deduction_for_an_unknown_account_is_rejected_with_its_line(payments, token):
    await seed_accounts(payments.app, ACCOUNTS)
    content = (b"HEADER,HB-9,2026-11-23\nDEDUCTION,HB1,10000057,2026-10-12,2026-10-25,60.00,N\n"
               b"TRAILER,1,0,60.00\n")
    report = (await upload(payments, token, content, "hb_schedule")).json()
    assert (report["accepted"], report["rejected"]) == (0, 1)
    [line] = (await payments.get(f"/income-files/{report['file_id']}/lines", headers=token("a", "auditor"))).json()
    assert (line["line_no"], line["reason"]) == (2, "overpaid account is unknown (check the account reference)")
    assert await events(payments.app, "PaymentReversed") == []


async def test_uc_schedule_credit_to_a_closed_account_goes_to_suspense(payments, token):
    await seed_accounts(payments.app, ACCOUNTS)
    content = (b"HEADER,APA-7,2026-11-24\nDETAIL,QQ123456C,10000032,2026-10-15,2026-11-14,100.00\n"
               b"DETAIL,UC-1234,10000016,2026-10-15,2026-11-14,50.00\nTRAILER,2,150.00\n")
    report = (await upload(payments, token, content, "uc_schedule")).json()
    assert (report["accepted"], report["unmatched"], report["unmatched_amount"]) == (1, 1, "100.00")
    [suspended] = await events(payments.app, "PaymentSuspended")
    assert (suspended["data"]["method"], suspended["data"]["reason"]) == ("universal_credit", "account is closed")


async def test_camt053_statement_credits_by_remittance_reference(payments, token):
    await seed_accounts(payments.app, ACCOUNTS)
    response = await upload(payments, token, (SAMPLES / "camt053_statement.xml").read_bytes(), "camt053")
    assert response.status_code == 201, response.text
    [batch] = await events(payments.app, "PaymentBatchReceived")
    assert [(p["account_ref"], p["amount"], p["method"]) for p in batch["data"]["payments"]] == [
        ("10000016", "112.48", "bank_transfer"), ("10000024", "200.00", "bank_transfer")]


async def test_truncated_statement_is_rejected_whole_and_nothing_is_posted(payments, token):
    await seed_accounts(payments.app, ACCOUNTS)
    content = (SAMPLES / "camt053_statement.xml").read_bytes()[:-200]
    response = await upload(payments, token, content, "camt053")
    assert response.status_code == 422
    assert "XML ends before the document is complete (file truncated?)" in response.json()["detail"]
    assert await scalar(payments.app, "SELECT count(*) FROM payment") == 0
    assert await events(payments.app) == []


async def test_upload_needs_an_importing_role_and_a_known_format(payments, token):
    content = (SAMPLES / "uc_apa_schedule.csv").read_bytes()
    refused = await payments.post("/income-files", params={"format": "uc_schedule"}, files={"file": ("f", content)},
                                  headers=token("aud", "auditor"))
    assert refused.status_code == 403
    unknown = await payments.post("/income-files", params={"format": "excel"}, files={"file": ("f", content)},
                                  headers=token("i", "income_officer"))
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["loc"] == ["query", "format"]
