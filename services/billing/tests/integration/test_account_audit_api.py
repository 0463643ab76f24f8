"""An account's audit trail (shared.web.audit_routes in billing) on a real database: records
naming the account and those about its tenancy, newest first, a page at a time, to the roles
that may read them."""

from __future__ import annotations

from shared import audit

from .support import OFFICER, key, new_tenancy


async def test_the_trail_holds_changes_to_the_account_and_its_tenancy_newest_first(billing, token):
    home = await new_tenancy(billing, token)
    other = await new_tenancy(billing, token)
    account = home["account_ref"]
    response = await billing.post(f"/accounts/{account}/charges", headers=token(*OFFICER) | key(), json={
        "effective_from": "2026-06-01", "reason": "review", "charges": [{"charge_type": "rent",
                                                                       "weekly_amount": "110.00"}]})
    assert response.status_code == 200, response.text
    response = await billing.post(f"/accounts/{account}/adjustments", headers=token(*OFFICER) | key(), json={
        "direction": "credit", "amount": "5.00", "reason_code": "other", "reason": "goodwill",
        "effective_date": "2026-04-10"})
    assert response.status_code == 201, response.text
    async with billing.app.state.runtime.session_factory() as session:  # a record written without the column
        await audit.record(session, actor="old.system", action="note", entity="tenancy",
                           entity_id=home["tenancy_ref"], reason="before the column")
        await session.commit()

    response = await billing.get(f"/accounts/{account}/audit", headers=token("a.auditor", "auditor"))
    assert response.status_code == 200, response.text
    trail = response.json()
    assert [(r["action"], r["entity"]) for r in trail["items"]] == [
        ("note", "tenancy"), ("request", "adjustment"), ("change_charges", "account"), ("start", "tenancy")]
    assert trail["items"][1]["account_ref"] == account and trail["items"][1]["reason"] == "other: goodwill"
    assert trail["items"][2]["after"]["rent"] == "110.00" and trail["items"][2]["actor"] == "r.officer"
    assert trail["more"] is False and trail["total"] == 4
    assert other["tenancy_ref"] not in {r["entity_id"] for r in trail["items"]}

    first = (await billing.get(f"/accounts/{account}/audit?limit=2", headers=token("s", "senior_officer"))).json()
    rest = (await billing.get(f"/accounts/{account}/audit?limit=2&offset=2", headers=token("s", "senior_officer")))
    assert first["more"] is True and first["total"] == 4
    assert [r["id"] for r in first["items"] + rest.json()["items"]] == [r["id"] for r in trail["items"]]


async def test_officers_read_the_trail_of_their_own_patch_only_and_other_roles_not_at_all(billing, token, dev_issuer):
    account = (await new_tenancy(billing, token, patch="LS01"))["account_ref"]

    def bearer(username, roles, patches=None):
        return {"Authorization": f"Bearer {dev_issuer.mint(username, roles, patches=patches)}"}

    assert (await billing.get(f"/accounts/{account}/audit", headers=bearer("o", ["rent_officer"], ["LS01"]))
            ).status_code == 200
    assert (await billing.get(f"/accounts/{account}/audit", headers=bearer("o", ["rent_officer"], ["N9"]))
            ).status_code == 403
    assert (await billing.get(f"/accounts/{account}/audit", headers=bearer("a", ["auditor"], ["N9"]))
            ).status_code == 200
    assert (await billing.get(f"/accounts/{account}/audit", headers=bearer("f", ["finance_approver"]))
            ).status_code == 403
    assert (await billing.get(f"/accounts/{account}/audit")).status_code == 401
    assert (await billing.get("/accounts/99999999/audit", headers=bearer("a", ["auditor"]))).status_code == 404
    bad = await billing.get(f"/accounts/{account}/audit?limit=500", headers=bearer("a", ["auditor"]))
    assert bad.status_code == 422 and bad.json()["errors"][0]["loc"] == ["query", "limit"]
