"""What officers record on a case, what each kind needs, and what it blocks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from recovery.domain.exceptions import RecoveryError
from recovery.domain.policy import ActionKind
from shared.money import Money

NOSP_USABLE_AFTER = timedelta(days=28)
NOSP_VALID_FOR = relativedelta(months=12)


class RecordedAction(StrEnum):
    CALL = "call"
    VISIT = "visit"
    CONTACT_ATTEMPTED = "contact_attempted"
    BENEFIT_CHECKED = "benefit_checked"
    DEBT_ADVICE_SIGNPOSTED = "debt_advice_signposted"
    ARRANGEMENT_OFFERED = "arrangement_offered"
    ARRANGEMENT_MADE = "arrangement_made"
    NOTE = "note"
    LETTER = "letter"
    NOTICE_SERVED = "notice_served"
    COURT_REFERRAL = "court_referral"
    COURT_HEARING = "court_hearing"
    COURT_OUTCOME = "court_outcome"
    WARRANT = "warrant"
    EVICTION = "eviction"
    MONEY_CLAIM = "money_claim"
    TRIBUNAL_APPLICATION = "tribunal_application"


class CourtOrder(StrEnum):
    ADJOURNED = "adjourned"
    ADJOURNED_ON_TERMS = "adjourned_on_terms"
    OUTRIGHT_POSSESSION = "outright_possession"
    SUSPENDED_POSSESSION = "suspended_possession"
    MONEY_JUDGMENT = "money_judgment"
    WITHDRAWN = "withdrawn"
    DISMISSED = "dismissed"


ENFORCEMENT = frozenset({
    RecordedAction.NOTICE_SERVED, RecordedAction.COURT_REFERRAL, RecordedAction.COURT_HEARING,
    RecordedAction.WARRANT, RecordedAction.EVICTION, RecordedAction.MONEY_CLAIM,
    RecordedAction.TRIBUNAL_APPLICATION,
})
COURT_ACTIONS = frozenset({
    RecordedAction.COURT_REFERRAL, RecordedAction.COURT_HEARING, RecordedAction.COURT_OUTCOME,
    RecordedAction.WARRANT, RecordedAction.EVICTION, RecordedAction.MONEY_CLAIM,
    RecordedAction.TRIBUNAL_APPLICATION,
})
# Contact and enforcement start a waiting period; checks and notes do not.
STARTS_WAIT = frozenset({
    RecordedAction.CALL, RecordedAction.VISIT, RecordedAction.CONTACT_ATTEMPTED, RecordedAction.LETTER,
    *ENFORCEMENT,
})
TERMS_ORDERS = frozenset({CourtOrder.SUSPENDED_POSSESSION, CourtOrder.ADJOURNED_ON_TERMS})

STAGE_ACTION = {
    ActionKind.LETTER: RecordedAction.LETTER, ActionKind.CALL: RecordedAction.CALL,
    ActionKind.VISIT: RecordedAction.VISIT, ActionKind.NOTICE: RecordedAction.NOTICE_SERVED,
    ActionKind.COURT_REFERRAL: RecordedAction.COURT_REFERRAL, ActionKind.WARRANT: RecordedAction.WARRANT,
    ActionKind.EVICTION: RecordedAction.EVICTION, ActionKind.MONEY_CLAIM: RecordedAction.MONEY_CLAIM,
    ActionKind.TRIBUNAL_APPLICATION: RecordedAction.TRIBUNAL_APPLICATION,
}


@dataclass(frozen=True)
class ActionRecord:
    action: RecordedAction
    taken_on: date
    officer: str
    outcome: str | None = None
    stage: str | None = None
    letter_type: str | None = None
    demands_payment: bool = True
    served_on: date | None = None
    hearing_date: date | None = None
    order: CourtOrder | None = None
    terms_weekly: Money | None = None
    possession_date: date | None = None
    eviction_date: date | None = None
    notes: str | None = None

    def is_blocked_by_breathing_space(self) -> bool:
        """Enforcement, and letters demanding payment, wait until the moratorium ends."""
        return self.action in ENFORCEMENT or (self.action is RecordedAction.LETTER and self.demands_payment)

    def validate(self, today: date) -> None:
        if self.taken_on > today:
            raise RecoveryError(f"taken_on {self.taken_on} is in the future")
        required = {
            RecordedAction.LETTER: ("letter_type", self.letter_type),
            RecordedAction.NOTICE_SERVED: ("served_on", self.served_on),
            RecordedAction.COURT_HEARING: ("hearing_date", self.hearing_date),
            RecordedAction.COURT_OUTCOME: ("order", self.order),
            RecordedAction.EVICTION: ("eviction_date", self.eviction_date),
        }.get(self.action)
        if required and required[1] is None:
            raise RecoveryError(f"a {self.action.value} action needs {required[0]}")
        if self.order in TERMS_ORDERS and self.terms_weekly is None:
            raise RecoveryError(f"a {self.order.value} order needs its terms (terms_weekly)")
        if self.order is CourtOrder.OUTRIGHT_POSSESSION and self.possession_date is None:
            raise RecoveryError("an outright possession order needs its possession_date")
        if self.served_on and self.served_on > today:
            raise RecoveryError("a notice cannot be recorded as served in the future")


def notice_dates(served_on: date) -> tuple[date, date]:
    """(usable from, expires on) of a Notice of Seeking Possession."""
    return served_on + NOSP_USABLE_AFTER, served_on + NOSP_VALID_FOR
