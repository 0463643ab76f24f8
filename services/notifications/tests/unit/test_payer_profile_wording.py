"""Arrears letters fit how the tenant pays (LetterRequested.data.payer_profile, judged by
recovery): a Universal Credit claimant reads about managed payments and their work coach,
a Housing Benefit tenant about their claim, a Direct Debit payer about the amount, a cash
payer about the ways to pay. A request without the field reads as the letter always did."""

from __future__ import annotations

import pytest

from notifications.adapters import templates
from notifications.domain.catalogue import letter_data, letter_type_for
from notifications.domain.exceptions import InvalidLetterRequest
from notifications.service_layer.rendering import render_letter
from services.notifications.tests.samples import ACCOUNT, ARREARS_FULL, LANDLORD, RECIPIENT, SAMPLES, requested
from services.notifications.tests.unit.pdf_text import pdf_text
from services.notifications.tests.unit.test_templates import LETTER_DATE, context_for
from shared.contracts.letters import ARREARS_LETTERS, PayerProfile

NOSP = next(s for s in SAMPLES if s.letter_type == "nosp_cover_letter").full.data
TENANT_LETTERS = ("arrears_reminder", "arrears_first_letter", "arrears_second_letter", "court_warning_letter",
                  "nosp_cover_letter")
LEASEHOLD_LETTERS = ("leasehold_reminder", "leasehold_final_reminder")
BENEFITS = {PayerProfile.UNIVERSAL_CREDIT, PayerProfile.FULL_HB, PayerProfile.PART_HB}

# What only the letter for that profile says.
MARKER = {
    PayerProfile.UNIVERSAL_CREDIT: "You get Universal Credit.",
    PayerProfile.FULL_HB: "Your rent is paid by Housing Benefit.",
    PayerProfile.PART_HB: "Housing Benefit pays only part of your rent.",
    PayerProfile.DD_PAYER: "You pay by Direct Debit.",
    PayerProfile.FAILED_DD: "Your last Direct Debit payment was returned unpaid by your bank.",
    PayerProfile.BROKEN_ARRANGEMENT: "You have not kept to your arrangement.",
    PayerProfile.SELF_PAYER: "Please pay your rent regularly.",
}
# And what it goes on to tell them.
WORDING = {
    PayerProfile.UNIVERSAL_CREDIT: ["managed payment, also called an Alternative Payment Arrangement or APA",
                                    "tell your work coach", "online journal",
                                    "We can check with you that you get all the benefit you are entitled to"],
    PayerProfile.FULL_HB: ["contact the council's Housing Benefit team now to check your claim",
                           "We can check with you that you get all the benefit you are entitled to"],
    PayerProfile.PART_HB: ["You must pay the rest (the shortfall) yourself every week",
                           "Discretionary Housing Payment", "council's Housing Benefit team"],
    PayerProfile.DD_PAYER: ["to change the amount of your Direct Debit so that it includes an amount towards the "
                            "arrears", "at least 10 working days before we collect a new amount"],
    PayerProfile.FAILED_DD: ["pay the missed amount now in another way",
                             "if your Direct Debit has been cancelled or you want to change its amount or date"],
    PayerProfile.BROKEN_ARRANGEMENT: ["to agree a new arrangement you can afford"],
    PayerProfile.SELF_PAYER: ["Rent is due every week in advance.", "You can pay in any of the ways listed below.",
                              "With your payment card at any PayPoint", "Direct Debit is the easiest way"],
}


def letter_for(letter_type: str, profile: str | None = None):
    data = dict(NOSP if letter_type == "nosp_cover_letter" else ARREARS_FULL)
    if profile is not None:
        data["payer_profile"] = profile
    return requested(letter_type, data)


def pdf_of(event, version: int | None = None) -> str:
    rendered = render_letter(letter_type_for(event), event, recipient=RECIPIENT, landlord=LANDLORD,
                             account_ref=ACCOUNT, letter_date=LETTER_DATE, version=version)
    return pdf_text(rendered.pdf)


def html_text(letter_type: str, profile: str | None) -> str:
    letter, context = context_for(letter_for(letter_type, profile))
    return " ".join(templates.render(letter.name, templates.version_to_use(letter.name), "letter.html",
                                     context).split())


@pytest.mark.parametrize("profile", list(PayerProfile))
def test_arrears_letter_pdf_speaks_to_how_the_tenant_pays(profile):
    text = pdf_of(letter_for("arrears_first_letter", profile))
    for expected in [MARKER[profile], *WORDING[profile], "£412.30", "7 December 2026"]:
        assert expected in text, f"{expected!r} missing from the {profile} letter"
    for other, marker in MARKER.items():
        if other != profile:
            assert marker not in text, f"the {profile} letter also says {marker!r}"
    claiming = "We can help you claim Housing Benefit or the housing costs of Universal Credit"
    assert (claiming in text) is (profile not in BENEFITS)


@pytest.mark.parametrize("letter_type", ["court_warning_letter", "nosp_cover_letter"])
def test_a_universal_credit_tenant_facing_court_is_told_about_managed_payments(letter_type):
    text = pdf_of(letter_for(letter_type, "universal_credit"))
    assert "Alternative Payment Arrangement or APA" in text
    assert "Tell your work coach, through your journal, straight away" in text


@pytest.mark.parametrize("letter_type", TENANT_LETTERS)
@pytest.mark.parametrize("profile", list(PayerProfile))
def test_every_tenant_arrears_stage_letter_adapts_to_each_profile(letter_type, profile):
    text = html_text(letter_type, profile)
    assert MARKER[profile] in text
    assert all(marker not in text for other, marker in MARKER.items() if other != profile)


@pytest.mark.parametrize("letter_type", LEASEHOLD_LETTERS)
@pytest.mark.parametrize("profile", list(PayerProfile))
def test_leaseholders_are_written_to_about_service_charges_not_rent_benefits(letter_type, profile):
    text = html_text(letter_type, profile)
    assert "Universal Credit" not in text and "Housing Benefit" not in text
    assert "Please pay your rent" not in text and "your rent and clear" not in text
    if profile is PayerProfile.DD_PAYER:
        assert "Your Direct Debit is not enough to pay your service charges and clear the arrears" in text
    if profile is PayerProfile.SELF_PAYER:
        assert "Please pay your service charges regularly." in text
        assert "Please pay each charge by the date it is due." in text


@pytest.mark.parametrize("letter_type", ARREARS_LETTERS)
def test_a_request_without_a_payer_profile_still_renders_as_before(letter_type):
    event = letter_for(letter_type)
    assert "payer_profile" not in event.data
    assert letter_data(letter_type_for(event), event).payer_profile is None
    newest = pdf_of(event)
    assert all(marker not in newest for marker in MARKER.values())
    if letter_type != "court_warning_letter":  # v2 of the court warning adds the ways to pay
        assert newest == pdf_of(event, version=1)


@pytest.mark.parametrize("letter_type", [*ARREARS_LETTERS, "nosp_cover_letter"])
@pytest.mark.parametrize("profile", [None, *PayerProfile])
def test_text_message_still_fits_two_sms_fragments_for_every_profile(letter_type, profile):
    letter, context = context_for(letter_for(letter_type, profile))
    summary = templates.render(letter.name, templates.version_to_use(letter.name), "summary.txt", context)
    assert len(summary) <= 306, summary
    assert "\n" not in summary and "  " not in summary
    if profile is PayerProfile.UNIVERSAL_CREDIT and not letter_type.startswith("leasehold"):
        assert summary.endswith("Ask your work coach about a managed payment of your housing costs to us.")


def test_a_payer_profile_recovery_does_not_send_is_invalid_letter_data():
    event = letter_for("arrears_second_letter", "pays_in_gold")
    with pytest.raises(InvalidLetterRequest, match=r"payer_profile: Input should be 'full_hb'") as refused:
        letter_data(letter_type_for(event), event)
    assert refused.value.reason == "invalid_letter_data"
