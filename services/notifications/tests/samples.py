"""Events and letter data for template tests: for each letter type a *minimal* event
(only the fields its contract requires, so a template that leans on an optional field
fails) and a *full* one whose names, amounts and dates the PDF text is checked for."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from notifications.domain.configuration import Landlord
from notifications.domain.recipients import Contact, Recipient
from shared.contracts.billing import ChargeLine, RentVariedV1, ServiceChargeInvoicedV1
from shared.contracts.envelope import EventData
from shared.contracts.payments import DirectDebitNoticeDueV1, MandateCancelledV1, PaymentReversedV1
from shared.contracts.recovery import ArrangementBreachedV1, ArrangementCreatedV1, LetterRequestedV1
from shared.contracts.refunds import RefundIssuedV1
from shared.money import Money

ACCOUNT = "10000016"
FIXED_ID = uuid.UUID("00000000-0000-4000-8000-000000000001")

LANDLORD = Landlord(
    name="Borough of Example", department="Income Services", address=["Town Hall", "1 Mare Street", "London"],
    postcode="E8 1EA", phone="020 7946 0000", email="rents@example.gov.uk", website="example.gov.uk/rent",
    office_hours="Monday to Friday, 9am to 5pm",
    payment_methods=["Online at example.gov.uk/pay", "By phone on 0300 123 4567",
                     "With your payment card at any PayPoint"],
    signatory_name="Jo Bloggs", signatory_title="Head of Income Services",
)
RECIPIENT = Recipient(
    names=["Alex Example", "Sam Example"], address=["Flat 3", "12 Acacia Avenue", "London", "E8 1AB"],
    lead=Contact(person_id="PER-1", name="Alex Example", is_lead=True,
                 address=["Flat 3", "12 Acacia Avenue", "London", "E8 1AB"]),
)


@dataclass(frozen=True)
class Sample:
    letter_type: str
    minimal: EventData
    full: EventData
    # Text the full sample's PDF must show: amounts and dates as the tenant reads them.
    expect: list[str] = field(default_factory=list)


def requested(letter_type: str, data: dict) -> LetterRequestedV1:
    return LetterRequestedV1(request_id=FIXED_ID, letter_type=letter_type, account_ref=ACCOUNT, data=data,
                             requested_by="i.officer")


ARREARS_MINIMAL = {"balance": "412.30", "as_at": "2026-11-23"}
ARREARS_FULL = {**ARREARS_MINIMAL, "weekly_charge": "119.58", "weeks_in_arrears": "3.45", "pay_by": "2026-12-07",
                "officer_name": "Pat Officer", "officer_phone": "020 7946 0123"}
ARREARS_EXPECT = ["£412.30", "23 November 2026", "£119.58", "3.4", "7 December 2026", "Pat Officer"]

SAMPLES = [
    Sample(
        "rent_variation_notice",
        RentVariedV1(account_ref=ACCOUNT, effective_from=date(2027, 4, 5), old_weekly_total=Money("119.58"),
                     new_weekly_total=Money("127.94"), charges=[], notice_required_by=date(2027, 3, 8)),
        RentVariedV1(account_ref=ACCOUNT, tenancy_ref="T-1", effective_from=date(2027, 4, 5),
                     old_weekly_total=Money("119.58"), new_weekly_total=Money("127.94"),
                     charges=[ChargeLine(charge_type="rent", weekly_amount=Money("120.34"), benefit_eligible=True),
                              ChargeLine(charge_type="service_charge", weekly_amount=Money("7.60"),
                                         benefit_eligible=True)],
                     notice_required_by=date(2027, 3, 8)),
        ["5 April 2027", "£127.94", "£119.58", "£120.34", "£7.60"],
    ),
    Sample(
        "dd_advance_notice",
        DirectDebitNoticeDueV1(mandate_id=FIXED_ID, account_ref=ACCOUNT, notice_reason="new_mandate",
                               frequency="monthly", first_collection_date=date(2026, 12, 1), amount=Money("518.18"),
                               send_by=date(2026, 11, 17)),
        DirectDebitNoticeDueV1(mandate_id=FIXED_ID, account_ref=ACCOUNT, notice_reason="amount_change",
                               frequency="monthly", first_collection_date=date(2026, 12, 1), amount=Money("518.18"),
                               collections=[(date(2026, 12, 1), Money("518.18")), (date(2027, 1, 1), Money("518.18"))],
                               send_by=date(2026, 11, 17)),
        ["£518.18", "1 December 2026", "1 January 2027", "Direct Debit Guarantee"],
    ),
    Sample(
        "arrangement_confirmation",
        ArrangementCreatedV1(arrangement_id=FIXED_ID, account_ref=ACCOUNT, amount=Money("10.00"), frequency="weekly",
                             start_date=date(2026, 11, 30), arrears_at_start=Money("412.30"),
                             weekly_charge=Money("119.58"), agreed_by="i.officer"),
        ArrangementCreatedV1(arrangement_id=FIXED_ID, account_ref=ACCOUNT, amount=Money("12.50"), frequency="weekly",
                             start_date=date(2026, 11, 30), arrears_at_start=Money("412.30"),
                             weekly_charge=Money("119.58"), agreed_by="i.officer"),
        ["£12.50", "£412.30", "£119.58", "30 November 2026"],
    ),
    Sample(
        "arrangement_breach",
        ArrangementBreachedV1(arrangement_id=FIXED_ID, account_ref=ACCOUNT, period_ending=date(2026, 12, 13),
                              expected=Money("132.08"), paid=Money("100.00"), reason="short"),
        ArrangementBreachedV1(arrangement_id=FIXED_ID, account_ref=ACCOUNT, period_ending=date(2026, 12, 13),
                              expected=Money("132.08"), paid=Money("100.00"), reason="short"),
        ["£132.08", "£100.00", "£32.08", "13 December 2026"],
    ),
    Sample(
        "refund_confirmation",
        RefundIssuedV1(refund_id=FIXED_ID, account_ref=ACCOUNT, amount=Money("75.40"), payee="tenant",
                       paid_on=date(2026, 11, 27), batch_id=FIXED_ID, reason="credit after tenancy end"),
        RefundIssuedV1(refund_id=FIXED_ID, account_ref=ACCOUNT, amount=Money("75.40"), payee="tenant",
                       paid_on=date(2026, 11, 27), batch_id=FIXED_ID, reason="credit after tenancy end"),
        ["£75.40", "27 November 2026"],
    ),
    Sample(
        "service_charge_invoice",
        ServiceChargeInvoicedV1(invoice_ref="SC-2027-0001", account_ref=ACCOUNT, invoice_type="estimate",
                                amount=Money("1234.56"), due_date=date(2027, 4, 30)),
        ServiceChargeInvoicedV1(invoice_ref="SC-2027-0001", account_ref=ACCOUNT, invoice_type="estimate",
                                period_from=date(2027, 4, 1), period_to=date(2028, 3, 31), amount=Money("1234.56"),
                                due_date=date(2027, 4, 30),
                                lines=[{"description": "Caretaking", "amount": "600.00"},
                                       {"description": "Communal lighting", "amount": "634.56"}]),
        ["SC-2027-0001", "£1,234.56", "30 April 2027", "1 April 2027", "31 March 2028", "Caretaking"],
    ),
    Sample(
        "service_charge_year_end_statement",
        ServiceChargeInvoicedV1(invoice_ref="SC-2026-BAL-7", account_ref=ACCOUNT, invoice_type="balancing",
                                amount=Money("86.20"), due_date=date(2026, 10, 31)),
        ServiceChargeInvoicedV1(invoice_ref="SC-2026-BAL-7", account_ref=ACCOUNT, invoice_type="balancing",
                                period_from=date(2025, 4, 1), period_to=date(2026, 3, 31), amount=Money("86.20"),
                                due_date=date(2026, 10, 31), lines=[{"description": "Repairs", "amount": "86.20"}]),
        ["SC-2026-BAL-7", "£86.20", "31 October 2026", "1 April 2025", "31 March 2026"],
    ),
    Sample(
        "payment_returned_notice",
        PaymentReversedV1(reversal_id=FIXED_ID, account_ref=ACCOUNT, amount=Money("518.18"), method="direct_debit",
                          reason_code="ARUDD-0", reason="refer to payer", reversed_on=date(2026, 12, 4),
                          source="file:1:3"),
        PaymentReversedV1(reversal_id=FIXED_ID, payment_id=FIXED_ID, account_ref=ACCOUNT, amount=Money("518.18"),
                          method="direct_debit", reason_code="ARUDD-0", reason="refer to payer",
                          reversed_on=date(2026, 12, 4), source="file:1:3"),
        ["£518.18", "4 December 2026", "refer to payer", "unpaid by your bank"],
    ),
    Sample(
        "dd_cancellation_notice",
        MandateCancelledV1(mandate_id=FIXED_ID, account_ref=ACCOUNT, cancelled_on=date(2026, 12, 2),
                           reason_code="ADDACS-1", reason="instruction cancelled by payer"),
        MandateCancelledV1(mandate_id=FIXED_ID, account_ref=ACCOUNT, cancelled_on=date(2026, 12, 2),
                           reason_code="ADDACS-1", reason="instruction cancelled by payer"),
        ["2 December 2026", "instruction cancelled by payer"],
    ),
    *[
        Sample(name, requested(name, ARREARS_MINIMAL), requested(name, ARREARS_FULL), ARREARS_EXPECT)
        for name in ("arrears_reminder", "arrears_first_letter", "arrears_second_letter", "court_warning_letter",
                     "leasehold_reminder", "leasehold_final_reminder")
    ],
    Sample(
        "nosp_cover_letter",
        requested("nosp_cover_letter", {"balance": "512.00", "as_at": "2026-11-23", "weekly_charge": "119.58",
                                        "served_on": "2026-11-24", "proceedings_from": "2026-12-22",
                                        "expires_on": "2027-11-24"}),
        requested("nosp_cover_letter", {"balance": "512.00", "as_at": "2026-11-23", "weekly_charge": "119.58",
                                        "served_on": "2026-11-24", "proceedings_from": "2026-12-22",
                                        "expires_on": "2027-11-24", "officer_name": "Pat Officer"}),
        ["£512.00", "24 November 2026", "22 December 2026", "24 November 2027", "£119.58"],
    ),
    Sample(
        "pre_action_protocol_letter",
        requested("pre_action_protocol_letter", {"balance": "2100.00", "as_at": "2026-11-23",
                                                 "respond_by": "2026-12-23", "debt_description": "major works"}),
        requested("pre_action_protocol_letter", {"balance": "2100.00", "as_at": "2026-11-23",
                                                 "respond_by": "2026-12-23",
                                                 "debt_description": "major works: roof renewal"}),
        ["£2,100.00", "23 December 2026", "roof renewal", "Reply form"],
    ),
    Sample(
        "fta_letter",
        requested("fta_letter", {"balance": "845.10", "as_at": "2026-11-23", "tenancy_ended_on": "2026-09-14",
                                 "property_address": ["12 Acacia Avenue", "London"]}),
        requested("fta_letter", {"balance": "845.10", "as_at": "2026-11-23", "tenancy_ended_on": "2026-09-14",
                                 "property_address": ["12 Acacia Avenue", "London"], "pay_by": "2026-12-21"}),
        ["£845.10", "14 September 2026", "21 December 2026", "12 Acacia Avenue"],
    ),
    Sample(
        "account_statement",
        requested("account_statement", {"period_from": "2026-11-02", "period_to": "2026-11-22",
                                        "opening_balance": "0.00", "closing_balance": "0.00"}),
        requested("account_statement", {
            "period_from": "2026-11-02", "period_to": "2026-11-22", "opening_balance": "-10.00",
            "closing_balance": "229.16",
            "lines": [{"on": "2026-11-02", "description": "Rent week 31", "amount": "119.58", "balance": "109.58"},
                      {"on": "2026-11-09", "description": "Rent week 32", "amount": "119.58", "balance": "229.16"},
                      {"on": "2026-11-12", "description": "Payment, thank you", "amount": "-50.00",
                       "balance": "179.16"},
                      {"on": "2026-11-16", "description": "Rent week 33", "amount": "119.58", "balance": "298.74"},
                      {"on": "2026-11-20", "description": "Housing Benefit", "amount": "-69.58",
                       "balance": "229.16"}]}),
        ["2 November 2026", "22 November 2026", "£10.00 in credit", "£229.16 owed", "£50.00", "Housing Benefit"],
    ),
]

ALL_LETTER_TYPES = [s.letter_type for s in SAMPLES]
WEEKS = Decimal("3.45")
