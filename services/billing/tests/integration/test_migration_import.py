"""Loading a legacy extract over HTTP on a real database: a bad extract is refused with
every problem listed and nothing written; a clean one loads, reconciles to its control
totals, publishes the normal events, and is a no-op when loaded again."""

from __future__ import annotations

import json
from pathlib import Path

from shared.refs import make_account_ref

from .support import new_tenancy, rows, scalar

SAMPLES = Path(__file__).resolve().parents[4] / "samples" / "migration"
MIGRATOR = ("m.lead", "senior_officer")
WRITTEN = ("property", "tenancy", "tenant", "account", "charge", "posting", "migration_batch", "legacy_account_ref",
           "migration_history", "outbox")


def sample() -> dict[str, str]:
    return {p.name: p.read_text() for p in SAMPLES.glob("*.csv")}


def upload(files: dict[str, str]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (name, text.encode(), "text/csv")) for name, text in files.items()]


async def counts(app) -> dict[str, int]:
    return {t: await scalar(app, f"SELECT count(*) FROM {t}") for t in WRITTEN}


async def outbox(app, event_type: str) -> list[dict]:
    found = await rows(app, "SELECT body FROM outbox WHERE event_type = :t ORDER BY id", t=event_type)
    return [json.loads(bytes(r.body))["data"] for r in found]


async def test_an_extract_with_errors_is_rejected_with_every_error_listed_and_nothing_written(billing, token):
    files = sample()
    files["properties.csv"] += "PR100001,Dup,,Leeds,LS2 7AB,LS01,Leeds North,flat,2\n"
    files["tenants.csv"] += "TEN-9999,PER-1,Nobody,Y,,,\n"
    files["balances.csv"] = files["balances.csv"].replace("GAR-0077,11.40", "GAR-0078,11.40")
    before = await counts(billing.app)

    dry = await billing.post("/migrations/dry-run", files=upload(files), headers=token(*MIGRATOR))
    assert dry.status_code == 200, dry.text
    assert dry.json()["valid"] is False
    expected = [
        {"file": "balances.csv", "line": 5, "reason": "account GAR0078 is not in accounts.csv"},
        {"file": "properties.csv", "line": 5, "reason": "duplicate property_ref PR100001 (first on line 2)"},
        {"file": "tenants.csv", "line": 6, "reason": "tenancy TEN-9999 is not in tenancies.csv"},
    ]
    assert [p for p in dry.json()["problems"] if p["file"] != "control.csv"] == expected

    load = await billing.post("/migrations", files=upload(files), headers=token(*MIGRATOR))
    assert load.status_code == 422
    body = load.json()
    assert body["type"] == "urn:rent:problem:migration-rejected"
    assert [p for p in body["problems"] if p["file"] != "control.csv"] == expected
    assert {"file": "control.csv", "line": 2, "reason": "tenants: control count 4 but 5 valid line(s) in tenants.csv"} \
        in body["problems"]
    assert await counts(billing.app) == before


async def test_a_clean_extract_loads_reconciles_and_announces_its_accounts(billing, token):
    response = await billing.post("/migrations", files=upload(sample()), headers=token(*MIGRATOR))
    assert response.status_code == 201, response.text
    batch = response.json()
    assert batch["replayed"] is False
    recon = batch["reconciliation"]
    assert (recon["reconciled"], recon["accounts"], recon["accounts_agreeing"]) == (True, 4, 4)
    assert recon["migrated_total"] == recon["legacy_total"] == recon["control_total"] == "662.40"

    postings = await rows(billing.app, "SELECT l.legacy_ref, p.amount, p.posting_type, p.effective_date, p.source "
                                       "FROM posting p JOIN migration_balance l ON l.account_ref = p.account_ref "
                                       "ORDER BY l.legacy_ref")
    assert [(r.legacy_ref, str(r.amount), r.posting_type) for r in postings] == [
        ("GAR0077", "11.40", "migrated_balance"), ("RA410701", "325.25", "migrated_balance"),
        ("RA500101", "412.15", "migrated_balance"), ("RA500201", "-86.40", "migrated_balance")]
    assert postings[2].source == "migration:CIVICA-2026-11-A:balances.csv:2"
    assert await scalar(billing.app, "SELECT sum(balance) FROM account") == await scalar(
        billing.app, "SELECT control_total FROM migration_batch")

    opened = {e["account_ref"]: e for e in await outbox(billing.app, "AccountOpened")}
    mary = await scalar(billing.app, "SELECT account_ref FROM legacy_account_ref WHERE legacy_ref = 'RA500101'")
    assert opened[mary]["legacy_refs"] == ["RA500101", "0050010001"]
    [posted] = await outbox(billing.app, "AccountsPosted")
    assert sorted(p["amount"] for p in posted["postings"]) == ["-86.40", "11.40", "325.25", "412.15"]
    started = {e["tenancy_ref"]: e for e in await outbox(billing.app, "TenancyStarted")}
    assert set(started) == {"TEN-5001", "TEN-5002"}
    assert started["TEN-5001"]["weekly_total"] == "108.55"
    [ended] = await outbox(billing.app, "TenancyTerminated")
    assert (ended["tenancy_ref"], ended["final_balance"]) == ("TEN-4107", "325.25")

    staff = token("r.officer", "rent_officer")
    charges = (await billing.get(f"/accounts/{mary}/charges", headers=staff)).json()
    assert sorted((c["charge_type"], c["weekly_amount"], c["effective_from"]) for c in charges) == [
        ("rent", "102.35", "2026-11-23"), ("service_charge", "6.20", "2026-11-23")]
    statement = (await billing.get(f"/accounts/{mary}/statement", headers=staff,
                                   params={"date_from": "2026-11-01", "date_to": "2026-11-30"})).json()
    assert [(p["posting_type"], p["amount"]) for p in statement["postings"]] == [("migrated_balance", "412.15")]
    history = (await billing.get(f"/accounts/{mary}/legacy-transactions", headers=staff)).json()
    assert [(h["legacy_transaction_id"], h["amount"]) for h in history] == [("TX-889001", "108.55"),
                                                                             ("TX-889455", "-100.00")]

    live = (await billing.get("/migrations/CIVICA-2026-11-A/reconciliation", headers=staff)).json()
    assert live["reconciled"] is True


async def test_loading_the_same_extract_again_changes_nothing(billing, token):
    first = await billing.post("/migrations", files=upload(sample()), headers=token(*MIGRATOR))
    assert first.status_code == 201, first.text
    before = await counts(billing.app)
    again = await billing.post("/migrations", files=upload(sample()), headers=token(*MIGRATOR))
    assert again.status_code == 200, again.text
    assert again.json()["replayed"] is True
    assert again.json()["reconciliation"] == first.json()["reconciliation"]
    assert await counts(billing.app) == before


async def test_an_extract_id_loaded_before_with_different_content_is_refused(billing, token):
    assert (await billing.post("/migrations", files=upload(sample()), headers=token(*MIGRATOR))).status_code == 201
    changed = sample()
    changed["history.csv"] = changed["history.csv"].replace("allpay cash", "allpay")
    response = await billing.post("/migrations", files=upload(changed), headers=token(*MIGRATOR))
    assert response.status_code == 409
    assert "already loaded with different content" in response.json()["detail"]


async def test_a_rent_officer_cannot_load_an_extract(billing, token):
    response = await billing.post("/migrations", files=upload(sample()), headers=token("r.officer", "rent_officer"))
    assert response.status_code == 403


async def test_a_legacy_reference_shaped_like_a_future_account_reference_is_never_issued(billing, token):
    legacy_number = make_account_ref(5_000_000)
    files = sample()
    files["accounts.csv"] = files["accounts.csv"].replace("GAR-0077,garage,,PR100001,2018-01-08,",
                                                          f"GAR-0077,garage,,PR100001,2018-01-08,{legacy_number}")
    assert (await billing.post("/migrations", files=upload(files), headers=token(*MIGRATOR))).status_code == 201
    opened = (await new_tenancy(billing, token))["account_ref"]
    assert int(opened[:-1]) > 5_000_000
