"""A console form's retry reaches recovery once: accept, skip and record-action take an
optional Idempotency-Key (the rendered form's key); a retry replays the first answer."""

from __future__ import annotations

from datetime import date, timedelta

MONDAY = date(2026, 6, 1)


async def in_arrears(recovery, ref: str) -> None:
    await recovery.tenancy(ref)
    await recovery.apply(recovery.feed.debit_week(MONDAY, [ref]))


async def diary(recovery, ref: str) -> list[dict]:
    return (await recovery.client.get(f"/accounts/{ref}/actions", headers=recovery.officer)).json()


async def test_accepting_twice_with_one_key_records_one_action(recovery):
    ref = "10000016"
    await in_arrears(recovery, ref)
    await recovery.run(MONDAY + timedelta(days=2))
    [rec] = await recovery.recommendations(ref, MONDAY + timedelta(days=2))
    url = f"/recommendations/{rec['recommendation_id']}/accept"
    headers = {**recovery.officer, "Idempotency-Key": "accept-form-0001"}
    first = await recovery.client.post(url, headers=headers, json={})
    assert first.status_code == 201, first.text
    again = await recovery.client.post(url, headers=headers, json={})
    assert (again.status_code, again.headers.get("Idempotent-Replay"), again.json()) == (201, "true", first.json())
    assert [a["action_id"] for a in await diary(recovery, ref)] == [first.json()["action_id"]]
    # Without a key a second accept is refused as before: the recommendation is no longer open.
    assert (await recovery.client.post(url, headers=recovery.officer, json={})).status_code == 409


async def test_skipping_twice_with_one_key_answers_204_both_times(recovery):
    ref = "10000024"
    await in_arrears(recovery, ref)
    await recovery.run(MONDAY + timedelta(days=2))
    [rec] = await recovery.recommendations(ref, MONDAY + timedelta(days=2))
    url = f"/recommendations/{rec['recommendation_id']}/skip"
    headers = {**recovery.officer, "Idempotency-Key": "skip-form-00001"}
    body = {"reason": "other", "note": "spoke to the tenant yesterday"}
    first = await recovery.client.post(url, headers=headers, json=body)
    assert (first.status_code, first.content) == (204, b"")
    again = await recovery.client.post(url, headers=headers, json=body)
    assert (again.status_code, again.content, again.headers.get("Idempotent-Replay")) == (204, b"", "true")
    [skipped] = await recovery.recommendations(ref, MONDAY + timedelta(days=2))
    assert (skipped["status"], skipped["skip_reason"], skipped["skip_note"]) == (
        "skipped", "other", "spoke to the tenant yesterday")
    reused = await recovery.client.post(url, headers=headers, json={"reason": "other", "note": "something else"})
    assert reused.status_code == 422


async def test_recording_a_note_twice_with_one_key_records_one_note(recovery):
    ref = "10000032"
    await in_arrears(recovery, ref)
    body = {"action": "note", "taken_on": date.today().isoformat(), "notes": "tenant called about UC"}
    headers = {**recovery.officer, "Idempotency-Key": "note-form-00001"}
    first = await recovery.client.post(f"/accounts/{ref}/actions", headers=headers, json=body)
    assert first.status_code == 201, first.text
    again = await recovery.client.post(f"/accounts/{ref}/actions", headers=headers, json=body)
    assert (again.status_code, again.headers.get("Idempotent-Replay"), again.json()) == (201, "true", first.json())
    notes = [a for a in await diary(recovery, ref) if a["action"] == "note"]
    assert [n["details"].get("notes") for n in notes] == ["tenant called about UC"]
    # No key: each post is its own note, as before.
    await recovery.client.post(f"/accounts/{ref}/actions", headers=recovery.officer, json=body)
    assert len([a for a in await diary(recovery, ref) if a["action"] == "note"]) == 2
