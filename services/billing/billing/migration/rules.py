"""Validating a legacy extract as a whole: the files agree with each other, with the control
totals and with what is already on the platform. Pure: the caller says what exists."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from billing.migration.layouts import LAYOUTS, REQUIRED_FILES, Problem, Row, read_file
from shared.contracts.types import AccountType
from shared.money import Money, total
from shared.refs import make_account_ref

TENANCY_ACCOUNTS = {AccountType.RENT, AccountType.TEMPORARY_ACCOMMODATION}

COUNTED = ("properties", "tenancies", "tenants", "accounts", "charges", "balances", "history")


@dataclass(frozen=True)
class Existing:
    """What the platform already holds that an extract must not bring again."""

    property_refs: set[str] = field(default_factory=set)
    tenancy_refs: set[str] = field(default_factory=set)
    legacy_refs: set[str] = field(default_factory=set)
    account_refs: set[str] = field(default_factory=set)  # legacy refs that are platform account refs


@dataclass
class Extract:
    control: dict[str, Any]
    files: dict[str, list[Row]]
    problems: list[Problem]

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def cut_over(self) -> date:
        return self.control["cut_over_date"]

    def rows(self, name: str) -> list[Row]:
        return self.files.get(name, [])

    def balance_total(self) -> Money:
        return total(r["balance"] for r in self.rows("balances.csv"))

    def legacy_refs_of(self, row: Row) -> list[str]:
        return [row["legacy_account_ref"], *(row["other_legacy_refs"] or [])]

    def rent_accounts(self) -> dict[str, str]:
        """tenancy ref → the legacy ref of its rent (or temporary accommodation) account."""
        return {r["tenancy_ref"]: r["legacy_account_ref"] for r in self.rows("accounts.csv")
                if r["account_type"] in TENANCY_ACCOUNTS}

    def tenants_of(self) -> dict[str, list[Row]]:
        found: dict[str, list[Row]] = {}
        for row in self.rows("tenants.csv"):
            found.setdefault(row["tenancy_ref"], []).append(row)
        return found

    def references(self) -> dict[str, list[str]]:
        """The keys the platform may already hold: properties, tenancies, legacy references."""
        return {
            "properties": [r["property_ref"] for r in self.rows("properties.csv")],
            "tenancies": [r["tenancy_ref"] for r in self.rows("tenancies.csv")],
            "legacy": [ref for r in self.rows("accounts.csv") for ref in self.legacy_refs_of(r)],
        }

    def report(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "extract_id": self.control.get("extract_id"),
            "cut_over_date": self.control.get("cut_over_date"),
            "counts": {n: len(self.rows(f"{n}.csv")) for n in COUNTED},
            "balance_total": self.balance_total(),
            "problems": [p.as_dict() for p in sorted(self.problems, key=lambda p: (p.file, p.line))],
        }


def validate(contents: dict[str, str], existing: Existing) -> Extract:
    """Read and check every file; the extract's ``problems`` list all that is wrong."""
    return check(read(contents), existing)


def read(contents: dict[str, str]) -> Extract:
    """Parse every file (field and header problems); ``check`` does the rest."""
    problems: list[Problem] = []
    for name in contents:
        if name not in LAYOUTS:
            problems.append(Problem(name, 0, f"not a file of the extract (expected: {', '.join(LAYOUTS)})"))
    problems.extend(Problem(n, 0, "file is missing from the extract") for n in REQUIRED_FILES if n not in contents)
    files = {name: read_file(name, text, problems) for name, text in contents.items() if name in LAYOUTS}
    control_rows = files.get("control.csv", [])
    if len(control_rows) != 1 and "control.csv" in files:
        problems.append(Problem("control.csv", 2, f"exactly one control line is required, found {len(control_rows)}"))
    return Extract(control_rows[0].values if len(control_rows) == 1 else {}, files, problems)


def check(extract: Extract, existing: Existing) -> Extract:
    """The files against each other, the control totals and what the platform holds."""
    if extract.control:
        _check_control(extract)
    _check_unique(extract, existing)
    _check_references(extract, existing)
    return extract


def _check_control(extract: Extract) -> None:
    add, control = extract.problems.append, extract.control
    if extract.cut_over.weekday() != 6:
        add(Problem("control.csv", 2, f"cut_over_date {extract.cut_over} is not a Sunday: balances are taken at "
                                      "the end of a rent week, so the platform's first debit is the next Monday"))
    for name in COUNTED:
        expected, found = control[name], len(extract.rows(f"{name}.csv"))
        if expected is not None and expected != found:
            add(Problem("control.csv", 2, f"{name}: control count {expected} but {found} valid line(s) in {name}.csv"))
    if control["balance_total"] != extract.balance_total():
        add(Problem("control.csv", 2, f"balance_total {control['balance_total']} does not equal the sum of "
                                      f"balances.csv ({extract.balance_total()})"))


def _duplicates(extract: Extract, name: str, key: tuple[str, ...]) -> None:
    first: dict[tuple[Any, ...], int] = {}
    for row in extract.rows(name):
        k = tuple(row[c] for c in key)
        if k in first:
            extract.problems.append(Problem(name, row.line, f"duplicate {'/'.join(key)} {'/'.join(map(str, k))} "
                                                            f"(first on line {first[k]})"))
        else:
            first[k] = row.line


def _check_unique(extract: Extract, existing: Existing) -> None:
    add = extract.problems.append
    _duplicates(extract, "properties.csv", ("property_ref",))
    _duplicates(extract, "tenancies.csv", ("tenancy_ref",))
    _duplicates(extract, "tenants.csv", ("tenancy_ref", "person_id"))
    _duplicates(extract, "charges.csv", ("legacy_account_ref", "charge_type", "effective_from"))
    _duplicates(extract, "balances.csv", ("legacy_account_ref",))
    _duplicates(extract, "history.csv", ("legacy_account_ref", "legacy_transaction_id"))
    for row in extract.rows("properties.csv"):
        if row["property_ref"] in existing.property_refs:
            add(Problem("properties.csv", row.line, f"property {row['property_ref']} is already on the platform"))
    for row in extract.rows("tenancies.csv"):
        if row["tenancy_ref"] in existing.tenancy_refs:
            add(Problem("tenancies.csv", row.line, f"tenancy {row['tenancy_ref']} is already on the platform"))
    seen: dict[str, int] = {}
    for row in extract.rows("accounts.csv"):
        for ref in extract.legacy_refs_of(row):
            if ref in existing.legacy_refs:
                add(Problem("accounts.csv", row.line, f"legacy reference {ref} was already migrated"))
            elif ref in existing.account_refs:
                add(Problem("accounts.csv", row.line, f"legacy reference {ref} is the reference of a platform "
                                                      "account: a payment quoting it could not be told apart"))
            elif ref in seen:
                add(Problem("accounts.csv", row.line, f"legacy reference {ref} is also given on line {seen[ref]}"))
            else:
                seen[ref] = row.line


def _check_references(extract: Extract, existing: Existing) -> None:
    add, cut_over = extract.problems.append, extract.control.get("cut_over_date")
    properties = {r["property_ref"] for r in extract.rows("properties.csv")} | existing.property_refs
    tenancies = {r["tenancy_ref"]: r for r in extract.rows("tenancies.csv")}
    accounts = {r["legacy_account_ref"] for r in extract.rows("accounts.csv")}
    for row in extract.rows("tenancies.csv"):
        if row["property_ref"] not in properties:
            add(Problem("tenancies.csv", row.line, f"property {row['property_ref']} is not in properties.csv"))
        if cut_over and row["start_date"] > cut_over:
            add(Problem("tenancies.csv", row.line, f"start_date {row['start_date']} is after the cut-over date"))
        if row["end_date"] and row["end_date"] < row["start_date"]:
            add(Problem("tenancies.csv", row.line, "end_date is before start_date"))
        if row["end_date"] and cut_over and row["end_date"] > cut_over:
            add(Problem("tenancies.csv", row.line, "end_date is after the cut-over date (end it on the platform)"))
    _check_tenants(extract, tenancies)
    _check_accounts(extract, properties, tenancies)
    for name in ("charges.csv", "balances.csv", "history.csv"):
        for row in extract.rows(name):
            if row["legacy_account_ref"] not in accounts:
                add(Problem(name, row.line, f"account {row['legacy_account_ref']} is not in accounts.csv"))
    for row in extract.rows("charges.csv"):
        if row["weekly_amount"] < 0:
            add(Problem("charges.csv", row.line, "weekly_amount must not be negative"))
    for row in extract.rows("history.csv"):
        if cut_over and row["transaction_date"] > cut_over:
            add(Problem("history.csv", row.line, "transaction_date is after the cut-over date"))


def _check_tenants(extract: Extract, tenancies: dict[str, Row]) -> None:
    leads: Counter[str] = Counter()
    people: Counter[str] = Counter()
    for row in extract.rows("tenants.csv"):
        if row["tenancy_ref"] not in tenancies:
            extract.problems.append(Problem("tenants.csv", row.line, f"tenancy {row['tenancy_ref']} is not in "
                                                                     "tenancies.csv"))
        people[row["tenancy_ref"]] += 1
        leads[row["tenancy_ref"]] += row["is_lead"]
    for ref, row in tenancies.items():
        if not people[ref]:
            extract.problems.append(Problem("tenancies.csv", row.line, f"tenancy {ref} has no tenants in tenants.csv"))
        elif leads[ref] != 1:
            extract.problems.append(Problem("tenancies.csv", row.line, f"tenancy {ref} needs exactly one lead tenant, "
                                                                       f"tenants.csv has {leads[ref]}"))


def _check_accounts(extract: Extract, properties: set[str], tenancies: dict[str, Row]) -> None:
    add = extract.problems.append
    rent_accounts: Counter[str] = Counter()
    for row in extract.rows("accounts.csv"):
        kind, tenancy = row["account_type"], row["tenancy_ref"]
        if kind in TENANCY_ACCOUNTS:
            if tenancy is None:
                add(Problem("accounts.csv", row.line, f"a {kind.value} account needs a tenancy_ref"))
            elif tenancy not in tenancies:
                add(Problem("accounts.csv", row.line, f"tenancy {tenancy} is not in tenancies.csv"))
            else:
                rent_accounts[tenancy] += 1
        elif tenancy is not None:
            add(Problem("accounts.csv", row.line, f"a {kind.value} account does not belong to a tenancy "
                                                  "(leave tenancy_ref empty)"))
        elif row["opened_on"] is None:
            add(Problem("accounts.csv", row.line, f"a {kind.value} account needs opened_on"))
        if row["property_ref"] is not None and row["property_ref"] not in properties:
            add(Problem("accounts.csv", row.line, f"property {row['property_ref']} is not in properties.csv"))
    for ref, row in tenancies.items():
        if rent_accounts[ref] != 1:
            add(Problem("tenancies.csv", row.line, f"tenancy {ref} needs exactly one rent or temporary accommodation "
                                                   f"account in accounts.csv, found {rent_accounts[ref]}"))


def first_platform_week(cut_over: date) -> date:
    """Charges apply on the platform from the Monday after the cut-over Sunday."""
    return cut_over + timedelta(days=1)


@dataclass(frozen=True)
class PlatformCharge:
    legacy_ref: str
    charge_type: Any
    weekly_amount: Money
    effective_from: date
    effective_to: date | None
    legacy_from: date


def platform_charges(rows: list[Row], first_day: date) -> list[PlatformCharge]:
    """The schedule on the platform: per account and charge type the amount current at
    cut-over starts on ``first_day`` (earlier amounts are history, already in the balance)
    and later known changes keep their dates; each row ends the day before the next."""
    by_key: dict[tuple[str, Any], list[Row]] = {}
    for row in sorted(rows, key=lambda r: r["effective_from"]):
        by_key.setdefault((row["legacy_account_ref"], row["charge_type"]), []).append(row)
    charges: list[PlatformCharge] = []
    for (ref, kind), found in by_key.items():
        current = [r for r in found if r["effective_from"] <= first_day][-1:]
        later = [r for r in found if r["effective_from"] > first_day]
        kept = current + later
        for i, row in enumerate(kept):
            starts = max(row["effective_from"], first_day)
            ends = kept[i + 1]["effective_from"] - timedelta(days=1) if i + 1 < len(kept) else None
            charges.append(PlatformCharge(ref, kind, row["weekly_amount"], starts, ends, row["effective_from"]))
    return charges


def address_of(row: Row) -> list[str]:
    return [v for v in (row["address_line_1"], row["address_line_2"], row["address_line_3"]) if v]


def platform_numbers(legacy_refs: list[str]) -> list[int]:
    """The account numbers whose platform reference a legacy reference happens to be: the
    platform must not issue them later, or a payment quoting one would be ambiguous."""
    return [int(ref[:-1]) for ref in legacy_refs
            if ref.isdigit() and len(ref) > 1 and make_account_ref(int(ref[:-1])) == ref]
