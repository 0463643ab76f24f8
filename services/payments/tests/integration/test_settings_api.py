"""Payments settings live in the database: read, changed by a senior officer with a reason
(audited), and refused when a value breaks its rule."""

from __future__ import annotations

from .support import scalar


async def test_a_senior_officer_changes_the_notice_period_and_the_change_is_audited(payments, token):
    senior = token("s.officer", "senior_officer")
    assert (await payments.get("/settings", headers=senior)).json()["dd_notice_working_days"] == 10
    response = await payments.put("/settings/dd_notice_working_days", json={"value": 14, "reason": "policy 2027"},
                                  headers=senior)
    assert response.status_code == 200, response.text
    assert response.json()["dd_notice_working_days"] == 14
    audit = await scalar(payments.app, "SELECT before::text || ' ' || after::text || ' ' || reason FROM audit_log")
    assert audit == '{"value": 10} {"value": 14} policy 2027'


async def test_a_notice_period_under_the_direct_debit_guarantee_is_refused(payments, token):
    senior = token("s.officer", "senior_officer")
    short = await payments.put("/settings/dd_notice_working_days", json={"value": 5, "reason": "x"}, headers=senior)
    assert (short.status_code, short.json()["detail"]) == (422, "dd_notice_working_days must be a whole number "
                                                                "from 10 to 30")
    unknown = await payments.put("/settings/colour", json={"value": 1, "reason": "x"}, headers=senior)
    assert unknown.status_code == 422 and "unknown setting 'colour'" in unknown.json()["detail"]
    officer = await payments.put("/settings/dd_notice_working_days", json={"value": 12, "reason": "x"},
                                 headers=token("i", "income_officer"))
    assert officer.status_code == 403
