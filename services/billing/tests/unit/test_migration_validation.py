"""Validating a legacy extract without a database: every problem is listed with its file
and line, and the charge schedule starts on the platform after the cut-over."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from billing.migration.layouts import Row
from billing.migration.rules import Existing, first_platform_week, platform_charges, platform_numbers, validate
from shared.contracts.types import ChargeType
from shared.money import Money

SAMPLES = Path(__file__).resolve().parents[4] / "samples" / "migration"


def sample() -> dict[str, str]:
    return {p.name: p.read_text() for p in SAMPLES.glob("*.csv")}


def problems(extract) -> set[tuple[str, int, str]]:
    return {(p.file, p.line, p.reason) for p in extract.problems}


def test_the_documented_sample_extract_is_valid():
    extract = validate(sample(), Existing())
    assert extract.problems == []
    assert extract.balance_total() == Money("662.40")
    assert extract.report()["counts"] == {"properties": 3, "tenancies": 3, "tenants": 4, "accounts": 4,
                                          "charges": 6, "balances": 4, "history": 4}


def test_legacy_references_are_normalised_as_payments_normalise_them():
    extract = validate(sample(), Existing())
    first = extract.rows("accounts.csv")[0]
    assert extract.legacy_refs_of(first) == ["RA500101", "0050010001"]


def test_every_error_is_listed_with_file_and_line_not_just_the_first():
    files = sample()
    files["properties.csv"] += "PR100001,Dup,,Leeds,LS2 7AB,LS01,Leeds North,flat,one\n"
    files["tenancies.csv"] = files["tenancies.csv"].replace("2014-06-02", "2014-13-02")
    files["tenants.csv"] += "TEN-9999,PER-1,Nobody,Y,,,\n"
    files["accounts.csv"] += "RA/5002/01,rent,TEN-5002,,,\n"
    files["balances.csv"] = files["balances.csv"].replace("-86.40", "-86.404")
    files["charges.csv"] += "GAR-0077,parking,5.00,2026-04-06\n"
    del files["history.csv"]
    extract = validate(files, Existing())
    found = problems(extract)
    assert ("properties.csv", 5, "bedrooms: 'one' is not a whole number") in found
    assert ("tenancies.csv", 2, "start_date: '2014-13-02' is not a date (YYYY-MM-DD)") in found
    assert ("tenants.csv", 6, "tenancy TEN-9999 is not in tenancies.csv") in found
    assert ("accounts.csv", 6, "legacy reference RA500201 is also given on line 3") in found
    assert ("balances.csv", 3, "balance: '-86.404' is not an amount (e.g. 123.45 or -20.00)") in found
    assert any(f == "charges.csv" and line == 8 and r.startswith("charge_type: 'parking' is not one of")
               for f, line, r in found)
    assert ("control.csv", 2, "history: control count 4 but 0 valid line(s) in history.csv") in found
    assert not extract.valid


def test_control_totals_that_do_not_agree_with_the_files_are_problems():
    files = sample()
    files["control.csv"] = files["control.csv"].replace(",662.40", ",662.41").replace("2026-11-22", "2026-11-21")
    found = problems(validate(files, Existing()))
    assert ("control.csv", 2, "balance_total 662.41 does not equal the sum of balances.csv (662.40)") in found
    assert any(r.startswith("cut_over_date 2026-11-21 is not a Sunday") for _, _, r in found)


def test_a_header_not_matching_the_layout_and_a_missing_file_are_problems():
    files = sample()
    files["balances.csv"] = "legacy_ref,balance,note\n"
    del files["tenants.csv"]
    found = problems(validate(files, Existing()))
    assert ("balances.csv", 1, "header does not match the layout (missing column(s): legacy_account_ref; "
                               "unknown column(s): legacy_ref, note)") in found
    assert ("tenants.csv", 0, "file is missing from the extract") in found


def test_what_the_platform_already_holds_cannot_come_again():
    existing = Existing(property_refs={"PR100002"}, tenancy_refs={"TEN-5002"}, legacy_refs={"GAR0077"})
    found = problems(validate(sample(), existing))
    assert ("properties.csv", 3, "property PR100002 is already on the platform") in found
    assert ("tenancies.csv", 3, "tenancy TEN-5002 is already on the platform") in found
    assert ("accounts.csv", 5, "legacy reference GAR0077 was already migrated") in found


def test_rent_accounts_need_one_tenancy_each_and_tenancies_one_lead_tenant():
    files = sample()
    files["tenants.csv"] = files["tenants.csv"].replace("Ayesha Reid,N", "Ayesha Reid,Y")
    files["accounts.csv"] = files["accounts.csv"].replace("RA/4107/01,rent,TEN-4107", "RA/4107/01,rent,")
    found = problems(validate(files, Existing()))
    assert ("tenancies.csv", 3, "tenancy TEN-5002 needs exactly one lead tenant, tenants.csv has 2") in found
    assert ("accounts.csv", 4, "a rent account needs a tenancy_ref") in found
    assert ("tenancies.csv", 4, "tenancy TEN-4107 needs exactly one rent or temporary accommodation account in "
                                "accounts.csv, found 0") in found


def charge(ref: str, kind: ChargeType, amount: str, on: date, line: int) -> Row:
    return Row(line, {"legacy_account_ref": ref, "charge_type": kind, "weekly_amount": Money(amount),
                      "effective_from": on})


def test_the_charge_current_at_cut_over_starts_the_monday_after_and_later_changes_keep_their_dates():
    first = first_platform_week(date(2026, 11, 22))
    assert first == date(2026, 11, 23)
    rows = [charge("A", ChargeType.RENT, "90.00", date(2025, 4, 7), 2),
            charge("A", ChargeType.RENT, "95.00", date(2026, 4, 6), 3),
            charge("A", ChargeType.RENT, "99.00", date(2027, 4, 5), 4)]
    found = [(c.weekly_amount, c.effective_from, c.effective_to) for c in platform_charges(rows, first)]
    assert found == [(Money("95.00"), date(2026, 11, 23), date(2027, 4, 4)), (Money("99.00"), date(2027, 4, 5), None)]


def test_a_legacy_reference_that_is_a_platform_reference_is_ambiguous_or_reserved():
    existing = Existing(account_refs={"GAR0077"})
    found = problems(validate(sample(), existing))
    assert ("accounts.csv", 5, "legacy reference GAR0077 is the reference of a platform account: a payment "
                               "quoting it could not be told apart") in found
    # 1000001 is numbered 10000016 on the platform; 10000017 fails the check digit, so no clash.
    assert platform_numbers(["10000016", "10000017", "RA500101", "0050010001"]) == [1000001]


def test_a_file_that_is_not_readable_as_csv_is_a_problem_at_its_line_not_a_crash():
    files = sample()
    files["history.csv"] += '"' + "x" * 200_000 + "\n"
    found = problems(validate(files, Existing()))
    assert ("history.csv", 6, "not readable as CSV: field larger than field limit (131072)") in found
