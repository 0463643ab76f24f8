"""Every income file format over HTTP: the same file offered twice is refused (409), a
broken file is rejected whole (422) with its reason and nothing posted, and the lines
whose reference names nothing go to suspense or are rejected with their line and reason."""

from __future__ import annotations

import pytest

from payments.service_layer import file_import

from .support import IMPORTER, SAMPLES, events, scalar, seed_accounts, upload

ACCOUNTS = {"10000016": "open", "10000024": "open", "10000032": "closed"}
SAMPLE_OF = {
    "cash_csv": "cash_receipting.csv", "camt053": "camt053_statement.xml", "hb_schedule": "hb_schedule.csv",
    "uc_schedule": "uc_apa_schedule.csv", "arudd": "arudd.xml", "addacs": "addacs.xml", "auddis": "auddis_report.xml",
}


def sample(file_format: str, old: bytes = b"", new: bytes = b"") -> bytes:
    content = (SAMPLES / SAMPLE_OF[file_format]).read_bytes()
    assert old in content
    return content.replace(old, new) if old else content


async def lines(payments, token, report: dict) -> list[tuple[int, str, str]]:
    found = (await payments.get(f"/income-files/{report['file_id']}/lines", headers=token(*IMPORTER))).json()
    return [(line["line_no"], line["outcome"], line["reason"]) for line in found]


@pytest.mark.parametrize("file_format", list(SAMPLE_OF))
async def test_the_same_file_offered_again_is_refused_in_every_format(payments, token, file_format):
    await seed_accounts(payments.app, ACCOUNTS)
    first = await upload(payments, token, sample(file_format), file_format, "first")
    assert first.status_code == 201, first.text
    published = len(await events(payments.app))
    again = await upload(payments, token, sample(file_format), file_format, "renamed")
    assert again.status_code == 409
    problem = again.json()
    assert (problem["type"], problem["duplicate_of"]) == ("urn:rent:problem:duplicate-file", first.json()["file_id"])
    assert problem["detail"] == (f"this file (same SHA-256 checksum) was already offered as file "
                                 f"{first.json()['file_id']} (imported)")
    assert len(await events(payments.app)) == published
    assert await scalar(payments.app, "SELECT count(*) FROM income_file") == 1


BROKEN = [
    pytest.param("camt053", sample("camt053", b"FLAT 3", b"FLAT \xa33"),
                 "line 22: file is not UTF-8: byte 0xa3 at column 46 (re-export it as UTF-8)", id="camt053-not-utf8"),
    pytest.param("camt053", sample("camt053", b"<Sum>312.48</Sum>", b"<Sum>300.00</Sum>"),
                 "line 5: TtlCdtNtries says 2 credits totalling 300.00; the entries are 2 totalling 312.48",
                 id="camt053-totals"),
    pytest.param("arudd", sample("arudd")[:600], "line 12: XML ends before the document is complete (file "
                 "truncated?): AttValue: ' expected", id="arudd-truncated"),
    pytest.param("addacs", sample("addacs", b'payer-new-name="C TENANT"', b'payer-new-name="C T\xc9NANT"'),
                 "line 10: file is not UTF-8: byte 0xc9 at column 108 (re-export it as UTF-8)", id="addacs-not-utf8"),
    pytest.param("auddis", sample("auddis", b"</MessagingAdvices>", b"</MessagingAdvice>"),
                 "line 8: XML is not well-formed: Opening and ending tag mismatch: MessagingAdvices line 4 and "
                 "MessagingAdvice", id="auddis-not-well-formed"),
    pytest.param("hb_schedule", sample("hb_schedule").decode().encode("utf-16"),
                 "line 1: file is UTF-16, not UTF-8 (re-export it as UTF-8)", id="hb-utf16"),
    pytest.param("uc_schedule", sample("uc_schedule", b"TRAILER,2,877.41", b"TRAILER,2,877.40"),
                 "line 4: trailer total 877.40 does not match the detail records' sum 877.41", id="uc-totals"),
]


@pytest.mark.parametrize(("file_format", "content", "reason"), BROKEN)
async def test_a_broken_file_is_rejected_whole_with_its_reason_and_nothing_is_posted(
        payments, token, file_format, content, reason):
    await seed_accounts(payments.app, ACCOUNTS)
    response = await upload(payments, token, content, file_format)
    assert response.status_code == 422
    assert (response.json()["type"], response.json()["detail"]) == ("urn:rent:problem:file-rejected", reason)
    report = (await payments.get(f"/income-files/{response.json()['file_id']}", headers=token(*IMPORTER))).json()
    assert (report["status"], report["rejection_reason"], report["records"]) == ("rejected", reason, 0)
    assert await scalar(payments.app, "SELECT count(*) FROM payment") == 0
    assert await events(payments.app) == []


async def test_camt053_credit_whose_remittance_names_no_account_goes_to_suspense(payments, token):
    await seed_accounts(payments.app, ACCOUNTS)
    content = sample("camt053", b"<Ref>10000024</Ref>", b"<Ref>10000057</Ref>").replace(
        b"RENT 1000 0016 FLAT 3", b"FLAT 3 RENT THANKS")
    report = (await upload(payments, token, content, "camt053")).json()
    assert (report["accepted"], report["unmatched"], report["unmatched_amount"]) == (0, 2, "312.48")
    assert await lines(payments, token, report) == [
        (15, "unmatched", "reference is not a valid account reference (check digit fails)"),
        (24, "unmatched", "no account with this reference")]
    suspended = [(e["data"]["reference_given"], e["data"]["amount"], e["data"]["method"], e["data"]["reason"])
                 for e in await events(payments.app, "PaymentSuspended")]
    assert suspended == [("FLAT 3 RENT THANKS", "112.48", "bank_transfer",
                          "reference is not a valid account reference (check digit fails)"),
                         ("10000057", "200.00", "bank_transfer", "no account with this reference")]
    assert await events(payments.app, "PaymentBatchReceived") == []


async def test_hb_detail_line_for_an_unknown_account_goes_to_suspense_with_its_line(payments, token):
    await seed_accounts(payments.app, ACCOUNTS)
    content = sample("hb_schedule", b"DETAIL,HB100235,10000024", b"DETAIL,HB100235,10000057")
    report = (await upload(payments, token, content, "hb_schedule")).json()
    assert (report["accepted"], report["unmatched"], report["unmatched_amount"]) == (2, 1, "180.00")
    assert await lines(payments, token, report) == [(3, "unmatched", "no account with this reference")]
    [suspended] = await events(payments.app, "PaymentSuspended")
    assert (suspended["data"]["reference_given"], suspended["data"]["method"], suspended["data"]["source"]) == (
        "10000057", "housing_benefit", f"file:{report['file_id']}:3")


async def test_arudd_item_for_an_unknown_mandate_is_rejected_with_its_line(payments, token):
    await seed_accounts(payments.app, ACCOUNTS)
    report = (await upload(payments, token, sample("arudd"), "arudd")).json()
    assert (report["status"], report["accepted"], report["rejected"]) == ("imported", 0, 1)
    assert await lines(payments, token, report) == [(13, "rejected", "no mandate with reference RENT1000001601")]
    assert await events(payments.app, "PaymentReversed") == []


async def test_a_statement_written_on_one_line_is_applied_whole_across_chunks(payments, token, monkeypatch):
    """Many records on one line: the resume point and the line results go by record, not line."""
    await seed_accounts(payments.app, ACCOUNTS)
    monkeypatch.setattr(file_import, "CHUNK_LINES", 1)
    one_line = b"".join(line.strip() for line in sample("camt053", b"<Ref>10000024</Ref>", b"<Ref>10000057</Ref>")
                        .splitlines()).replace(b"?><Document", b"?>\n<Document")
    report = (await upload(payments, token, one_line, "camt053")).json()
    assert (report["records"], report["accepted"], report["unmatched"], report["accepted_amount"]) == (
        2, 1, 1, "112.48")
    assert await lines(payments, token, report) == [(2, "unmatched", "no account with this reference")]
    [batch] = await events(payments.app, "PaymentBatchReceived")
    assert [p["account_ref"] for p in batch["data"]["payments"]] == ["10000016"]
    assert await scalar(payments.app, "SELECT records_done FROM income_file") == 2
