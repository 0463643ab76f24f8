"""Each income file adapter on valid and broken files: a bad line is rejected with its line
number and reason; a structural fault rejects the file with a specific reason."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from payments.adapters.formats import PARSERS, FileFormat
from payments.adapters.formats.camt053 import find_account_ref
from payments.domain.income import FileStructureError, Kind, Record, Rejected

SAMPLES = Path(__file__).resolve().parents[4] / "samples" / "payments"


def parse(tmp_path: Path, file_format: str, content: str | bytes) -> list[Record | Rejected]:
    path = tmp_path / "file"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return list(PARSERS[FileFormat(file_format)](path, "test"))


def structural(tmp_path: Path, file_format: str, content: str | bytes) -> str:
    with pytest.raises(FileStructureError) as caught:
        parse(tmp_path, file_format, content)
    return caught.value.reason


def sample(name: str) -> str:
    return (SAMPLES / name).read_text()


# --- Housing Benefit ---------------------------------------------------------------


def test_hb_schedule_credits_each_claim_with_its_period_and_debits_the_overpayment_deduction(tmp_path):
    records = parse(tmp_path, "hb_schedule", sample("hb_schedule.csv"))
    credits = [r for r in records if r.kind is Kind.PAYMENT]
    [deduction] = [r for r in records if r.kind is Kind.DEDUCTION]
    assert [(r.reference, str(r.amount), r.method.value) for r in credits] == [
        ("10000016", "224.96", "housing_benefit"), ("10000024", "180.00", "housing_benefit")]
    assert (credits[0].period_from, credits[0].period_to, credits[0].on) == (
        date(2026, 11, 9), date(2026, 11, 22), date(2026, 11, 23))
    assert (deduction.reference, str(deduction.amount), deduction.detail["blameless"]) == ("10000032", "60.00", "yes")


@pytest.mark.parametrize(("line", "reason"), [
    ("DETAIL,HB1,10000016,2026-11-09,2026-11-22,12.5.0", "amount '12.5.0' is not a number"),
    ("DETAIL,HB1,10000016,2026-11-31,2026-11-22,10.00", "period from '2026-11-31' is not a valid date "
                                                          "(YYYY-MM-DD or DD/MM/YYYY)"),
    ("DETAIL,HB1,10000016,2026-11-22,2026-11-09,10.00", "period to 2026-11-09 is before period from 2026-11-22"),
    ("DETAIL,HB 1!,10000016,2026-11-09,2026-11-22,10.00", "claim reference is not valid"),
    ("DEDUCTION,HB1,10000016,2026-11-09,2026-11-22,10.00,MAYBE", "blameless flag must be Y or N"),
    ("CREDIT,HB1,10000016,2026-11-09,2026-11-22,10.00", "unknown record type 'CREDIT' (DETAIL, DEDUCTION or TRAILER)"),
])
def test_hb_bad_line_is_rejected_with_its_reason(tmp_path, line, reason):
    credit = "10.00" if "DEDUCTION" not in line and "12.5.0" not in line else "0"
    deduction = "10.00" if "DEDUCTION" in line else "0"
    content = f"HEADER,HB-1,2026-11-23\n{line}\nTRAILER,1,{credit if 'CREDIT' not in line else '0'},{deduction}\n"
    [rejected] = parse(tmp_path, "hb_schedule", content)
    assert isinstance(rejected, Rejected)
    assert (rejected.line_no, rejected.reason) == (2, reason)


@pytest.mark.parametrize(("content", "reason"), [
    ("HEADER,HB-1,2026-11-23\nDETAIL,HB1,10000016,2026-11-09,2026-11-22,10.00\nTRAILER,1,10.00,5.00\n",
     "line 3: trailer deduction total 5.00 does not match the detail records' sum 0.00"),
    ("HEADER,HB-1,2026-11-23\nDETAIL,HB1,10000016,2026-11-09,2026-11-22,10.00\n",
     "no TRAILER record: the file is incomplete"),
    ("HEADER,HB-1,2026-13-23\nTRAILER,0,0,0\n",
     "line 1: payment date '2026-13-23' is not a valid date (YYYY-MM-DD or DD/MM/YYYY)"),
    ("DETAIL,HB1,10000016,2026-11-09,2026-11-22,10.00\n",
     "line 1: first record must be HEADER,<schedule ref>,<payment date>"),
    (b"HEADER,HB-1,2026-11-23\nDETAIL,HB1,10000016,2026-11-09,2026-11-22,10.00,\x92\n",
     "line 2: file is not UTF-8: byte 0x92 at column 49 (re-export it as UTF-8)"),
])
def test_hb_structural_faults_reject_the_schedule(tmp_path, content, reason):
    assert structural(tmp_path, "hb_schedule", content) == reason


# --- Universal Credit APA -------------------------------------------------------------


def test_uc_schedule_keeps_no_nino_in_the_payment_key(tmp_path):
    first, second = parse(tmp_path, "uc_schedule", sample("uc_apa_schedule.csv"))
    assert (first.reference, str(first.amount), first.method.value) == ("10000016", "487.41", "universal_credit")
    assert "QQ123456C" not in first.external_id and first.external_id.startswith("APA-2026-11-B:nino-")
    assert second.external_id == "APA-2026-11-B:UC-7781234:2026-10-20:2026-11-19"


@pytest.mark.parametrize(("line", "reason"), [
    ("DETAIL,QQ 12 34 56 E,10000016,2026-10-15,2026-11-14,10.00", "NINO is not valid (suffix must be A-D)"),
    ("DETAIL,UC#77,10000016,2026-10-15,2026-11-14,10.00", "NINO or claim reference is not valid"),
    ("DETAIL,QQ123456C,10000016,15/10/2026,14/11/2026,0.00", "amount 0.00 must be positive"),
    ("DETAIL,QQ123456C,10000016,2026-10-15,2026-11-14", "expected 6 fields, found 5"),
])
def test_uc_bad_line_is_rejected_with_its_reason(tmp_path, line, reason):
    amount = "10.00" if line.endswith("10.00") else "0"
    [rejected] = parse(tmp_path, "uc_schedule", f"HEADER,APA-1,2026-11-24\n{line}\nTRAILER,1,{amount}\n")
    assert (rejected.line_no, rejected.reason) == (2, reason)


def test_uc_totals_that_do_not_match_reject_the_schedule(tmp_path):
    content = "HEADER,APA-1,2026-11-24\nDETAIL,UC-1234,10000016,2026-10-15,2026-11-14,10.00\nTRAILER,1,100.00\n"
    assert structural(tmp_path, "uc_schedule", content) == (
        "line 3: trailer total 100.00 does not match the detail records' sum 10.00")


# --- camt.053 ------------------------------------------------------------------------


def test_camt053_takes_booked_credits_with_their_remittance_reference_and_skips_debits(tmp_path):
    records = parse(tmp_path, "camt053", sample("camt053_statement.xml"))
    assert [(r.reference, str(r.amount), r.on, r.external_id) for r in records] == [
        ("10000016", "112.48", date(2026, 11, 20), "RENTCOLL-20261120:FPS-8812001"),
        ("10000024", "200.00", date(2026, 11, 20), "RENTCOLL-20261120:FPS-8812002"),
    ]


def test_camt053_free_text_references_are_found_by_their_check_digit():
    assert find_account_ref("RENT 1000 0016 FLAT 3") == "10000016"
    assert find_account_ref("GAR12345674") == "GAR12345674"
    assert find_account_ref("flat 12 thanks") is None


def _camt(**replace: str) -> str:
    text = sample("camt053_statement.xml")
    for old, new in replace.items():
        assert old.replace("_", " ") in text or old in text
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize(("content", "reason"), [
    (sample("camt053_statement.xml")[:1500], "XML is not well-formed (truncated?)"),
    (_camt(**{"<Sum>312.48</Sum>": "<Sum>300.00</Sum>"}), "TtlCdtNtries says 2 credits totalling 300.00; the "
                                                            "entries are 2 totalling 312.48"),
    (_camt(**{"<Amt Ccy=\"GBP\">1302.48</Amt>": "<Amt Ccy=\"GBP\">1302.00</Amt>"}),
     "opening balance 1000.00 + credits 312.48 - debits 10.00 = 1302.48, but the closing balance is 1302.00"),
    (_camt(**{"<Amt Ccy=\"GBP\">112.48</Amt>": "<Amt Ccy=\"GBP\">112.4x</Amt>"}),
     "entry at line 15 '112.4x' is not a decimal amount"),
    (_camt(**{"<BookgDt><Dt>2026-11-20</Dt></BookgDt><ValDt>": "<BookgDt><Dt>2026-11-31</Dt></BookgDt><ValDt>"}),
     "entry booking date '2026-11-31' is not a valid ISO date"),
    (_camt(**{"camt.053.001.08": "camt.052.001.08"}), "not a camt.053 Document"),
    (sample("camt053_statement.xml").encode("utf-8").replace(b"FLAT 3", b"FLAT \xa33"),
     "XML is not well-formed (truncated?)"),
])
def test_camt053_structural_faults_reject_the_statement(tmp_path, content, reason):
    assert reason in structural(tmp_path, "camt053", content)


def test_camt053_credit_in_another_currency_is_rejected_with_its_line(tmp_path):
    content = _camt(**{"<Amt Ccy=\"GBP\">200.00</Amt>": "<Amt Ccy=\"EUR\">200.00</Amt>"})
    rejected = [r for r in parse(tmp_path, "camt053", content) if isinstance(r, Rejected)]
    assert [(r.line_no, r.reason) for r in rejected] == [(24, "currency 'EUR' is not GBP")]


def test_camt053_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("10000016")
    content = sample("camt053_statement.xml").replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>',
    ).replace("<Ref>10000024</Ref>", "<Ref>&x;</Ref>")
    records = [r for r in parse(tmp_path, "camt053", content) if isinstance(r, Record)]
    assert records[1].reference != "10000024" and "10000016" not in records[1].reference


# --- Bacs reports -------------------------------------------------------------------------


def test_arudd_yields_each_unpaid_collection_with_its_return_code(tmp_path):
    [unpaid] = parse(tmp_path, "arudd", sample("arudd.xml"))
    assert (unpaid.kind, unpaid.reference, str(unpaid.amount), unpaid.on, unpaid.reason_code) == (
        Kind.UNPAID, "RENT1000001601", "487.41", date(2026, 12, 1), "0")


@pytest.mark.parametrize(("old", "new", "reason"), [
    ('numberOf="1" valueOf="487.41"', 'numberOf="1" valueOf="500.00"',
     "Totals say 1 items totalling 500.00; the report has 1 totalling 487.41"),
    ("<BACSDocument>", "<Report>", "line 2: root element is 'Report', not BACSDocument"),
    ("</BACSDocument>", "", "XML is not well-formed (truncated?)"),
])
def test_arudd_structural_faults_reject_the_report(tmp_path, old, new, reason):
    content = sample("arudd.xml").replace(old, new)
    assert reason in structural(tmp_path, "arudd", content)


def test_arudd_item_with_a_bad_amount_or_date_is_rejected_with_its_line(tmp_path):
    content = sample("arudd.xml").replace('numberOf="1" valueOf="487.41"', 'numberOf="1" valueOf="0"').replace(
        'valueOf="487.41" currency', 'valueOf="48x" currency')
    [rejected] = parse(tmp_path, "arudd", content)
    assert (rejected.line_no, rejected.reason) == (13, "valueOf '48x' is not a number")
    content = sample("arudd.xml").replace('originalProcessingDate="2026-12-01"', 'originalProcessingDate="01/12/26"')
    [rejected] = parse(tmp_path, "arudd", content)
    assert rejected.reason == "originalProcessingDate '01/12/26' is not a valid date (YYYY-MM-DD)"


def test_addacs_and_auddis_advices_carry_reason_codes_and_new_bank_details(tmp_path):
    cancel, transfer = parse(tmp_path, "addacs", sample("addacs.xml"))
    assert (cancel.reason_code, transfer.reason_code) == ("1", "3")
    assert (transfer.detail["new_sort_code"], transfer.detail["new_account_number"]) == ("202959", "63748472")
    [rejection] = parse(tmp_path, "auddis", sample("auddis_report.xml"))
    assert (rejection.kind, rejection.reference, rejection.reason_code) == (Kind.MANDATE_ADVICE, "RENT1000004001", "5")


def test_an_addacs_file_offered_as_auddis_is_rejected(tmp_path):
    assert structural(tmp_path, "auddis", sample("addacs.xml")) == "line 5: report-type is 'ADDACS', expected AUDDIS"
