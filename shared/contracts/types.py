"""Field types shared by contracts."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

AccountRef = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[A-Z]{0,3}\d{5,12}$", max_length=15),
]
ExternalId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Actor = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class PaymentMethod(StrEnum):
    CASH = "cash"
    CARD = "card"
    BANK_TRANSFER = "bank_transfer"
    DIRECT_DEBIT = "direct_debit"
    STANDING_ORDER = "standing_order"
    CHEQUE = "cheque"
    HOUSING_BENEFIT = "housing_benefit"
    UNIVERSAL_CREDIT = "universal_credit"
    OTHER = "other"


class AccountType(StrEnum):
    RENT = "rent"
    TEMPORARY_ACCOMMODATION = "temporary_accommodation"
    LEASEHOLD = "leasehold"
    GARAGE = "garage"
    SUNDRY = "sundry"
    INSURANCE = "insurance"


class Tenure(StrEnum):
    SECURE = "secure"
    INTRODUCTORY = "introductory"
    FLEXIBLE = "flexible"
    TEMPORARY_ACCOMMODATION = "temporary_accommodation"
    LICENCE = "licence"
    LEASEHOLD = "leasehold"
    NONE = "none"


class ChargeType(StrEnum):
    RENT = "rent"
    SERVICE_CHARGE = "service_charge"
    HEATING = "heating"
    WATER = "water"
    HOME_CONTENTS_INSURANCE = "home_contents_insurance"
    GARAGE = "garage"
    SUPPORT = "support"
    COURT_COSTS = "court_costs"
    RECHARGEABLE_REPAIR = "rechargeable_repair"
    GROUND_RENT = "ground_rent"
    MAJOR_WORKS = "major_works"


class PostingType(StrEnum):
    CHARGE = "charge"
    PAYMENT = "payment"
    HB_CREDIT = "hb_credit"
    UC_CREDIT = "uc_credit"
    DD_COLLECTION = "dd_collection"
    PAYMENT_REVERSAL = "payment_reversal"
    DD_UNPAID = "dd_unpaid"
    HB_OVERPAYMENT = "hb_overpayment"
    ADJUSTMENT = "adjustment"
    TRANSFER = "transfer"
    WRITE_OFF = "write_off"
    REFUND = "refund"
    MIGRATED_BALANCE = "migrated_balance"

Postcode = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"(?i)^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$"),
    AfterValidator(str.upper),
]
