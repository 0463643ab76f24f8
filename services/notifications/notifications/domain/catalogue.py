"""The letters notifications can send: which event asks for each, what data its
template gets, and whether the law wants it on paper."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from notifications.domain.exceptions import InvalidLetterRequest
from shared.contracts.billing import RentVariedV1, ServiceChargeInvoicedV1
from shared.contracts.envelope import EventData
from shared.contracts.letters import LETTER_DATA
from shared.contracts.payments import DirectDebitNoticeDueV1, MandateCancelledV1, PaymentReversedV1
from shared.contracts.recovery import ArrangementBreachedV1, ArrangementCreatedV1, LetterRequestedV1
from shared.contracts.refunds import RefundIssuedV1


@dataclass(frozen=True)
class LetterType:
    name: str
    title: str
    source: type[EventData]
    # Statutory notices must be given in writing: always posted, whatever the preference.
    in_writing_only: bool = False
    # Letters to a former tenant go to the forwarding address when there is one.
    to_forwarding_address: bool = False

    @property
    def data_model(self) -> type[BaseModel] | None:
        return LETTER_DATA.get(self.name) if self.source is LetterRequestedV1 else None


_REQUESTED = LetterRequestedV1
LETTER_TYPES: dict[str, LetterType] = {
    lt.name: lt
    for lt in (
        LetterType("rent_variation_notice", "Notice of variation of rent", RentVariedV1, in_writing_only=True),
        LetterType("dd_advance_notice", "Advance notice of your Direct Debit", DirectDebitNoticeDueV1),
        LetterType("arrangement_confirmation", "Your arrangement to clear your arrears", ArrangementCreatedV1),
        LetterType("arrangement_breach", "You have not kept your arrangement", ArrangementBreachedV1),
        LetterType("refund_confirmation", "Your refund", RefundIssuedV1),
        LetterType("payment_returned_notice", "A payment to your account was returned", PaymentReversedV1),
        LetterType("dd_cancellation_notice", "Your Direct Debit has been cancelled", MandateCancelledV1),
        LetterType("service_charge_invoice", "Service charge invoice", ServiceChargeInvoicedV1),
        LetterType("service_charge_year_end_statement", "Service charge year-end statement",
                   ServiceChargeInvoicedV1),
        LetterType("arrears_reminder", "Your rent account", _REQUESTED),
        LetterType("arrears_first_letter", "Your rent account is in arrears", _REQUESTED),
        LetterType("arrears_second_letter", "Your rent arrears: second letter", _REQUESTED),
        LetterType("court_warning_letter", "Warning: court action for rent arrears", _REQUESTED),
        LetterType("nosp_cover_letter", "Notice of Seeking Possession", _REQUESTED, in_writing_only=True),
        LetterType("leasehold_reminder", "Your service charge account", _REQUESTED),
        LetterType("leasehold_final_reminder", "Final reminder: your service charge account", _REQUESTED),
        LetterType("pre_action_protocol_letter", "Letter of claim", _REQUESTED, in_writing_only=True),
        LetterType("fta_letter", "Former tenant arrears", _REQUESTED, to_forwarding_address=True),
        LetterType("account_statement", "Statement of your account", _REQUESTED),
    )
}

# Event type -> the letter it asks for (LetterRequested names its own; see letter_type_for).
LETTER_FOR_EVENT = {
    "RentVaried": "rent_variation_notice",
    "DirectDebitNoticeDue": "dd_advance_notice",
    "ArrangementCreated": "arrangement_confirmation",
    "ArrangementBreached": "arrangement_breach",
    "RefundIssued": "refund_confirmation",
    "ServiceChargeInvoiced": "service_charge_invoice",
    "PaymentReversed": "payment_returned_notice",
    "MandateCancelled": "dd_cancellation_notice",
}

# Benefit recovered by the benefits service is explained by the benefits service's own letters.
_NO_LETTER_REVERSALS = {"housing_benefit", "universal_credit"}
# A mandate cancelled because the tenancy ended needs no letter of its own.
_NO_LETTER_CANCELLATIONS = {"TENANCY-ENDED"}


def letter_type_for(event: EventData) -> LetterType | None:
    """The letter an event asks for (None: this one needs none); refuses a request this
    service cannot honour."""
    if isinstance(event, LetterRequestedV1):
        letter = LETTER_TYPES.get(event.letter_type)
        if letter is None or letter.source is not LetterRequestedV1:
            raise InvalidLetterRequest(f"unknown letter type {event.letter_type!r}", reason="unknown_letter_type")
        return letter
    if isinstance(event, ServiceChargeInvoicedV1) and event.invoice_type == "balancing":
        # The balancing charge or credit after the year's actual costs are known.
        return LETTER_TYPES["service_charge_year_end_statement"]
    if isinstance(event, PaymentReversedV1) and event.method.value in _NO_LETTER_REVERSALS:
        return None
    if isinstance(event, MandateCancelledV1) and event.reason_code in _NO_LETTER_CANCELLATIONS:
        return None
    return LETTER_TYPES[LETTER_FOR_EVENT[event.event_type]]


def letter_data(letter: LetterType, event: EventData) -> BaseModel | None:
    """The validated ``data`` of a LetterRequested (None for letters other events ask for)."""
    model = letter.data_model
    if model is None:
        return None
    assert isinstance(event, LetterRequestedV1)
    try:
        return model.model_validate(event.data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise InvalidLetterRequest(
            f"data for {letter.name} is not valid: {problems}", reason="invalid_letter_data"
        ) from None


def template_context(letter: LetterType, event: EventData, **common: Any) -> dict[str, Any]:
    """What a template sees: the event, the letter's data (LetterRequested), and the
    recipient, landlord and dates every letter has."""
    return {"event": event, "letter": letter_data(letter, event), "letter_type": letter, **common}
