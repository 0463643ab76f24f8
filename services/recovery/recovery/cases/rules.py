"""What officers record on a case, what each kind needs, and what it blocks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from recovery.errors import Blocked, Invalid, RecoveryError
from recovery.policy.definitions import (
    NON_POSSESSION_ACCOUNT_TYPES,
    POSSESSION_ACTIONS,
    ActionKind,
    PolicyBody,
    StageRule,
    letter_demands_payment,
)
from shared.contracts.letters import LETTER_DATA
from shared.money import Money

MAX_PAUSE = timedelta(days=366)
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
POSSESSION = frozenset(STAGE_ACTION[kind] for kind in POSSESSION_ACTIONS)
POSSESSION_ORDERS = frozenset({CourtOrder.OUTRIGHT_POSSESSION, CourtOrder.SUSPENDED_POSSESSION})


@dataclass(frozen=True)
class ActionRecord:
    action: RecordedAction
    taken_on: date
    officer: str
    outcome: str | None = None
    stage: str | None = None
    letter_type: str | None = None
    served_on: date | None = None
    hearing_date: date | None = None
    order: CourtOrder | None = None
    terms_weekly: Money | None = None
    possession_date: date | None = None
    eviction_date: date | None = None
    notes: str | None = None

    def chases_payment(self, stage: StageRule | None) -> bool:
        """Enforcement, or a letter demanding payment: judged from the action, its letter and
        the stage it fulfils, never from what the caller says."""
        return (self.action in ENFORCEMENT or letter_demands_payment(self.letter_type)
                or (stage is not None and stage.blocked_by_breathing_space()))

    def is_blocked_by_breathing_space(self, stage: StageRule | None) -> bool:
        """What chases payment waits until the moratorium ends."""
        return self.chases_payment(stage)

    def needs_pre_action(self, policy: PolicyBody, stage: StageRule | None) -> bool:
        """The stage's pre_action_protocol flag; an action recorded without its stage follows the
        policy's stages of that kind. A court referral always needs it (SPEC)."""
        if self.action is RecordedAction.COURT_REFERRAL:
            return True
        if stage is not None:
            return stage.pre_action_protocol
        return any(s.pre_action_protocol for s in policy.stages if STAGE_ACTION[s.action] is self.action)

    def check_possession(self, account_type: str | None) -> None:
        """Leaseholders and sundry debtors are never taken through possession."""
        if account_type not in NON_POSSESSION_ACCOUNT_TYPES:
            return
        step = self.action.value if self.action in POSSESSION else (
            f"{self.order.value} order" if self.order in POSSESSION_ORDERS else None)
        if step:
            raise Blocked(f"{step} refused: a {account_type} account cannot be taken through possession; its "
                          "debt is recovered by a county court money claim, or a First-tier Tribunal application "
                          "where the charge is disputed")

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
        if self.action is RecordedAction.NOTE and not (self.notes or self.outcome):
            raise Invalid("a note needs its text (notes)", "notes")
        if self.letter_type is not None and self.letter_type not in LETTER_DATA:
            raise RecoveryError(f"notifications has no letter {self.letter_type!r} "
                                f"(known: {', '.join(sorted(LETTER_DATA))})")
        if self.order in TERMS_ORDERS and self.terms_weekly is None:
            raise RecoveryError(f"a {self.order.value} order needs its terms (terms_weekly)")
        if self.order is CourtOrder.OUTRIGHT_POSSESSION and self.possession_date is None:
            raise RecoveryError("an outright possession order needs its possession_date")
        if self.served_on and self.served_on > today:
            raise RecoveryError("a notice cannot be recorded as served in the future")


def notice_dates(served_on: date) -> tuple[date, date]:
    """(usable from, expires on) of a Notice of Seeking Possession."""
    return served_on + NOSP_USABLE_AFTER, served_on + NOSP_VALID_FOR


def check_pause(until: date, today: date) -> None:
    """An officer's pause runs to the end of `until`, which is after today and within a year
    (a pause has an end date: the case comes back to the worktray by itself)."""
    if until <= today:
        raise Invalid(f"a pause must run past today ({today}): until {until}", "until")
    if until > today + MAX_PAUSE:
        raise Invalid(f"a pause may last at most {MAX_PAUSE.days} days: until {until}", "until")
