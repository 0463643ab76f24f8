"""Arrears policies as data: ordered stages, each with its trigger and what it is
(letter, notice, court step...). Policies are stored in the database and edited
through the API; these classes validate them and the defaults seed them."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from shared.contracts.letters import LETTER_DATA

Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,39}$")]


class ActionKind(StrEnum):
    LETTER = "letter"
    CALL = "call"
    VISIT = "visit"
    NOTICE = "notice"
    COURT_REFERRAL = "court_referral"
    WARRANT = "warrant"
    EVICTION = "eviction"
    MONEY_CLAIM = "money_claim"
    TRIBUNAL_APPLICATION = "tribunal_application"


# Possession steps: never for leaseholders or sundry debtors.
POSSESSION_ACTIONS = frozenset({ActionKind.NOTICE, ActionKind.COURT_REFERRAL, ActionKind.WARRANT,
                                ActionKind.EVICTION})
NON_POSSESSION_ACCOUNT_TYPES = frozenset({"leasehold", "sundry"})
# Letters that ask for no money. Every other letter (arrears stages, NOSP cover, the
# pre-action letter, FTA) demands payment, whatever the stage or the request says.
NON_DEMANDING_LETTERS = frozenset({"account_statement"})


def letter_demands_payment(letter_type: str | None) -> bool:
    return letter_type is not None and letter_type not in NON_DEMANDING_LETTERS


class StageGap(BaseModel):
    """The stage `stage` must have been taken between min_days and max_days ago."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    stage: Code
    min_days: int = Field(0, ge=0, le=3650)
    max_days: int | None = Field(None, ge=0, le=3650)


class StageRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: Code
    title: str = Field(min_length=1, max_length=120)
    action: ActionKind
    letter_type: Code | None = None
    min_arrears: Decimal | None = Field(None, ge=0, decimal_places=2, description="arrears must exceed this")
    min_weeks: Decimal | None = Field(None, ge=0, decimal_places=2, description="weeks of rent in arrears at least")
    after: list[StageGap] = Field(default_factory=list)
    no_court_date: bool = False
    requires_live_notice: bool = Field(False, description="a served NOSP that can be used and has not expired")
    requires_enforceable_order: bool = False
    disputed: bool | None = Field(None, description="only when the charge is (True) or is not (False) disputed")
    enforcement: bool = False
    demands_payment: bool = Field(False, description="also true of any stage whose letter demands payment")
    pre_action_protocol: bool = Field(False, description="the pre-action protocol steps must be complete "
                                                         "(always so for a court referral)")
    wait_days: int = Field(7, ge=0, le=365, description="no further recommendation until this many days after")
    enclosures: list[str] = Field(default_factory=list)
    reply_days: int | None = Field(None, ge=1, le=365)

    @model_validator(mode="after")
    def _letters_name_their_template(self) -> StageRule:
        if self.action is ActionKind.LETTER and not self.letter_type:
            raise ValueError(f"stage {self.code}: a letter stage needs a letter_type")
        if self.letter_type and self.letter_type not in LETTER_DATA:
            raise ValueError(f"stage {self.code}: notifications has no letter {self.letter_type!r} "
                             f"(known: {', '.join(sorted(LETTER_DATA))})")
        if self.action is ActionKind.COURT_REFERRAL and not self.pre_action_protocol:
            raise ValueError(f"stage {self.code}: a court referral needs the pre-action protocol complete "
                             "(pre_action_protocol: true)")
        return self

    def blocked_by_breathing_space(self) -> bool:
        """Enforcement, and anything demanding payment, waits until a moratorium ends."""
        return self.enforcement or self.demands_payment or letter_demands_payment(self.letter_type)


class PolicyBody(BaseModel):
    """A policy as officers edit it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=120)
    account_types: list[Code] = Field(min_length=1)
    stages: list[StageRule] = Field(min_length=1)
    benefit_timing_exempt: bool = Field(True, description="UC/HB payment timing arrears are not escalated")
    vulnerability_needs_senior_review: bool = True
    action_wait_days: int = Field(7, ge=0, le=365, description="waiting period after an officer's own action")

    @model_validator(mode="after")
    def _consistent(self) -> PolicyBody:
        seen: set[str] = set()
        for stage in self.stages:
            if stage.code in seen:
                raise ValueError(f"stage {stage.code} appears twice")
            for gap in stage.after:
                if gap.stage not in seen:
                    raise ValueError(f"stage {stage.code} waits on {gap.stage}, which is not an earlier stage")
            seen.add(stage.code)
        if NON_POSSESSION_ACCOUNT_TYPES & set(self.account_types):
            bad = [s.code for s in self.stages if s.action in POSSESSION_ACTIONS]
            if bad:
                raise ValueError(f"leasehold and sundry debts cannot be taken through possession (stages {bad})")
        return self

    def stage(self, code: str) -> StageRule | None:
        return next((s for s in self.stages if s.code == code), None)
