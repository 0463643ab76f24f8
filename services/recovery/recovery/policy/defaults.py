"""The policies a new installation starts with (seeded into the database by the
migration; from then on they are configuration edited through the API)."""

from __future__ import annotations

from recovery.policy.definitions import PolicyBody

# From the stages a London borough runs in production (SPEC §2 recovery).
LONDON_TENANT_POLICY = PolicyBody.model_validate({
    "name": "Tenant rent arrears (London borough default)",
    "account_types": ["rent", "temporary_accommodation", "garage"],
    "stages": [
        {"code": "first_letter", "title": "First arrears letter", "action": "letter",
         "letter_type": "arrears_first_letter", "min_arrears": "10.00", "no_court_date": True,
         "demands_payment": True, "wait_days": 7},
        {"code": "second_letter", "title": "Second arrears letter", "action": "letter",
         "letter_type": "arrears_second_letter", "min_arrears": "10.00", "min_weeks": "2",
         "after": [{"stage": "first_letter", "min_days": 7}], "no_court_date": True,
         "demands_payment": True, "wait_days": 7},
        {"code": "contact_visit", "title": "Contact the tenant: call or visit", "action": "visit",
         "min_arrears": "10.00", "min_weeks": "3", "after": [{"stage": "second_letter", "min_days": 7}],
         "wait_days": 7},
        {"code": "nosp", "title": "Serve Notice of Seeking Possession", "action": "notice",
         "letter_type": "nosp_cover_letter", "min_arrears": "10.00", "min_weeks": "4",
         "after": [{"stage": "second_letter", "min_days": 7, "max_days": 92}],
         "enforcement": True, "demands_payment": True, "wait_days": 28},
        {"code": "court_warning_letter", "title": "Court warning letter", "action": "letter",
         "letter_type": "court_warning_letter", "min_weeks": "4", "requires_live_notice": True,
         "demands_payment": True, "enforcement": True, "wait_days": 14},
        {"code": "court_referral", "title": "Apply for a court date", "action": "court_referral",
         "min_weeks": "4", "requires_live_notice": True,
         "after": [{"stage": "court_warning_letter", "min_days": 14}],
         "enforcement": True, "pre_action_protocol": True, "wait_days": 28},
        {"code": "warrant", "title": "Apply for a warrant of possession", "action": "warrant",
         "requires_enforceable_order": True, "after": [{"stage": "court_referral"}],
         "enforcement": True, "wait_days": 14},
        {"code": "eviction", "title": "Book the eviction", "action": "eviction",
         "after": [{"stage": "warrant", "min_days": 0}], "enforcement": True, "wait_days": 14},
    ],
})

# Leaseholders and sundry debtors: no possession; the Pre-Action Protocol for Debt
# Claims letter (information sheet, reply form, 30 days) before a money claim, or a
# First-tier Tribunal application where the service charge is disputed.
LEASEHOLD_SUNDRY_POLICY = PolicyBody.model_validate({
    "name": "Leasehold and sundry debt",
    "account_types": ["leasehold", "sundry"],
    "benefit_timing_exempt": False,
    "stages": [
        {"code": "reminder", "title": "Reminder", "action": "letter", "letter_type": "leasehold_reminder",
         "min_arrears": "0.00", "demands_payment": True, "wait_days": 14},
        {"code": "final_reminder", "title": "Final reminder", "action": "letter",
         "letter_type": "leasehold_final_reminder", "min_arrears": "0.00",
         "after": [{"stage": "reminder", "min_days": 14}], "demands_payment": True, "wait_days": 14},
        {"code": "pre_action_letter", "title": "Pre-Action Protocol for Debt Claims letter",
         "action": "letter", "letter_type": "pre_action_protocol_letter", "min_arrears": "0.00",
         "after": [{"stage": "final_reminder", "min_days": 14}], "demands_payment": True,
         "enclosures": ["information_sheet", "reply_form", "financial_statement"], "reply_days": 30,
         "wait_days": 30},
        {"code": "money_claim", "title": "County court money claim", "action": "money_claim",
         "min_arrears": "0.00", "after": [{"stage": "pre_action_letter", "min_days": 30}],
         "disputed": False, "enforcement": True, "wait_days": 28},
        {"code": "tribunal_application", "title": "First-tier Tribunal application (disputed charge)",
         "action": "tribunal_application", "min_arrears": "0.00",
         "after": [{"stage": "pre_action_letter", "min_days": 30}], "disputed": True,
         "enforcement": True, "wait_days": 28},
    ],
})

DEFAULT_POLICIES = {"tenant_default": LONDON_TENANT_POLICY, "leasehold_sundry_default": LEASEHOLD_SUNDRY_POLICY}
