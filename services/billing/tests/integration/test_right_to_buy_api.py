"""Right to Buy casework through the API: eligibility refusals with reasons, the offer's
capped discount with its working and service charge estimate, overdue stage flags, and
completion closing the rent account by the normal termination and opening a leasehold
account with its lease in the block's scheme (and no void: the home has left the stock)."""

from __future__ import annotations

import json
import uuid

from .leasehold_support import LEASEHOLD, invoice_estimate, leasehold_account
from .support import OFFICER, key, new_tenancy, rows, run_debit, scalar

SENIOR = ("s.officer", "senior_officer")


async def apply(billing, token, tenancy: dict, received: str = "2026-06-01", **extra):
    person = await scalar(billing.app, "SELECT person_id FROM tenant WHERE tenancy_ref = :t AND is_lead",
                          t=tenancy["tenancy_ref"])
    return await billing.post("/rtb-applications", headers=token(*OFFICER), json={
        "tenancy_ref": tenancy["tenancy_ref"], "rtb1_received_on": received, "applicants": [person], **extra})


async def stage(billing, token, application_id: str, action: str, body: dict, *, idempotent: bool = False):
    headers = token(*OFFICER) | (key() if idempotent else {})
    return await billing.post(f"/rtb-applications/{application_id}/{action}", headers=headers, json=body)


async def test_an_ineligible_application_says_every_reason_and_cannot_be_admitted(billing, token):
    tenancy = await new_tenancy(billing, token, start="2025-01-06")
    response = await apply(billing, token, tenancy, possession_order=True)
    assert response.status_code == 201, response.text
    app = response.json()
    assert app["eligibility"]["eligible"] is False
    assert [(r["code"]) for r in app["eligibility"]["refusals"]] == ["qualifying_period", "possession_order"]
    assert "512 days (1 whole years)" in app["eligibility"]["refusals"][0]["detail"]
    refused = await stage(billing, token, app["application_id"], "admit", {"on": "2026-06-10"})
    assert refused.status_code == 409
    assert "fails eligibility" in refused.json()["detail"] and "possession order" in refused.json()["detail"]
    denied = await stage(billing, token, app["application_id"], "deny", {"on": "2026-06-10"})
    assert denied.status_code == 200, denied.text
    assert denied.json()["status"] == "denied"
    assert "3 years are needed" in denied.json()["denial_reason"]
    again = await apply(billing, token, tenancy)
    assert again.status_code == 201  # a denied application is no longer live


async def test_overdue_stages_are_flagged_in_the_caseload(billing, token):
    tenancy = await new_tenancy(billing, token, start="2015-04-06")
    app = (await apply(billing, token, tenancy)).json()
    assert (await apply(billing, token, tenancy)).status_code == 409  # one live application per tenancy

    async def overdue(as_at: str) -> list[str]:
        found = (await billing.get("/rtb-applications", headers=token(*OFFICER),
                                   params={"overdue": "true", "as_at": as_at})).json()
        return next((a["overdue"] for a in found if a["application_id"] == app["application_id"]), [])

    assert await overdue("2026-06-08") == []
    assert await overdue("2026-06-09") == ["acknowledgement"]
    assert await overdue("2026-06-30") == ["acknowledgement", "admission_or_denial"]
    await stage(billing, token, app["application_id"], "acknowledge", {"on": "2026-06-12"})
    one = (await billing.get(f"/rtb-applications/{app['application_id']}", headers=token(*OFFICER),
                             params={"as_at": "2026-06-30"})).json()
    assert {s["name"]: s["status"] for s in one["stages"]} == {
        "acknowledgement": "done_late", "admission_or_denial": "overdue", "offer": "waiting",
        "completion": "waiting"}


async def test_offer_caps_the_discount_and_completion_waits_for_arrears_then_opens_a_leasehold_account(
        billing, token):
    tenancy = await new_tenancy(billing, token, start="2014-04-07",
                                charges={"rent": "120.00", "service_charge": "12.00"})
    response = await apply(billing, token, tenancy, region="London")
    app = response.json()
    assert (app["eligibility"]["qualifying_years"], app["property_form"], app["eligibility"]["eligible"]) == (
        12, "flat", True)
    app_id = app["application_id"]
    assert (await stage(billing, token, app_id, "acknowledge", {"on": "2026-06-03"})).status_code == 200
    assert (await stage(billing, token, app_id, "admit", {"on": "2026-06-20"})).status_code == 200
    offered = await stage(billing, token, app_id, "offer", {
        "on": "2026-08-10", "valuation": "450000.00",
        "works": [{"description": "roof renewal", "year": 2, "amount": "3200.00"}]})
    assert offered.status_code == 200, offered.text
    discount = offered.json()["discount"]
    # Flat, 12 years: 50% + 2% x 7 = 64% of £450,000 = £288,000, over London's £136,400 cap.
    assert (discount["percent"], discount["by_percentage"], discount["discount"], discount["price"]) == (
        "64", "288000.00", "136400.00", "313600.00")
    assert "cash cap for London: £136400.00 -> £136400.00 (capped)" in discount["working"]
    estimate = offered.json()["service_charge_estimate"]
    assert estimate["weekly_service_charges_now"] == "12.00"
    assert [(y["year"], y["total"]) for y in estimate["years"]][:2] == [(1, "624.00"), (2, "3842.72")]

    await run_debit(billing, token, 2026, 10)  # leaves £132.00 unpaid
    scheme = f"BLK-{uuid.uuid4().hex[:6]}"
    neighbour = await leasehold_account(billing, token, scheme=scheme, share="2")  # an earlier sale in the block
    lease = {"scheme_ref": scheme, "share": "1", "ground_rent_annual": "10.00"}
    blocked = await stage(billing, token, app_id, "complete", {"on": "2026-09-07", "lease": lease},
                          idempotent=True)
    assert blocked.status_code == 409
    assert "rent arrears of £132.00" in blocked.json()["detail"]
    cleared = await billing.post(f"/accounts/{tenancy['account_ref']}/adjustments", headers=token(*OFFICER) | key(),
                                 json={"direction": "credit", "amount": "132.00", "reason_code": "other",
                                       "reason": "arrears paid before completion", "effective_date": "2026-09-01"})
    assert cleared.status_code == 201, cleared.text

    done = await stage(billing, token, app_id, "complete", {"on": "2026-09-07", "lease": lease}, idempotent=True)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "completed"
    account = (await billing.get(f"/accounts/{tenancy['account_ref']}", headers=token(*OFFICER))).json()
    assert (account["status"], account["closed_on"]) == ("closed", "2026-09-06")
    [event] = await rows(billing.app, "SELECT body FROM outbox WHERE event_type = 'TenancyTerminated'")
    assert json.loads(bytes(event.body))["data"]["reason"] == "right to buy completed"
    leasehold = (await billing.get(f"/accounts/{done.json()['leasehold_account_ref']}",
                                   headers=token(*OFFICER))).json()
    assert (leasehold["account_type"], leasehold["opened_on"], leasehold["status"]) == (
        "leasehold", "2026-09-07", "open")
    # A leaseholder like any other: the lease in the block's scheme, no weekly charge; the
    # scheme's estimate, balancing and ground rent invoices reach the new lease.
    charges = (await billing.get(f"/accounts/{leasehold['account_ref']}/charges", headers=token(*OFFICER))).json()
    assert charges == []
    [row] = await rows(billing.app, "SELECT scheme_ref, share, ground_rent_annual, starts_on FROM lease "
                                    "WHERE account_ref = :r", r=leasehold["account_ref"])
    assert (row.scheme_ref, str(row.share), str(row.ground_rent_annual), str(row.starts_on)) == (
        scheme, "1.000000", "10.00", "2026-09-07")  # the lease starts on completion
    [invoices] = await invoice_estimate(billing, token, scheme, "2026-10-01", "900.00", ["2026-10-01"])
    assert {i["account_ref"]: i["amount"] for i in invoices} == {neighbour: "600.00",
                                                                 leasehold["account_ref"]: "300.00"}
    response = await billing.post(f"/leasehold/schemes/{scheme}/ground-rent", headers=token(*LEASEHOLD) | key(), json={
        "period_from": "2026-10-01", "period_to": "2027-09-30", "due_date": "2026-10-01"})
    assert response.status_code == 201, response.text
    assert [(i["account_ref"], i["amount"]) for i in response.json()] == [(leasehold["account_ref"], "10.00")]
    voids = (await billing.get("/reports/voids", headers=token(*OFFICER),
                               params={"date_from": "2026-09-01", "date_to": "2026-12-31",
                                       "property_ref": tenancy["property_ref"]})).json()
    assert voids["voids"] == []  # sold, not empty


async def offered_flat(billing, token) -> tuple[dict, str]:
    tenancy = await new_tenancy(billing, token, start="2014-04-07",
                                charges={"rent": "120.00", "service_charge": "12.00"})
    app_id = (await apply(billing, token, tenancy)).json()["application_id"]
    await stage(billing, token, app_id, "admit", {"on": "2026-06-20"})
    offered = await stage(billing, token, app_id, "offer", {"on": "2026-08-10", "valuation": "150000.00"})
    assert offered.status_code == 200, offered.text
    return tenancy, app_id


async def test_a_flat_completes_only_with_its_lease_and_a_refusal_changes_nothing(billing, token):
    tenancy, app_id = await offered_flat(billing, token)
    refused = await stage(billing, token, app_id, "complete", {"on": "2026-09-07"}, idempotent=True)
    assert refused.status_code == 422, refused.text
    assert "completing the sale of a flat grants a lease" in refused.json()["detail"]
    assert "service charge scheme (block or estate)" in refused.json()["detail"]
    app = (await billing.get(f"/rtb-applications/{app_id}", headers=token(*OFFICER))).json()
    assert (app["status"], app["leasehold_account_ref"]) == ("offered", None)
    account = (await billing.get(f"/accounts/{tenancy['account_ref']}", headers=token(*OFFICER))).json()
    assert account["status"] == "open"
    assert await scalar(billing.app, "SELECT count(*) FROM account WHERE account_type = 'leasehold'") == 0
    no_share = await stage(billing, token, app_id, "complete", {"on": "2026-09-07", "lease": {"scheme_ref": "BLK-1"}},
                           idempotent=True)
    assert no_share.status_code == 422
    assert "share" in no_share.text


async def test_rules_are_configured_with_an_audit_trail_and_bad_rules_are_refused(billing, token):
    current = (await billing.get("/rtb-rules", headers=token(*OFFICER))).json()
    assert current["version"] == 0
    rules = current["rules"] | {"cash_caps": {"Leeds": "24000.00"}, "default_region": "Leeds",
                                "reason": "November 2024 caps"}
    refused = await billing.put("/rtb-rules", headers=token(*SENIOR), json=rules | {"default_region": "York"})
    assert refused.status_code == 422
    assert "default_region 'York' must be one of the cash_caps regions" in refused.text
    assert (await billing.put("/rtb-rules", headers=token(*OFFICER), json=rules)).status_code == 403
    saved = await billing.put("/rtb-rules", headers=token(*SENIOR), json=rules)
    assert saved.status_code == 200, saved.text
    assert (saved.json()["version"], saved.json()["rules"]["cash_caps"]) == (1, {"Leeds": "24000.00"})
    [audit] = await rows(billing.app, "SELECT actor, reason FROM audit_log WHERE entity = 'rtb_rules'")
    assert (audit.actor, audit.reason) == ("s.officer", "November 2024 caps")
    tenancy = await new_tenancy(billing, token, start="2010-04-05")
    app = (await apply(billing, token, tenancy)).json()
    assert app["region"] == "Leeds"
    await stage(billing, token, app["application_id"], "admit", {"on": "2026-06-10"})
    offered = await stage(billing, token, app["application_id"], "offer", {"on": "2026-07-01",
                                                                          "valuation": "180000.00"})
    assert offered.json()["discount"]["discount"] == "24000.00"
