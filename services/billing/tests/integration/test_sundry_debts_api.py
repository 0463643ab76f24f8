"""Sundry debts through the API: each on a sundry account of its own, opened with
AccountOpened (type sundry, the debtors) and charged with AccountPosted — the events
recovery builds its arrears positions from — and announced as ServiceChargeInvoiced."""

from __future__ import annotations

from .support import OFFICER, events, key, new_tenancy, rows

DEBT = {"debt_type": "rechargeable_repair", "amount": "185.40", "description": "replace door damaged by tenant",
        "raised_on": "2026-11-02", "due_date": "2026-12-02", "reason": "repair job RJ-4411 recharged"}


async def test_a_debt_against_a_rent_account_opens_a_sundry_account_for_its_tenants(billing, token):
    tenancy = await new_tenancy(billing, token, tenants=2)
    response = await billing.post("/sundry-debts", headers=token(*OFFICER) | key(),
                                  json=DEBT | {"against_account_ref": tenancy["account_ref"]})
    assert response.status_code == 201, response.text
    debt = response.json()
    sundry = debt["account_ref"]
    assert sundry != tenancy["account_ref"] and debt["related_account_ref"] == tenancy["account_ref"]
    assert len(debt["person_ids"]) == 2

    opened = [e for e in await events(billing.app, "AccountOpened") if e["account_ref"] == sundry]
    assert opened[0]["account_type"] == "sundry" and sorted(opened[0]["person_ids"]) == sorted(debt["person_ids"])
    assert opened[0]["property_ref"] == tenancy["property_ref"]
    posted = [e for e in await events(billing.app, "AccountPosted") if e["account_ref"] == sundry]
    assert [(p["posting_type"], p["amount"], p["balance_after"], p["charge_type"], p["effective_date"])
            for p in posted] == [("charge", "185.40", "185.40", "rechargeable_repair", "2026-12-02")]
    invoiced = await events(billing.app, "ServiceChargeInvoiced")
    assert [(i["account_ref"], i["invoice_type"], i["amount"]) for i in invoiced] == [(sundry, "sundry", "185.40")]
    account = (await billing.get(f"/accounts/{sundry}", headers=token(*OFFICER))).json()
    assert (account["account_type"], account["balance"]) == ("sundry", "185.40")
    audited = await rows(billing.app, "SELECT actor, reason FROM audit_log WHERE entity = 'sundry_debt'")
    assert [(a.actor, a.reason) for a in audited] == [("r.officer", DEBT["reason"])]


async def test_a_debt_against_a_person_and_a_retry_with_the_same_key_raises_it_once(billing, token):
    headers = token(*OFFICER) | key()
    body = DEBT | {"debt_type": "court_costs", "amount": "355.00", "person_ids": ["PER-FORMER-1"]}
    first = await billing.post("/sundry-debts", headers=headers, json=body)
    again = await billing.post("/sundry-debts", headers=headers, json=body)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    posted = await rows(billing.app, "SELECT charge_type, amount FROM posting")
    assert [(p.charge_type, str(p.amount)) for p in posted] == [("court_costs", "355.00")]


async def test_a_debt_without_a_debtor_or_with_a_bad_amount_is_refused(billing, token):
    nobody = await billing.post("/sundry-debts", headers=token(*OFFICER) | key(), json=DEBT)
    assert nobody.status_code == 422
    assert "against a person" in nobody.json()["detail"]
    negative = await billing.post("/sundry-debts", headers=token(*OFFICER) | key(),
                                  json=DEBT | {"amount": "-5.00", "person_ids": ["PER-1"]})
    assert negative.status_code == 422
    unknown = await billing.post("/sundry-debts", headers=token(*OFFICER) | key(),
                                 json=DEBT | {"against_account_ref": "10000024"})
    assert unknown.status_code == 404
    assert await rows(billing.app, "SELECT 1 FROM account") == []
