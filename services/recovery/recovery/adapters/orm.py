"""Recovery's tables."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

from shared import rent_year_basis
from shared.db.engine import new_metadata

metadata = new_metadata()
MONEY = Numeric(14, 2)


def _uuid(name: str, **kw) -> Column:
    return Column(name, UUID(as_uuid=True), **kw)


def _created() -> Column:
    return Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now())


# Each account's position, projected from billing's and payments' events.
account_position_table = Table(
    "account_position",
    metadata,
    Column("account_ref", String(15), primary_key=True),
    Column("balance", MONEY, nullable=False),
    Column("last_seq", BigInteger, nullable=False),
    Column("account_type", String(30)),
    Column("tenancy_ref", String(30)),
    Column("patch", String(40)),
    Column("status", String(10)),
    Column("weekly_charge", MONEY),
    Column("start_date", Date),
    Column("end_date", Date),
    Column("last_payment_on", Date),
    Column("last_payment_amount", MONEY),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now(),
           onupdate=func.now()),
    # From TenancyStarted: what letters need (names and address).
    Column("tenure", String(30)),
    Column("tenants", JSONB),
    Column("address", JSONB),
    Column("forwarding_address", JSONB),
    # Benefit and payment method facts, from the postings' types.
    Column("last_hb_on", Date),
    Column("last_uc_on", Date),
    Column("last_dd_on", Date),
    Column("last_dd_unpaid_on", Date),
    # Set by officers.
    Column("benefit_claim_pending", Boolean, nullable=False, server_default=text("false")),
    Column("charge_disputed", Boolean, nullable=False, server_default=text("false")),
    Column("vulnerable", Boolean, nullable=False, server_default=text("false")),
    Column("vulnerability_reviewed_by", String(100)),
    Column("vulnerability_reviewed_on", Date),
)

# Each account's weekly charge from a date: TenancyStarted's, then each RentVaried's
# (future ones included). The position's weekly_charge is the one in force, applied
# when consumed and again by each daily run as at its date.
weekly_charge_change_table = Table(
    "weekly_charge_change",
    metadata,
    Column("account_ref", String(15), primary_key=True),
    Column("effective_from", Date, primary_key=True),
    Column("weekly_charge", MONEY, nullable=False),
    Column("previous_charge", MONEY),
    Column("source", String(20), nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
)

# Money in and out of the account other than charges (payments, benefit credits,
# DD collections and their reversals): payment patterns, arrangement monitoring,
# limitation and agency collections. One row per billing posting.
money_posting_table = Table(
    "money_posting",
    metadata,
    _uuid("posting_id", primary_key=True),
    Column("account_ref", String(15), nullable=False),
    Column("posting_type", String(30), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("effective_date", Date, nullable=False),
    Index("ix_money_posting_account", "account_ref", "effective_date"),
    Index("ix_money_posting_date", "effective_date"),
)

# HB and UC credits with the period each pays for (PaymentReceived carries it): the
# former tenant arrears benefit check compares the last period with the tenancy's end.
benefit_period_table = Table(
    "benefit_period",
    metadata,
    _uuid("payment_id", primary_key=True),
    Column("account_ref", String(15), nullable=False),
    Column("method", String(30), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("period_from", Date, nullable=False),
    Column("period_to", Date, nullable=False),
    Index("ix_benefit_period_account", "account_ref", "period_to"),
)

# Reversals (PaymentReversed) of HB/UC credits: a credit reversed in full no longer pays
# for its period. Kept by reversal, not on the period, so a reversal consumed before
# its payment still counts once the payment arrives.
benefit_reversal_table = Table(
    "benefit_reversal",
    metadata,
    _uuid("reversal_id", primary_key=True),
    _uuid("payment_id", nullable=False),
    Column("account_ref", String(15), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("reversed_on", Date, nullable=False),
    Column("reason_code", Text, nullable=False),
    Index("ix_benefit_reversal_payment", "payment_id"),
)

# Each rent year's rent-free weeks as billing last announced them (RentVaried carries
# them): the annual rent debit is the weekly charge times the year's collectable weeks.
rent_year_basis_table = rent_year_basis.rent_year_basis_table(metadata)

arrears_policy_table = Table(
    "arrears_policy",
    metadata,
    Column("policy_code", String(40), primary_key=True),
    Column("body", JSONB, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

recovery_setting_table = Table(
    "recovery_setting",
    metadata,
    Column("key", String(60), primary_key=True),
    Column("value", JSONB, nullable=False),
    Column("updated_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

recovery_case_table = Table(
    "recovery_case",
    metadata,
    _uuid("case_id", primary_key=True),
    Column("account_ref", String(15), nullable=False),
    Column("policy_code", String(40), nullable=False),
    Column("status", String(10), nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("closed_on", Date),
    Column("closed_reason", String(40)),
    Column("stage", String(40)),
    Column("stage_on", Date),
    Column("court_date", Date),
    Column("notice_served_on", Date),
    Column("notice_usable_from", Date),
    Column("notice_expires_on", Date),
    Column("court_order", String(40)),
    Column("order_terms", JSONB),
    Column("possession_date", Date),
    Column("order_breached", Boolean, nullable=False, server_default=text("false")),
    Column("eviction_date", Date),
    # The stages taken and the waiting period, kept as actions are recorded so the
    # daily run reads them without aggregating every case's actions.
    Column("stages", ARRAY(String(40)), nullable=False, server_default=text("'{}'")),
    Column("stage_dates", ARRAY(Date), nullable=False, server_default=text("'{}'")),
    Column("wait_until", Date),
    # Each kind of action recorded on the case once: the pre-action protocol evidence.
    Column("actions_taken", ARRAY(String(40)), nullable=False, server_default=text("'{}'")),
    Index("uq_recovery_case_open_account", "account_ref", unique=True,
          postgresql_where=text("status = 'open'")),
)

case_action_table = Table(
    "case_action",
    metadata,
    _uuid("action_id", primary_key=True),
    _uuid("case_id", nullable=False),
    Column("account_ref", String(15), nullable=False),
    Column("action", String(40), nullable=False),
    Column("stage", String(40)),
    Column("taken_on", Date, nullable=False),
    Column("officer", String(100), nullable=False),
    Column("outcome", String(200)),
    Column("details", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("wait_until", Date),
    _uuid("recommendation_id"),
    _created(),
    Index("ix_case_action_case", "case_id", "taken_on"),
)

daily_run_table = Table(
    "daily_run",
    metadata,
    _uuid("run_id", primary_key=True),
    Column("run_date", Date, nullable=False, unique=True),
    Column("run_by", String(100), nullable=False),
    Column("accounts_evaluated", Integer, nullable=False),
    Column("recommended", Integer, nullable=False),
    Column("held", Integer, nullable=False),
    Column("periods_assessed", Integer, nullable=False),
    Column("breaches", Integer, nullable=False),
    Column("seconds", Numeric(8, 3), nullable=False),
    _created(),
)

recommendation_table = Table(
    "recommendation",
    metadata,
    _uuid("recommendation_id", primary_key=True),
    _uuid("run_id", nullable=False),
    Column("run_date", Date, nullable=False),
    _uuid("case_id", nullable=False),
    Column("account_ref", String(15), nullable=False),
    Column("patch", String(40)),
    Column("policy_code", String(40), nullable=False),
    Column("stage", String(40), nullable=False),
    Column("action", String(40), nullable=False),
    Column("letter_type", String(40)),
    Column("reason", Text, nullable=False),
    Column("hold", String(40)),
    Column("risk_score", Numeric(6, 2), nullable=False),
    Column("rank", Integer),
    Column("arrears", MONEY, nullable=False),
    Column("weeks_in_arrears", Numeric(8, 2)),
    Column("payer_profile", String(30), nullable=False),
    Column("status", String(12), nullable=False),
    Column("decided_by", String(100)),
    Column("decided_at", DateTime(timezone=True)),
    Column("skip_reason", String(500)),
    Index("ix_recommendation_caseload", "status", "patch", "rank"),
    Index("ix_recommendation_case", "case_id"),
)

breathing_space_table = Table(
    "breathing_space",
    metadata,
    _uuid("breathing_space_id", primary_key=True),
    Column("account_ref", String(15), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("reference", String(60), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("ends_on", Date),
    Column("crisis_treatment_ends_on", Date),
    Column("protected_arrears", MONEY, nullable=False),
    Column("ended_early_on", Date),
    Column("end_reason", String(500)),
    Column("registered_by", String(100), nullable=False),
    _created(),
    Index("ix_breathing_space_account", "account_ref"),
)

arrangement_table = Table(
    "arrangement",
    metadata,
    _uuid("arrangement_id", primary_key=True),
    Column("account_ref", String(15), nullable=False),
    Column("status", String(12), nullable=False),
    Column("source", String(20), nullable=False),
    Column("frequency", String(20), nullable=False),
    Column("instalment", MONEY, nullable=False),
    Column("weekly_charge", MONEY, nullable=False),
    Column("arrears_at_start", MONEY, nullable=False),
    Column("start_date", Date, nullable=False),
    Column("assessment", JSONB),
    Column("disposable_weekly", MONEY),
    Column("schedule", JSONB, nullable=False),
    Column("agreed_by", String(100), nullable=False),
    Column("breached_on", Date),
    Column("breach_reason", String(500)),
    _created(),
    Index("ix_arrangement_account", "account_ref"),
)

arrangement_period_table = Table(
    "arrangement_period",
    metadata,
    _uuid("arrangement_id", primary_key=True),
    Column("period_no", Integer, primary_key=True),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("expected", MONEY, nullable=False),
    Column("paid", MONEY, nullable=False),
    # NULL: not assessed, the period fell in a Breathing Space moratorium.
    Column("kept", Boolean),
    Column("reason", String(200), nullable=False),
    Column("assessed_on", Date, nullable=False),
)

fta_case_table = Table(
    "fta_case",
    metadata,
    _uuid("fta_id", primary_key=True),
    Column("account_ref", String(15), nullable=False, unique=True),
    Column("tenancy_ref", String(30)),
    Column("tenancy_ended_on", Date, nullable=False),
    Column("end_reason", String(200)),
    Column("balance_at_termination", MONEY, nullable=False),
    Column("status", String(12), nullable=False),
    Column("benefit_check", String(20), nullable=False),
    Column("benefit_check_note", String(500)),
    # The officer's check: who, when, and what they confirmed is still to come from
    # HB/UC (with the HB/UC credited on the account then, so later credits reduce it).
    Column("benefit_checked_by", String(100)),
    Column("benefit_checked_on", Date),
    Column("benefit_due", MONEY),
    Column("benefit_credited_at_check", MONEY),
    Column("last_acknowledged_on", Date),
    Column("traced_address", JSONB),
    _created(),
)

fta_trace_table = Table(
    "fta_trace",
    metadata,
    _uuid("trace_id", primary_key=True),
    _uuid("fta_id", nullable=False),
    Column("method", String(60), nullable=False),
    Column("requested_on", Date, nullable=False),
    Column("requested_by", String(100), nullable=False),
    Column("result", String(12), nullable=False),
    Column("result_on", Date),
    Column("result_by", String(100)),
    Column("new_address", JSONB),
    _created(),
)

dca_agency_table = Table(
    "dca_agency",
    metadata,
    Column("agency_code", String(20), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("commission_percent", Numeric(5, 2), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("updated_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

dca_batch_table = Table(
    "dca_batch",
    metadata,
    _uuid("batch_id", primary_key=True),
    Column("agency_code", String(20), nullable=False),
    Column("referred_on", Date, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("referrals", Integer, nullable=False),
    Column("total", MONEY, nullable=False),
    _created(),
)

dca_referral_table = Table(
    "dca_referral",
    metadata,
    _uuid("referral_id", primary_key=True),
    _uuid("batch_id", nullable=False),
    _uuid("fta_id", nullable=False),
    Column("account_ref", String(15), nullable=False),
    Column("agency_code", String(20), nullable=False),
    Column("referred_on", Date, nullable=False),
    Column("balance_referred", MONEY, nullable=False),
    Column("status", String(10), nullable=False),
    Column("recalled_on", Date),
    Column("recall_reason", String(500)),
    Index("uq_dca_referral_placed", "fta_id", unique=True, postgresql_where=text("status = 'placed'")),
)

write_off_table = Table(
    "write_off",
    metadata,
    _uuid("write_off_id", primary_key=True),
    Column("account_ref", String(15), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("reason", String(30), nullable=False),
    Column("note", String(500), nullable=False),
    Column("status", String(10), nullable=False),
    Column("proposed_by", String(100), nullable=False),
    Column("decided_by", String(100)),
    Column("decided_on", Date),
    Column("decision_note", String(500)),
    _created(),
)

arrears_snapshot_table = Table(
    "arrears_snapshot",
    metadata,
    Column("run_date", Date, primary_key=True),
    Column("current_arrears", MONEY, nullable=False),
    Column("accounts_in_arrears", Integer, nullable=False),
    Column("annual_rent_debit", MONEY, nullable=False),
    Column("fta_balance", MONEY, nullable=False),
    Column("open_cases", Integer, nullable=False),
)
