"""Form keys and errors, and how a service's answers to a POST reach the form."""

from __future__ import annotations

import httpx
import pytest

from console.backends import Invalid, Recovery, ServiceUnavailable
from console.forms import FormErrors, form_key_of, new_form_key


def test_a_form_key_is_fresh_per_rendered_form_and_only_ours_are_accepted():
    first, second = new_form_key(), new_form_key()
    assert first != second
    assert form_key_of({"form_key": first}) == first
    assert form_key_of({"form_key": "../../etc"}) is None
    assert form_key_of({}) is None


def test_the_summary_lists_each_fields_problem_in_the_forms_order_linking_to_its_input():
    errors = FormErrors.from_service({"instalment": "Too much", "frequency": "Choose one", "tenancy": "Closed"},
                                     known=["frequency", "instalment"])
    assert errors["frequency"] == "Choose one"
    assert errors.summary(["frequency", "instalment"], ids={"frequency": "frequency-weekly"}) == [
        {"text": "Choose one", "href": "#frequency-weekly"},
        {"text": "Too much", "href": "#instalment"},
        {"text": "Closed"},
    ]
    assert not FormErrors()


def recovery(handler) -> Recovery:
    return Recovery("recovery", "http://recovery", httpx.AsyncClient(transport=httpx.MockTransport(handler)), 5)


async def test_a_post_carries_the_forms_key_and_a_422_becomes_the_problems_by_field():
    seen = {}

    def answer(request: httpx.Request) -> httpx.Response:
        seen["key"] = request.headers.get("idempotency-key")
        return httpx.Response(422, json={
            "title": "Request is not valid", "detail": "2 problem(s) in the request",
            "errors": [{"loc": ["body", "instalment"], "msg": "instalment is not affordable"},
                       {"loc": ["body", "income", 0, "amount"], "msg": "must be positive"}]})

    with pytest.raises(Invalid) as refused:
        await recovery(answer).post("/accounts/1/arrangements", "token", {"x": 1}, idempotency_key="k" * 32)
    assert seen["key"] == "k" * 32
    assert refused.value.fields == {"instalment": "instalment is not affordable", "amount": "must be positive"}


async def test_a_conflict_without_field_errors_is_the_forms_own_problem():
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(409, json={"title": "Conflict", "detail": "the arrangement is not active"})

    with pytest.raises(Invalid) as refused:
        await recovery(answer).post("/arrangements/1/cancel", "token", {"reason": "x"})
    assert refused.value.fields == {"": "the arrangement is not active"}


async def test_a_service_that_does_not_answer_is_unavailable():
    def answer(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    with pytest.raises(ServiceUnavailable):
        await recovery(answer).post("/accounts/1/pause", "token", {})
