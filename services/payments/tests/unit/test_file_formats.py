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
    (_camt(**{"<Amt Ccy=\"GBP\">1302.48</Amt>": "<Amt Ccy=\"GBP\">1302.00</Amt>"}),
     "opening balance 1000.00 + credits 312.48 - debits 10.00 = 1302.48, but the closing balance is 1302.00"),
    (_camt(**{"camt.053.001.08": "camt.052.001.08"}), "not a camt.053 Document"),
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


def test_a_report_whose_root_is_not_bacsdocument_is_rejected(tmp_path):
    content = sample("arudd.xml").replace("<BACSDocument>", "<Report>")
    assert structural(tmp_path, "arudd", content) == "line 2: root element is 'Report', not BACSDocument"


def test_addacs_and_auddis_advices_carry_reason_codes_and_new_bank_details(tmp_path):
    cancel, transfer = parse(tmp_path, "addacs", sample("addacs.xml"))
    assert (cancel.reason_code, transfer.reason_code) == ("1", "3")
    assert (transfer.detail["new_sort_code"], transfer.detail["new_account_number"]) == ("202959", "63748472")
    [rejection] = parse(tmp_path, "auddis", sample("auddis_report.xml"))
    assert (rejection.kind, rejection.reference, rejection.reason_code) == (Kind.MANDATE_ADVICE, "RENT1000004001", "5")


def test_an_addacs_file_offered_as_auddis_is_rejected(tmp_path):
    assert structural(tmp_path, "auddis", sample("addacs.xml")) == "line 5: report-type is 'ADDACS', expected AUDDIS"


# --- Every format, broken ----------------------------------------------------------------
# Each fault a file can have, in each format that can have it: a bad line is rejected with
# its line number and reason; a broken file is rejected whole with a reason that names the fault.

CASH = ("payment_reference,amount,paid_on,channel,transaction_id\n10000016,{amount},{day},paypoint,T1\n"
        "TRAILER,1,{total}\n")
HB = "HEADER,HB-1,{paid}\nDETAIL,HB1,10000016,{day},2026-11-22,{amount}\nTRAILER,1,{total},0\n"
UC = "HEADER,APA-1,{paid}\nDETAIL,UC-1234,10000016,{day},2026-11-14,{amount}\nTRAILER,1,{total}\n"
NOT_UTF8 = "file is not UTF-8: byte 0x{byte} at column {column} (re-export it as UTF-8)"
UTF16 = "line 1: file is UTF-16, not UTF-8 (re-export it as UTF-8)"
TRUNCATED = "XML ends before the document is complete (file truncated?)"


def text_file(template: str, amount: str = "10.00", day: str = "2026-11-09", total: str = "10.00",
              paid: str = "2026-11-23") -> str:
    return template.format(amount=amount, day=day, total=total, paid=paid)


def latin1(text: str, old: str, new: str) -> bytes:
    """The file as a Windows/Latin-1 export would write it, with ``new`` (non-ASCII) for ``old``."""
    assert old in text
    return text.replace(old, new).encode("latin-1")


def xml(name: str, old: str, new: str) -> str:
    text = sample(name)
    assert old in text
    return text.replace(old, new)


def line(line_no: int, reason: str) -> tuple:
    return ("line", line_no, reason)


def whole(reason: str) -> tuple:
    return ("file", reason)


def truncated(text: str, keep: int) -> str:
    """The file as far as its first ``keep`` characters: a transfer cut short."""
    return text[:keep]


def no_trailer(text: str) -> str:
    return text.split("TRAILER")[0]


BROKEN = [
    # cash receipting CSV
    pytest.param("cash_csv", text_file(CASH, amount="1O.00", total="0"), line(2, "amount '1O.00' is not a number"),
                 id="cash_csv-bad-amount"),
    pytest.param("cash_csv", text_file(CASH, day="2026-02-30"),
                 line(2, "paid_on '2026-02-30' is not a valid date (YYYY-MM-DD or DD/MM/YYYY)"),
                 id="cash_csv-bad-date"),
    pytest.param("cash_csv", latin1(text_file(CASH), "10000016", "10000016\xa3"),
                 whole("line 2: " + NOT_UTF8.format(byte="a3", column=9)), id="cash_csv-not-utf8"),
    pytest.param("cash_csv", text_file(CASH).encode("utf-16"), whole(UTF16), id="cash_csv-utf16"),
    pytest.param("cash_csv", text_file(CASH, total="11.00"),
                 whole("line 3: trailer total 11.00 does not match the detail records' sum 10.00"),
                 id="cash_csv-totals"),
    pytest.param("cash_csv", no_trailer(text_file(CASH)), whole("no TRAILER record: the file is incomplete"),
                 id="cash_csv-truncated"),
    pytest.param("cash_csv", b"", whole("file is empty"), id="cash_csv-empty"),
    # Housing Benefit schedule
    pytest.param("hb_schedule", text_file(HB, amount="1O.00", total="0"), line(2, "amount '1O.00' is not a number"),
                 id="hb-bad-amount"),
    pytest.param("hb_schedule", text_file(HB, day="2026-11-31"),
                 line(2, "period from '2026-11-31' is not a valid date (YYYY-MM-DD or DD/MM/YYYY)"),
                 id="hb-bad-date"),
    pytest.param("hb_schedule", text_file(HB, paid="2026-13-23"),
                 whole("line 1: payment date '2026-13-23' is not a valid date (YYYY-MM-DD or DD/MM/YYYY)"),
                 id="hb-bad-header-date"),
    pytest.param("hb_schedule", latin1(text_file(HB), "10000016", "10000016\xa3"),
                 whole("line 2: " + NOT_UTF8.format(byte="a3", column=20)), id="hb-not-utf8"),
    pytest.param("hb_schedule", text_file(HB).encode("utf-16"), whole(UTF16), id="hb-utf16"),
    pytest.param("hb_schedule", text_file(HB, total="11.00"),
                 whole("line 3: trailer credit total 11.00 does not match the detail records' sum 10.00"),
                 id="hb-totals"),
    pytest.param("hb_schedule", text_file(HB).replace("TRAILER,1,", "TRAILER,2,"),
                 whole("line 3: trailer says 2 detail records but the file has 1 (file truncated?)"),
                 id="hb-count"),
    pytest.param("hb_schedule", no_trailer(text_file(HB)), whole("no TRAILER record: the file is incomplete"),
                 id="hb-truncated"),
    # Universal Credit APA schedule
    pytest.param("uc_schedule", text_file(UC, amount="1O.00", total="0"), line(2, "amount '1O.00' is not a number"),
                 id="uc-bad-amount"),
    pytest.param("uc_schedule", text_file(UC, day="15/13/2026"),
                 line(2, "period from '15/13/2026' is not a valid date (YYYY-MM-DD or DD/MM/YYYY)"),
                 id="uc-bad-date"),
    pytest.param("uc_schedule", text_file(UC, paid="24/11/26"),
                 whole("line 1: payment date '24/11/26' is not a valid date (YYYY-MM-DD or DD/MM/YYYY)"),
                 id="uc-bad-header-date"),
    pytest.param("uc_schedule", latin1(text_file(UC), "10000016", "10000016\xa3"),
                 whole("line 2: " + NOT_UTF8.format(byte="a3", column=24)), id="uc-not-utf8"),
    pytest.param("uc_schedule", text_file(UC).encode("utf-16"), whole(UTF16), id="uc-utf16"),
    pytest.param("uc_schedule", text_file(UC, total="100.00"),
                 whole("line 3: trailer total 100.00 does not match the detail records' sum 10.00"), id="uc-totals"),
    pytest.param("uc_schedule", no_trailer(text_file(UC)), whole("no TRAILER record: the file is incomplete"),
                 id="uc-truncated"),
    # camt.053 bank statement
    pytest.param("camt053", xml("camt053_statement.xml", '<Amt Ccy="GBP">112.48</Amt>', '<Amt Ccy="GBP">112.4x</Amt>'),
                 whole("line 15: entry at line 15 '112.4x' is not a decimal amount"), id="camt053-bad-amount"),
    pytest.param("camt053", xml("camt053_statement.xml", "<BookgDt><Dt>2026-11-20</Dt></BookgDt><ValDt>",
                                "<BookgDt><Dt>2026-11-31</Dt></BookgDt><ValDt>"),
                 whole("line 15: entry booking date '2026-11-31' is not a valid ISO date"), id="camt053-bad-date"),
    pytest.param("camt053", latin1(sample("camt053_statement.xml"), "FLAT 3", "FLAT \xa33"),
                 whole("line 22: " + NOT_UTF8.format(byte="a3", column=46)), id="camt053-not-utf8"),
    pytest.param("camt053", latin1(sample("camt053_statement.xml").replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'),
                                   "FLAT 3", "FLAT \xa33"),
                 whole("line 22: " + NOT_UTF8.format(byte="a3", column=46)), id="camt053-declared-latin1"),
    pytest.param("camt053", sample("camt053_statement.xml").encode("utf-16"), whole(UTF16), id="camt053-utf16"),
    pytest.param("camt053", truncated(sample("camt053_statement.xml"), 1500),
                 whole("line 26: " + TRUNCATED + ": Premature end of data in tag CdtDbtInd line 26"),
                 id="camt053-truncated"),
    pytest.param("camt053", xml("camt053_statement.xml", "</AcctSvcrRef>", "</AcctSvcRef>"),
                 whole("line 19: XML is not well-formed: Opening and ending tag mismatch: AcctSvcrRef line 19 and "
                       "AcctSvcRef"), id="camt053-not-well-formed"),
    pytest.param("camt053", xml("camt053_statement.xml", "<Sum>312.48</Sum>", "<Sum>300.00</Sum>"),
                 whole("line 5: TtlCdtNtries says 2 credits totalling 300.00; the entries are 2 totalling 312.48"),
                 id="camt053-totals"),
    pytest.param("camt053", b"", whole("file is empty"), id="camt053-empty"),
    # ARUDD (unpaid Direct Debits)
    pytest.param("arudd", xml("arudd.xml", 'numberOf="1" valueOf="487.41"', 'numberOf="1" valueOf="0"').replace(
        'valueOf="487.41" currency', 'valueOf="48x" currency'), line(13, "valueOf '48x' is not a number"),
                 id="arudd-bad-amount"),
    pytest.param("arudd", xml("arudd.xml", 'originalProcessingDate="2026-12-01"', 'originalProcessingDate="01/12/26"'),
                 line(13, "originalProcessingDate '01/12/26' is not a valid date (YYYY-MM-DD)"), id="arudd-bad-date"),
    pytest.param("arudd", latin1(sample("arudd.xml"), "REFER TO PAYER", "REFER TO PAYER \xa3"),
                 whole("line 12: " + NOT_UTF8.format(byte="a3", column=117)), id="arudd-not-utf8"),
    pytest.param("arudd", xml("arudd.xml", "</BACSDocument>", ""),
                 whole("line 23: " + TRUNCATED + ": Premature end of data in tag BACSDocument line 2"),
                 id="arudd-truncated"),
    pytest.param("arudd", xml("arudd.xml", 'numberOf="1" valueOf="487.41"', 'numberOf="1" valueOf="500.00"'),
                 whole("line 16: Totals say 1 items totalling 500.00; the report has 1 totalling 487.41"),
                 id="arudd-totals"),
    pytest.param("arudd", b"", whole("file is empty"), id="arudd-empty"),
    # ADDACS (mandate amendments and cancellations): no amounts, no totals
    pytest.param("addacs", xml("addacs.xml", 'effective-date="2026-12-02" reference="RENT1000003201"',
                               'effective-date="02/12/2026" reference="RENT1000003201"'),
                 line(10, "effective-date '02/12/2026' is not a valid date (YYYY-MM-DD)"), id="addacs-bad-date"),
    pytest.param("addacs", latin1(sample("addacs.xml"), 'payer-new-name="C TENANT"', 'payer-new-name="C TÉNANT"'),
                 whole("line 10: " + NOT_UTF8.format(byte="c9", column=108)), id="addacs-not-utf8"),
    pytest.param("addacs", truncated(sample("addacs.xml"), 700),
                 whole("line 10: " + TRUNCATED + ": Couldn't find end of Start Tag MessagingAdvice"),
                 id="addacs-truncated"),
    # AUDDIS report (rejected instructions): no amounts, no totals
    pytest.param("auddis", xml("auddis_report.xml", 'effective-date="2026-11-27"', 'effective-date="2026-11-31"'),
                 line(7, "effective-date '2026-11-31' is not a valid date (YYYY-MM-DD)"), id="auddis-bad-date"),
    pytest.param("auddis", latin1(sample("auddis_report.xml"), 'payer-name="D TENANT"', 'payer-name="D TÉNANT"'),
                 whole("line 7: " + NOT_UTF8.format(byte="c9", column=39)), id="auddis-not-utf8"),
    pytest.param("auddis", truncated(sample("auddis_report.xml"), 300),
                 whole("line 6: " + TRUNCATED + ": AttValue: ' expected"), id="auddis-truncated"),
    pytest.param("auddis", xml("auddis_report.xml", "</MessagingAdvices>", "</MessagingAdvice>"),
                 whole("line 8: XML is not well-formed: Opening and ending tag mismatch: MessagingAdvices line 4 and "
                       "MessagingAdvice"), id="auddis-not-well-formed"),
]


@pytest.mark.parametrize(("file_format", "content", "expected"), BROKEN)
def test_a_broken_file_or_line_is_rejected_with_the_specific_reason(tmp_path, file_format, content, expected):
    if expected[0] == "file":
        assert structural(tmp_path, file_format, content) == expected[1]
    else:
        rejected = [(r.line_no, r.reason) for r in parse(tmp_path, file_format, content) if isinstance(r, Rejected)]
        assert rejected == [expected[1:]]
