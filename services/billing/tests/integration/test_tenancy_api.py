"""Billing's HTTP API on a real database: tenancy start, validation and access control."""

from __future__ import annotations

import uuid

from sqlalchemy import text

from shared.refs import is_valid_account_ref


def property_body(ref: str) -> dict:
    return {"property_ref": ref, "address": ["1 High Street", "Leeds"], "postcode": "ls1 4ap",
            "patch": "LS01", "area": "Leeds", "property_type": "house", "bedrooms": 3}


def tenancy_body(ref: str, prop: str) -> dict:
    return {"tenancy_ref": ref, "property_ref": prop, "tenure": "introductory", "start_date": "2026-05-13",
            "tenants": [{"person_id": "PER-1", "name": "Sam Smith", "is_lead": True},
                        {"person_id": "PER-2", "name": "Kim Smith"}],
            "charges": [{"charge_type": "rent", "weekly_amount": "98.20"}]}


async def test_starting_a_tenancy_opens_an_account_with_a_check_digit_and_records_events(billing, token):
    officer = token("r.officer", "rent_officer")
    prop = f"P-{uuid.uuid4().hex[:8]}"
    assert (await billing.post("/properties", json=property_body(prop), headers=officer)).status_code == 201
    response = await billing.post("/tenancies", json=tenancy_body("T-1", prop), headers=officer)
    assert response.status_code == 201, response.text
    account_ref = response.json()["account_ref"]
    assert is_valid_account_ref(account_ref)

    account = (await billing.get(f"/accounts/{account_ref}", headers=officer)).json()
    assert account["balance"] == "0.00"
    assert account["status"] == "open"
    assert account["patch"] == "LS01"

    async with billing.app.state.runtime.session_factory() as session:
        events = (await session.execute(text("SELECT event_type FROM outbox ORDER BY id"))).scalars().all()
        audit = (await session.execute(text("SELECT actor, action, entity FROM audit_log ORDER BY id"))).all()
    assert events == ["AccountOpened", "TenancyStarted"]
    assert [tuple(row) for row in audit] == [("r.officer", "create", "property"), ("r.officer", "start", "tenancy")]


async def test_second_tenancy_on_an_occupied_property_is_refused(billing, token):
    officer = token("r.officer", "rent_officer")
    prop = f"P-{uuid.uuid4().hex[:8]}"
    await billing.post("/properties", json=property_body(prop), headers=officer)
    await billing.post("/tenancies", json=tenancy_body("T-A", prop), headers=officer)
    response = await billing.post("/tenancies", json=tenancy_body("T-B", prop), headers=officer)
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert "already has a tenancy" in response.json()["detail"]


async def test_bad_input_gets_problem_json_listing_each_problem(billing, token):
    body = property_body("P-X") | {"postcode": "nowhere", "bedrooms": -1, "colour": "blue"}
    response = await billing.post("/properties", json=body, headers=token("r.officer", "rent_officer"))
    assert response.status_code == 422
    problem = response.json()
    assert problem["type"] == "urn:rent:problem:validation"
    assert {tuple(e["loc"]) for e in problem["errors"]} == {
        ("body", "postcode"), ("body", "bedrooms"), ("body", "colour")}


async def test_tenancy_needs_exactly_one_lead_tenant(billing, token):
    officer = token("r.officer", "rent_officer")
    prop = f"P-{uuid.uuid4().hex[:8]}"
    await billing.post("/properties", json=property_body(prop), headers=officer)
    body = tenancy_body("T-C", prop)
    body["tenants"][1]["is_lead"] = True
    response = await billing.post("/tenancies", json=body, headers=officer)
    assert response.status_code == 422
    assert response.json()["detail"] == "exactly one tenant must be the lead tenant"


async def test_routes_refuse_missing_invalid_and_underprivileged_callers(billing, token, dev_issuer):
    body = property_body("P-AUTH")
    assert (await billing.post("/properties", json=body)).status_code == 401
    expired = dev_issuer.mint("x", ["rent_officer"], ttl_seconds=1, now=0)
    response = await billing.post("/properties", json=body, headers={"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401
    assert response.json()["detail"] == "token has expired"
    response = await billing.post("/properties", json=body, headers=token("aud", "auditor"))
    assert response.status_code == 403
    assert (await billing.get("/accounts/10000016", headers=token("aud", "auditor"))).status_code == 404
