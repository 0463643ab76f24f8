"""The search box over billing's API on a real database: references first, then postcodes,
then names and addresses by similarity, typos tolerated; patch access applies."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text

from billing.search.queries import refresh_vocabulary

OFFICER = ("r.officer", "rent_officer")


async def home(client, token, *, name: str, address: list[str], postcode: str, patch: str = "LS01",
               others: tuple[str, ...] = ()) -> dict[str, str]:
    headers = token(*OFFICER)
    suffix = uuid.uuid4().hex[:8].upper()
    prop, tenancy = f"P-{suffix}", f"TEN-{suffix}"
    response = await client.post("/properties", headers=headers, json={
        "property_ref": prop, "address": address, "postcode": postcode, "patch": patch, "area": "Leeds",
        "property_type": "flat", "bedrooms": 2})
    assert response.status_code == 201, response.text
    tenants = [{"person_id": f"PER-{suffix}-0", "name": name, "is_lead": True}]
    tenants += [{"person_id": f"PER-{suffix}-{i}", "name": n} for i, n in enumerate(others, 1)]
    response = await client.post("/tenancies", headers=headers, json={
        "tenancy_ref": tenancy, "property_ref": prop, "tenure": "secure", "start_date": "2026-04-06",
        "tenants": tenants, "charges": [{"charge_type": "rent", "weekly_amount": "100.00"}]})
    assert response.status_code == 201, response.text
    return {"tenancy_ref": tenancy, "account_ref": response.json()["account_ref"], "property_ref": prop}


@pytest.fixture
async def estate(billing, token):
    homes = {
        "williams": await home(billing, token, name="Gareth Williams", address=["12 Acacia Avenue", "Leeds"],
                               postcode="LS6 2AB", others=("Megan Williams",)),
        "thompson": await home(billing, token, name="Sarah Thompson", address=["Flat 3, 40 Kirkstall Road", "Leeds"],
                               postcode="LS3 1JJ"),
        "patel": await home(billing, token, name="Priya Patel", address=["7 Harehills Lane", "Leeds"],
                            postcode="LS8 5QR", patch="LS02"),
        "williamson": await home(billing, token, name="Ann Williamson", address=["1 Oak Street", "Bradford"],
                                 postcode="BD1 1AA"),
    }
    async with billing.app.state.runtime.session_factory() as session:
        await refresh_vocabulary(session)
        await session.commit()
    return homes


async def search(client, token, q: str, **params) -> list[dict]:
    response = await client.get("/search", params={"q": q, **params}, headers=token(*OFFICER))
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def test_a_surname_finds_the_account_with_lead_tenant_address_balance_status_and_patch(billing, token, estate):
    [hit, *rest] = await search(billing, token, "williams")
    assert hit["account_ref"] == estate["williams"]["account_ref"]
    assert hit | {"score": None} == {
        "account_ref": estate["williams"]["account_ref"], "account_type": "rent",
        "tenancy_ref": estate["williams"]["tenancy_ref"], "property_ref": estate["williams"]["property_ref"],
        "lead_tenant": "Gareth Williams", "address": ["12 Acacia Avenue", "Leeds"], "postcode": "LS6 2AB",
        "balance": "0.00", "status": "open", "patch": "LS01", "matched_on": "name", "score": None}
    assert hit["score"] == 1
    assert estate["thompson"]["account_ref"] not in [h["account_ref"] for h in rest]


async def test_a_partial_surname_with_a_typo_still_finds_the_tenant(billing, token, estate):
    assert [h["account_ref"] for h in await search(billing, token, "Thompsn")][:1] == [
        estate["thompson"]["account_ref"]]
    found = [h["account_ref"] for h in await search(billing, token, "willaims")]
    assert found[0] == estate["williams"]["account_ref"]


async def test_a_postcode_matches_whatever_its_spacing_and_case(billing, token, estate):
    for q in ("ls6 2ab", "LS62AB", " Ls6  2Ab "):
        hits = await search(billing, token, q)
        assert [h["account_ref"] for h in hits] == [estate["williams"]["account_ref"]], q
        assert hits[0]["matched_on"] == "postcode"


async def test_a_partial_address_finds_the_home(billing, token, estate):
    hits = await search(billing, token, "40 kirkstall rd")
    assert hits[0]["account_ref"] == estate["thompson"]["account_ref"]
    assert hits[0]["matched_on"] == "address"


async def test_an_exact_reference_ranks_first_then_partial_references(billing, token, estate):
    ref = estate["thompson"]["account_ref"]
    hits = await search(billing, token, ref)
    assert hits[0] | {"score": 1.0} == hits[0] and hits[0]["account_ref"] == ref
    assert hits[0]["matched_on"] == "account_ref"
    tenancy = estate["patel"]["tenancy_ref"].lower()
    assert [h["account_ref"] for h in await search(billing, token, tenancy)] == [estate["patel"]["account_ref"]]
    partial = await search(billing, token, ref[:6])
    assert ref in [h["account_ref"] for h in partial] and partial[0]["matched_on"] == "account_ref"


async def test_a_legacy_reference_finds_the_account_it_aliases(billing, token, estate):
    ref = estate["patel"]["account_ref"]
    async with billing.app.state.runtime.session_factory() as session:
        await session.execute(text(
            "INSERT INTO migration_batch (extract_id, source_system, cut_over_date, checksum, counts, control_total,"
            " reconciliation, loaded_by) VALUES ('X1', 'legacy', '2026-04-01', 'c', '{}', 0, '{}', 't')"))
        await session.execute(text("INSERT INTO legacy_account_ref VALUES ('OHMS-00421', :ref, 'X1')"), {"ref": ref})
        await session.commit()
    hits = await search(billing, token, "ohms-00421")
    assert [(h["account_ref"], h["matched_on"], h["score"]) for h in hits] == [(ref, "legacy_ref", 1.0)]


async def test_exact_matches_rank_above_similar_names(billing, token, estate):
    hits = await search(billing, token, "williams")
    refs = [h["account_ref"] for h in hits]
    assert refs.index(estate["williams"]["account_ref"]) < refs.index(estate["williamson"]["account_ref"])
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


async def test_an_officer_sees_only_accounts_in_their_patches(billing, token, dev_issuer, estate):
    def officer(patches):
        return {"Authorization": f"Bearer {dev_issuer.mint('p.officer', ['rent_officer'], patches=patches)}"}

    for patches, expected in ((["LS02"], [estate["patel"]["account_ref"]]), (["N9"], [])):
        response = await billing.get("/search", params={"q": "leeds"}, headers=officer(patches))
        assert [h["account_ref"] for h in response.json()["items"]] == expected, patches
    senior = {"Authorization": f"Bearer {dev_issuer.mint('s', ['senior_officer'], patches=['N9'])}"}
    everyone = (await billing.get("/search", params={"q": "leeds"}, headers=senior)).json()["items"]
    assert len(everyone) == 3


async def test_results_page_with_limit_and_offset(billing, token, estate):
    first = (await billing.get("/search", params={"q": "leeds", "limit": 2}, headers=token(*OFFICER))).json()
    second = (await billing.get("/search", params={"q": "leeds", "limit": 2, "offset": 2},
                                headers=token(*OFFICER))).json()
    assert first["more"] is True and second["more"] is False
    assert len(first["items"]) == 2 and len(second["items"]) == 1
    assert not {h["account_ref"] for h in first["items"]} & {h["account_ref"] for h in second["items"]}


async def test_bad_queries_are_refused_naming_the_field(billing, token):
    for params in ({"q": "x"}, {"q": "   "}, {"q": "a" * 101}, {"q": "smith", "limit": 0},
                   {"q": "smith", "offset": -1}, {}):
        response = await billing.get("/search", params=params, headers=token(*OFFICER))
        assert response.status_code == 422, params
        assert response.headers["content-type"] == "application/problem+json"
        assert any(e["loc"][-1] in ("q", "limit", "offset") for e in response.json()["errors"]), params


async def test_search_needs_a_staff_role(billing, token):
    assert (await billing.get("/search", params={"q": "smith"})).status_code == 401
    assert (await billing.get("/search", params={"q": "smith"}, headers=token("sys", "system"))).status_code == 403
