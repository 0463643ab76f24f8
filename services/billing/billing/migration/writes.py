"""Writing a checked legacy extract, all in the caller's transaction: the estate and
accounts by COPY, the charge schedules, the migrated balances as postings, the history,
and the events any new account would publish."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select

from billing.charges.rules import benefit_eligible
from billing.charges.tables import charge_table
from billing.ledger import source_keys
from billing.ledger import writer as ledger_writer
from billing.ledger.rules import NewPosting
from billing.ledger.tables import account_table
from billing.migration import store as migration_store
from billing.migration.rules import Extract, address_of, first_platform_week, platform_charges, platform_numbers
from billing.migration.tables import (
    legacy_ref_table,
    migration_balance_table,
    migration_batch_table,
    migration_history_table,
)
from billing.tenancies.tables import property_table, tenancy_table, tenant_table
from shared.contracts.billing import (
    AccountOpenedV1,
    AccountsPostedV1,
    ChargeLine,
    Party,
    TenancyStartedV1,
    TenancyTerminatedV1,
)
from shared.contracts.types import AccountType, PostingType
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money, total

EVENTS_PER_BATCH = 500  # postings per AccountsPosted, as for payment batches


async def write(extract: Extract, digest: str, actor: str, uow: UnitOfWork) -> None:
    session, control = uow.session, extract.control
    source = source_keys.migration(control["extract_id"])
    await migration_store.insert_rows(session, migration_batch_table, [{
        "extract_id": control["extract_id"], "source_system": control["source_system"],
        "cut_over_date": extract.cut_over, "checksum": digest, "counts": extract.report()["counts"],
        "control_total": control["balance_total"].amount, "reconciliation": {}, "loaded_by": actor}])
    await _write_estate(extract, actor, session)
    accounts = await _write_accounts(extract, actor, uow)
    await _write_charges(extract, accounts, actor, uow)
    await _post_balances(extract, accounts, actor, uow)
    await migration_store.insert_rows(session, migration_history_table, [
        {"extract_id": control["extract_id"], "line_no": r.line, "account_ref": accounts[r["legacy_account_ref"]],
         "legacy_transaction_id": r["legacy_transaction_id"], "transaction_date": r["transaction_date"],
         "transaction_type": r["transaction_type"], "amount": r["amount"].amount, "description": r["description"]}
        for r in extract.rows("history.csv")])
    await _announce_former_tenancies(extract, accounts, uow, source)


async def _write_estate(extract: Extract, actor: str, session: Any) -> None:
    await migration_store.insert_rows(session, property_table, [
        {"property_ref": r["property_ref"], "postcode": r["postcode"], "patch": r["patch"], "area": r["area"],
         "address": [v for v in (r["address_line_1"], r["address_line_2"], r["address_line_3"]) if v],
         "property_type": r["property_type"], "bedrooms": r["bedrooms"], "created_by": actor}
        for r in extract.rows("properties.csv")])
    await migration_store.insert_rows(session, tenancy_table, [
        {"tenancy_ref": r["tenancy_ref"], "property_ref": r["property_ref"], "tenure": r["tenure"].value,
         "start_date": r["start_date"], "end_date": r["end_date"], "end_reason": r["end_reason"],
         "created_by": actor}
        for r in extract.rows("tenancies.csv")])
    await migration_store.insert_rows(session, tenant_table, [
        {"tenancy_ref": r["tenancy_ref"], "person_id": r["person_id"], "name": r["name"], "is_lead": r["is_lead"],
         "email": r["email"], "mobile": r["mobile"], "date_of_birth": r["date_of_birth"]}
        for r in extract.rows("tenants.csv")])


async def _properties(uow: UnitOfWork, refs: set[str]) -> dict[str, dict[str, Any]]:
    rows = await uow.session.execute(
        select(property_table).where(property_table.c.property_ref == func.any(list(refs))))
    return {r.property_ref: dict(r._mapping) for r in rows}


async def _write_accounts(extract: Extract, actor: str, uow: UnitOfWork) -> dict[str, str]:
    """Open the accounts under new platform references; returns legacy ref → account ref."""
    rows = extract.rows("accounts.csv")
    tenancies = {r["tenancy_ref"]: r for r in extract.rows("tenancies.csv")}
    people = extract.tenants_of()
    await migration_store.reserve_numbers_up_to(uow.session, platform_numbers(extract.references()["legacy"]))
    refs = await migration_store.new_account_refs(uow.session, len(rows))
    property_of = {r.line: r["property_ref"] or (tenancies[r["tenancy_ref"]]["property_ref"] if r["tenancy_ref"]
                                                 else None) for r in rows}
    properties = await _properties(uow, {p for p in property_of.values() if p})
    accounts, account_rows, aliases = {}, [], []
    for ref, row in zip(refs, rows, strict=True):
        tenancy = tenancies.get(row["tenancy_ref"]) if row["tenancy_ref"] else None
        prop = properties.get(property_of[row.line]) if property_of[row.line] else None
        opened = row["opened_on"] or tenancy["start_date"]
        ended = tenancy["end_date"] if tenancy else None
        accounts[row["legacy_account_ref"]] = ref
        account_rows.append({
            "account_ref": ref, "account_type": row["account_type"].value, "tenancy_ref": row["tenancy_ref"],
            "property_ref": property_of[row.line], "patch": prop["patch"] if prop else None,
            "status": "closed" if ended else "open", "opened_on": opened, "closed_on": ended,
            "balance": 0, "last_seq": 0})
        legacy = extract.legacy_refs_of(row)
        aliases += [{"legacy_ref": alias, "account_ref": ref, "extract_id": extract.control["extract_id"]}
                    for alias in legacy]
        uow.emit(AccountOpenedV1(
            account_ref=ref, account_type=row["account_type"], opened_on=opened, tenancy_ref=row["tenancy_ref"],
            property_ref=property_of[row.line], patch=prop["patch"] if prop else None,
            person_ids=[p["person_id"] for p in people.get(row["tenancy_ref"], [])], legacy_refs=legacy))
    await migration_store.insert_rows(uow.session, account_table, account_rows)
    await migration_store.insert_rows(uow.session, legacy_ref_table, aliases)
    await uow.flush_events()
    return accounts


async def _write_charges(extract: Extract, accounts: dict[str, str], actor: str, uow: UnitOfWork) -> None:
    kinds = {r["legacy_account_ref"]: r["account_type"] for r in extract.rows("accounts.csv")}
    first_day = first_platform_week(extract.cut_over)
    charges = platform_charges(extract.rows("charges.csv"), first_day)
    source = extract.control["source_system"]
    await migration_store.insert_rows(uow.session, charge_table, [
        {"account_ref": accounts[c.legacy_ref], "charge_type": c.charge_type.value,
         "weekly_amount": c.weekly_amount.amount, "effective_from": c.effective_from, "effective_to": c.effective_to,
         "benefit_eligible": benefit_eligible(c.charge_type, kinds[c.legacy_ref]),
         "created_by": actor, "reason": f"migrated from {source} (legacy effective from {c.legacy_from})"}
        for c in charges])
    await _announce_tenancies(extract, accounts, [c for c in charges if c.effective_from == first_day], kinds, uow)


async def _announce_tenancies(extract: Extract, accounts: dict[str, str], current: list[Any],
                              kinds: dict[str, AccountType], uow: UnitOfWork) -> None:
    """TenancyStarted for each current tenancy, with its charges as at the first platform week."""
    rent_account = extract.rent_accounts()
    lines: dict[str, list[ChargeLine]] = {}
    for c in current:
        eligible = benefit_eligible(c.charge_type, kinds[c.legacy_ref])
        lines.setdefault(c.legacy_ref, []).append(
            ChargeLine(charge_type=c.charge_type, weekly_amount=c.weekly_amount, benefit_eligible=eligible))
    properties = {r["property_ref"]: r for r in extract.rows("properties.csv")}
    stored = await _properties(uow, {t["property_ref"] for t in extract.rows("tenancies.csv")} - set(properties))
    people = {ref: [Party(person_id=t["person_id"], name=t["name"], is_lead=t["is_lead"], email=t["email"],
                          mobile=t["mobile"]) for t in found] for ref, found in extract.tenants_of().items()}
    for t in extract.rows("tenancies.csv"):
        if t["end_date"]:
            continue
        legacy = rent_account[t["tenancy_ref"]]
        prop = properties.get(t["property_ref"])
        if prop is not None:
            address = address_of(prop)
            patch, postcode = prop["patch"], prop["postcode"]
        else:
            found = stored[t["property_ref"]]
            address, patch, postcode = list(found["address"]), found["patch"], found["postcode"]
        charges = lines.get(legacy, [])
        uow.emit(TenancyStartedV1(
            tenancy_ref=t["tenancy_ref"], account_ref=accounts[legacy], property_ref=t["property_ref"], patch=patch,
            tenure=t["tenure"], start_date=t["start_date"], tenants=people[t["tenancy_ref"]],
            address=[*address, postcode], charges=charges, weekly_total=total(c.weekly_amount for c in charges)))
    await uow.flush_events()


async def _post_balances(extract: Extract, accounts: dict[str, str], actor: str, uow: UnitOfWork) -> None:
    control = extract.control
    extract_id, source_system = control["extract_id"], control["source_system"]
    balances = {r["legacy_account_ref"]: r for r in extract.rows("balances.csv")}
    await migration_store.insert_rows(uow.session, migration_balance_table, [
        {"extract_id": extract_id, "legacy_ref": legacy, "account_ref": ref,
         "legacy_balance": balances[legacy]["balance"].amount if legacy in balances else 0,
         "line_no": balances[legacy].line if legacy in balances else None}
        for legacy, ref in accounts.items()])
    lines = [
        NewPosting(account_ref=accounts[legacy], posting_type=PostingType.MIGRATED_BALANCE, amount=row["balance"],
                   effective_date=extract.cut_over, source_key=source_keys.migrated_balance(extract_id, legacy),
                   source=f"{source_keys.migration(extract_id)}:balances.csv:{row.line}", posted_by=actor,
                   reason=f"balance brought forward from {source_system} account {legacy} as at {extract.cut_over}")
        for legacy, row in balances.items() if row["balance"]
    ]
    for start in range(0, len(lines), EVENTS_PER_BATCH):
        postings = await ledger_writer.post_all(uow.session, lines[start:start + EVENTS_PER_BATCH])
        if postings:
            uow.emit(AccountsPostedV1(batch_id=uuid.uuid4(), cause=source_keys.migration(extract_id),
                                      postings=[p.to_line() for p in postings]))
            await uow.flush_events()


async def _announce_former_tenancies(extract: Extract, accounts: dict[str, str], uow: UnitOfWork,
                                     source: str) -> None:
    """A former tenancy comes over closed; TenancyTerminated lets recovery open its former
    tenant arrears case and refunds its credit review, as for a tenancy ended here."""
    rent_account = extract.rent_accounts()
    balances = {r["legacy_account_ref"]: r["balance"] for r in extract.rows("balances.csv")}
    people = extract.tenants_of()
    for t in extract.rows("tenancies.csv"):
        if t["end_date"]:
            legacy = rent_account[t["tenancy_ref"]]
            uow.emit(TenancyTerminatedV1(
                tenancy_ref=t["tenancy_ref"], account_ref=accounts[legacy], end_date=t["end_date"],
                reason=t["end_reason"] or f"ended before migration ({source})",
                final_balance=balances.get(legacy, Money.zero()),
                person_ids=[p["person_id"] for p in people.get(t["tenancy_ref"], [])]))
    await uow.flush_events()
