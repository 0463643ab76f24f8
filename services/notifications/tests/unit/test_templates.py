"""Every letter type's template: filled from the least its event carries (strictly, so a
template naming data the event lacks fails here, not at send time), rendered to a PDF
whose text shows the tenant's name, the amounts and the dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from jinja2 import DictLoader, UndefinedError

from notifications.adapters import templates
from notifications.domain.catalogue import LETTER_TYPES, letter_type_for, template_context
from notifications.service_layer.rendering import render_letter
from services.notifications.tests.samples import ACCOUNT, LANDLORD, RECIPIENT, SAMPLES, Sample
from services.notifications.tests.unit.pdf_text import pdf_text, type_size_of
from shared.contracts.payments import DirectDebitNoticeDueV1
from shared.money import Money

LETTER_DATE = date(2026, 11, 23)
BY_NAME = {s.letter_type: s for s in SAMPLES}


def context_for(sample_event, large_print=False):
    letter = letter_type_for(sample_event)
    return letter, template_context(letter, sample_event, recipient=RECIPIENT, landlord=LANDLORD,
                                    account_ref=ACCOUNT, letter_date=LETTER_DATE, large_print=large_print)


def only_required_fields(model) -> bool:
    """True when a sample sets nothing its contract does not require (recursively for the data)."""
    required = {name for name, f in type(model).model_fields.items() if f.is_required()}
    letter = letter_type_for(model)
    if model.model_fields_set - {"data"} != required:
        return False
    if letter.data_model is not None:
        data_required = {n for n, f in letter.data_model.model_fields.items() if f.is_required()}
        return set(model.data) == data_required
    return True


def test_every_letter_type_has_a_template_and_a_sample():
    assert set(BY_NAME) == set(LETTER_TYPES)
    for name in LETTER_TYPES:
        assert templates.versions(name), f"{name} has no template"


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.letter_type)
def test_template_fills_from_the_least_its_event_carries(sample: Sample):
    assert letter_type_for(sample.minimal).name == sample.letter_type
    assert only_required_fields(sample.minimal), "the minimal sample must set only required fields"
    letter, context = context_for(sample.minimal)
    for part in ("letter.html", "summary.txt"):
        for version in templates.versions(letter.name):
            assert templates.render(letter.name, version, part, context)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.letter_type)
def test_pdf_shows_the_tenants_names_amounts_and_dates(sample: Sample):
    letter = letter_type_for(sample.full)
    rendered = render_letter(letter, sample.full, recipient=RECIPIENT, landlord=LANDLORD, account_ref=ACCOUNT,
                             letter_date=LETTER_DATE)
    assert rendered.pdf.startswith(b"%PDF-")
    text = pdf_text(rendered.pdf)
    for expected in ["Alex Example and Sam Example", "12 Acacia Avenue", "E8 1AB", "Borough of Example",
                     "23 November 2026", ACCOUNT, *sample.expect]:
        assert expected in text, f"{expected!r} missing from the {sample.letter_type} PDF"


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.letter_type)
def test_text_message_fits_in_two_sms_fragments(sample: Sample):
    letter, context = context_for(sample.full)
    summary = templates.render(letter.name, templates.version_to_use(letter.name), "summary.txt", context)
    assert len(summary) <= 306, summary
    assert "\n" not in summary


def test_a_template_naming_data_the_event_lacks_fails():
    env = templates.environment().overlay(loader=DictLoader({"bad.html.j2": "{{ event.arrears_on_moon }}"}))
    _, context = context_for(BY_NAME["rent_variation_notice"].full)
    with pytest.raises(UndefinedError, match="arrears_on_moon"):
        env.get_template("bad.html.j2").render(**context)


def test_an_optional_field_left_out_cannot_print_as_none():
    # arrears letters guard pay_by; a money or date filter given None refuses rather than printing "None".
    _, context = context_for(BY_NAME["arrears_first_letter"].minimal)
    env = templates.environment().overlay(loader=DictLoader({"bad.txt.j2": "{{ letter.pay_by|longdate }}"}))
    with pytest.raises(TypeError, match="not a date"):
        env.get_template("bad.txt.j2").render(**context)


def test_large_print_sets_the_letter_in_18_point_type():
    sample = BY_NAME["rent_variation_notice"].full
    letter = letter_type_for(sample)
    standard, large = (
        render_letter(letter, sample, recipient=RECIPIENT, landlord=LANDLORD, account_ref=ACCOUNT,
                      letter_date=LETTER_DATE, large_print=lp)
        for lp in (False, True)
    )
    assert type_size_of(standard.pdf, "This is formal notice") == 11.0
    assert type_size_of(large.pdf, "This is formal notice") == 18.0
    assert "£127.94" in pdf_text(large.pdf)


def test_user_data_is_escaped_in_letters():
    sample = BY_NAME["service_charge_invoice"].full
    hostile = sample.model_copy(update={"lines": [{"description": "<b>Caretaking</b>", "amount": "1.00"}]})
    _, context = context_for(hostile)
    html = templates.render("service_charge_invoice", 1, "letter.html", context)
    assert "&lt;b&gt;Caretaking&lt;/b&gt;" in html


def test_year_end_credit_is_worded_as_a_credit_not_a_demand():
    sample = BY_NAME["service_charge_year_end_statement"].full
    credit = sample.model_copy(update={"amount": -sample.amount})
    letter = letter_type_for(credit)
    rendered = render_letter(letter, credit, recipient=RECIPIENT, landlord=LANDLORD, account_ref=ACCOUNT,
                             letter_date=LETTER_DATE)
    text = pdf_text(rendered.pdf)
    assert "We have credited £86.20 to your account" in text
    assert "balancing charge" not in text
    assert "a credit of £86.20" in rendered.summary


def test_a_direct_debit_notice_whose_amounts_differ_does_not_present_the_first_as_the_regular_one():
    def notice(*amounts: str) -> str:
        event = DirectDebitNoticeDueV1(
            mandate_id=BY_NAME["dd_advance_notice"].full.mandate_id, account_ref=ACCOUNT, notice_reason="new_mandate",
            frequency="fortnightly", first_collection_date=date(2027, 3, 19), amount=Money(amounts[0]),
            collections=[(date(2027, 3, 19) + timedelta(weeks=2 * n), Money(a))
                         for n, a in enumerate(amounts)], send_by=date(2027, 3, 5))
        letter = letter_type_for(event)
        return " ".join(pdf_text(render_letter(letter, event, recipient=RECIPIENT, landlord=LANDLORD,
                                               account_ref=ACCOUNT, letter_date=LETTER_DATE).pdf).split())

    varied = notice("100.00", "200.00", "200.00")
    assert "We will collect £100.00 fortnightly" not in varied
    assert "starting on 19 March 2027 with £100.00" in varied and "each collection's date and amount" in varied
    assert "2 April 2027" in varied and "£200.00" in varied
    regular = notice("200.00", "200.00")
    assert "We will collect £200.00 fortnightly, starting on 19 March 2027." in regular
