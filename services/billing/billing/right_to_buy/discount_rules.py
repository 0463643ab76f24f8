"""Right to Buy rules as stored configuration: the defaults (England's scheme before the
November 2024 cap reductions; a landlord sets its own through the API) and the
translation between the stored JSON and ``RtbRules``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from billing.right_to_buy.rules import DiscountRule, RtbRules
from shared.money import Money

DEFAULT_RULES: dict[str, Any] = {
    "min_qualifying_years": 3,
    "house": {"base_percent": "35", "base_years": 5, "per_year_percent": "1", "max_percent": "70"},
    "flat": {"base_percent": "50", "base_years": 5, "per_year_percent": "2", "max_percent": "70"},
    "cash_caps": {"London": "136400.00", "Rest of England": "102400.00"},
    "default_region": "Rest of England",
    "eligible_tenures": ["secure", "flexible"],
    "excluded_property_types": ["sheltered", "almshouse"],
    "acknowledgement_days": 7,
    "admission_weeks": 4,
    "admission_weeks_other_landlord": 8,
    "offer_weeks_house": 8,
    "offer_weeks_flat": 12,
    "completion_weeks": 12,
    "service_charge_reference_years": 5,
    "service_charge_uplift_percent": "3",
}


def _rule(raw: dict[str, Any]) -> DiscountRule:
    return DiscountRule(Decimal(str(raw["base_percent"])), int(raw["base_years"]),
                        Decimal(str(raw["per_year_percent"])), Decimal(str(raw["max_percent"])))


def parse(raw: dict[str, Any]) -> RtbRules:
    return RtbRules(
        min_qualifying_years=int(raw["min_qualifying_years"]),
        house=_rule(raw["house"]), flat=_rule(raw["flat"]),
        cash_caps={region: Money(cap) for region, cap in raw["cash_caps"].items()},
        default_region=raw["default_region"],
        eligible_tenures=tuple(raw["eligible_tenures"]),
        excluded_property_types=tuple(raw["excluded_property_types"]),
        service_charge_uplift_percent=Decimal(str(raw["service_charge_uplift_percent"])),
        **{k: int(raw[k]) for k in ("acknowledgement_days", "admission_weeks", "admission_weeks_other_landlord",
                                    "offer_weeks_house", "offer_weeks_flat", "completion_weeks",
                                    "service_charge_reference_years")},
    )
