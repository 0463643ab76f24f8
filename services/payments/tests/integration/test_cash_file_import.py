"""Cash receipting CSV import over HTTP on a real database: matching, suspense, the
report, duplicates, and structural errors that reject the whole file."""

from __future__ import annotations

import pytest

from payments.service_layer import file_import

from .support import IMPORTER, SAMPLES, events, scalar, seed_accounts, upload

ACCOUNTS = {"10000016": "open", "10000024": "open", "10000032": "open", "10000040": "closed"}


def cash(*lines: str, trailer: str | None = None) -> bytes:
    body = ["payment_reference,amount,paid_on,channel,transaction_id", *lines]
    if trailer is not None:
        body.append(trailer)
    return ("\n".join(body) + "\n").encode()


async def test_sample_file_credits_matched_accounts_in_one_batch_and_suspends_the_rest(payments, token):
    await seed_accounts(payments.app, ACCOUNTS)
    response = await upload(payments, token, (SAMPLES / "cash_receipting.csv").read_bytes(), "cash_csv",
                            "cash.csv", source_system="allpay")
    assert response.status_code == 201, response.text
    report = response.json()
    assert (report["records"], report["accepted"], report["unmatched"], report["rejected"]) == (4, 3, 1, 0)
    assert (report["accepted_amount"], report["unmatched_amount"], report["status"]) == ("187.48", "9.99", "imported")

    [batch] = await events(payments.app, "PaymentBatchReceived")
    assert [(p["account_ref"], p["amount"]) for p in batch["data"]["payments"]] == [
        ("10000016", "112.48"), ("10000024", "50.00"), ("10000032", "25.00")]
    assert batch["data"]["payments"][0]["source"] == f"file:{report['file_id']}:2"
    assert batch["data"]["payments"][0]["received_by"] == "system:allpay"
    [suspended] = await events(payments.app, "PaymentSuspended")
    assert suspended["data"]["reason"] == "reference is not a valid account reference (check digit fails)"

    lines = (await payments.get(f"/income-files/{report['file_id']}/lines", headers=token(*IMPORTER))).json()
    assert [(line["line_no"], line["outcome"]) for line in lines] == [(5, "unmatched")]
    queue = (await payments.get("/suspense", headers=token(*IMPORTER))).json()
    assert [(i["reference_given"], i["amount"]) for i in queue] == [("10000017", "9.99")]


async def test_the_same_file_offered_again_is_refused_and_changes_nothing(payments, token):
    await seed_accounts(payments.app, ACCOUNTS)
    content = (SAMPLES / "cash_receipting.csv").read_bytes()
    first = (await upload(payments, token, content, "cash_csv")).json()
    again = await upload(payments, token, content, "cash_csv", "renamed.csv")
    assert again.status_code == 409
    assert again.json()["duplicate_of"] == first["file_id"]
    assert await scalar(payments.app, "SELECT count(*) FROM payment") == 4
    assert len(await events(payments.app)) == 2


async def test_a_transaction_already_received_in_another_file_is_reported_as_duplicate(payments, token):
    await seed_accounts(payments.app, ACCOUNTS)
    await upload(payments, token, cash("10000016,10.00,2026-11-20,paypoint,T1", trailer="TRAILER,1,10.00"), "cash_csv")
    report = (await upload(payments, token, cash("10000016,10.00,2026-11-20,paypoint,T1",
                                                 "10000024,5.00,2026-11-20,paypoint,T2", trailer="TRAILER,2,15.00"),
                           "cash_csv")).json()
    assert (report["accepted"], report["duplicates"]) == (1, 1)
    lines = (await payments.get(f"/income-files/{report['file_id']}/lines", headers=token(*IMPORTER))).json()
    assert lines[0]["reason"] == "already received: cash_receipting transaction T1"


BAD_LINES = [
    ("10000016,12.345,2026-11-20,paypoint,T3", "amount has more than 2 decimal places: Decimal('12.345')"),
    ("10000016,-5.00,2026-11-20,paypoint,T4", "amount -5.00 must be positive"),
    ("10000016,ten,2026-11-20,paypoint,T5", "amount 'ten' is not a number"),
    ("10000016,5.00,2026-02-30,paypoint,T6", "paid_on '2026-02-30' is not a valid date (YYYY-MM-DD or DD/MM/YYYY)"),
    ("10000016,5.00,2026-11-20,paypoint", "expected 5 fields, found 4"),
    ("10000016,5.00,2026-11-20,paypoint,T1", "transaction id repeats line 2"),
]


async def test_each_bad_line_is_rejected_with_its_line_number_and_reason_and_the_rest_imported(payments, token):
    await seed_accounts(payments.app, ACCOUNTS)
    # The trailer total is the sum of the amounts as written (12.345 - 5.00 + 5.00 x 3 + 10.00 + 1.00).
    content = cash("10000016,10.00,2026-11-20,paypoint,T1", *(line for line, _ in BAD_LINES),
                   "10000024,1.00,2026-11-20,paypoint,T2", trailer="TRAILER,8,33.345")
    response = await upload(payments, token, content, "cash_csv")
    assert response.status_code == 201, response.text
    report = response.json()
    assert (report["records"], report["accepted"], report["rejected"], report["accepted_amount"]) == (
        8, 2, 6, "11.00")
    rejected = (await payments.get(f"/income-files/{report['file_id']}/lines?outcome=rejected",
                                   headers=token(*IMPORTER))).json()
    assert [(line["line_no"], line["reason"]) for line in rejected] == [
        (n, reason) for n, (_, reason) in enumerate(BAD_LINES, start=3)]


STRUCTURAL_FAULTS = [
    (cash("10000016,10.00,2026-11-20,paypoint,T1", trailer="TRAILER,1,11.00"),
     "line 3: trailer total 11.00 does not match the detail records' sum 10.00"),
    (cash("10000016,10.00,2026-11-20,paypoint,T1", trailer="TRAILER,2,10.00"),
     "line 3: trailer says 2 detail records but the file has 1 (file truncated?)"),
    (cash("10000016,10.00,2026-11-20,paypoint,T1"), "no TRAILER record: the file is incomplete"),
    (cash("10000016,10.00,2026-11-20,Caf\xe9,T1", trailer="TRAILER,1,10.00").replace(b"\xc3\xa9", b"\xe9"),
     "line 2: file is not UTF-8: byte 0xe9 at column 30 (re-export it as UTF-8)"),
    (b"ref,amount\n", "line 1: header must be payment_reference,amount,paid_on,channel,transaction_id"),
]


async def test_a_structural_error_rejects_the_whole_file_and_posts_nothing(payments, token):
    await seed_accounts(payments.app, ACCOUNTS)
    for content, reason in STRUCTURAL_FAULTS:
        response = await upload(payments, token, content, "cash_csv")
        assert (response.status_code, response.json()["detail"]) == (422, reason)
        report = (await payments.get(f"/income-files/{response.json()['file_id']}",
                                     headers=token(*IMPORTER))).json()
        assert (report["status"], report["rejection_reason"], report["records"]) == ("rejected", reason, 0)
    assert await scalar(payments.app, "SELECT count(*) FROM payment") == 0
    assert await events(payments.app) == []


async def test_unknown_and_closed_accounts_go_to_suspense_with_the_reason(payments, token):
    await seed_accounts(payments.app, ACCOUNTS)
    content = cash("10000057,1.00,2026-11-20,paypoint,T1", "10000040,2.00,2026-11-20,paypoint,T2",
                   trailer="TRAILER,2,3.00")
    report = (await upload(payments, token, content, "cash_csv")).json()
    assert report["unmatched"] == 2
    reasons = [e["data"]["reason"] for e in await events(payments.app, "PaymentSuspended")]
    assert reasons == ["no account with this reference", "account is closed"]


async def test_a_large_file_is_applied_in_chunks_and_an_interrupted_import_resumes_without_double_posting(
        payments, token, monkeypatch):
    await seed_accounts(payments.app, ACCOUNTS)
    monkeypatch.setattr(file_import, "CHUNK_LINES", 40)
    monkeypatch.setattr(file_import, "BATCH_PAYMENTS", 15)
    lines = [f"10000016,1.00,2026-11-20,paypoint,T{n}" for n in range(100)]
    content = cash(*lines, trailer="TRAILER,100,100.00")
    real_apply, calls = file_import._apply_chunk, []

    async def crash_on_second_chunk(*args):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("process died")
        return await real_apply(*args)

    monkeypatch.setattr(file_import, "_apply_chunk", crash_on_second_chunk)
    with pytest.raises(RuntimeError):
        await upload(payments, token, content, "cash_csv")
    assert await scalar(payments.app, "SELECT count(*) FROM payment") == 40
    assert await scalar(payments.app, "SELECT records_done FROM income_file") == 40

    report = (await upload(payments, token, content, "cash_csv")).json()  # offered again: resumes
    assert (report["status"], report["records"], report["accepted"], report["accepted_amount"]) == (
        "imported", 100, 100, "100.00")
    batches = await events(payments.app, "PaymentBatchReceived")
    assert sorted(int(p["source"].rsplit(":", 1)[1]) for b in batches for p in b["data"]["payments"]) == list(
        range(2, 102))
    assert max(len(b["data"]["payments"]) for b in batches) == 15
