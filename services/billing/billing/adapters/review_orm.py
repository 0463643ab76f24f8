"""Tables for the annual rent review, leasehold service charges, sundry debts and water
charges (revision 0003_review_leasehold_water). They share billing's ``metadata``."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from billing.adapters.orm import MONEY, metadata

RATE = Numeric(9, 6)

rent_review_table = Table(
    "rent_review",
    metadata,
    Column("review_id", UUID(as_uuid=True), primary_key=True),
    Column("rent_year", Integer, nullable=False),
    Column("effective_from", Date, nullable=False),
    Column("policy", JSONB, nullable=False),
    Column("status", String(20), nullable=False),
    Column("totals", JSONB, nullable=False),
    Column("rejected_lines", JSONB, nullable=False, server_default="[]"),
    Column("created_by", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("reason", Text, nullable=False),
    Column("committed_by", String(100)),
    Column("committed_at", DateTime(timezone=True)),
    CheckConstraint("status IN ('preview', 'committed', 'withdrawn')", name="status"),
    Index("ix_rent_review_year", "rent_year"),
)

rent_review_line_table = Table(
    "rent_review_line",
    metadata,
    Column("review_id", UUID(as_uuid=True), ForeignKey("rent_review.review_id"), primary_key=True),
    Column("account_ref", String(15), ForeignKey("account.account_ref"), primary_key=True),
    Column("charge_type", String(30), primary_key=True),
    Column("old_amount", MONEY, nullable=False),
    Column("new_amount", MONEY, nullable=False),
    Column("capped", Boolean, nullable=False),
    Column("outlier", Boolean, nullable=False),
    Column("note", Text),
)

# A leaseholder's share of a block or estate's service costs (weights, apportioned
# within the scheme), the ground rent in the lease and the day the lease starts
# (revision 0008: its first year's service charge and ground rent are by the day from it).
lease_table = Table(
    "lease",
    metadata,
    Column("account_ref", String(15), ForeignKey("account.account_ref"), primary_key=True),
    Column("scheme_ref", String(30), nullable=False),
    Column("share", Numeric(12, 6), nullable=False),
    Column("ground_rent_annual", MONEY, nullable=False, server_default="0"),
    Column("starts_on", Date, nullable=False),
    Column("updated_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("share > 0", name="share_positive"),
    CheckConstraint("ground_rent_annual >= 0", name="ground_rent_not_negative"),
    Index("ix_lease_scheme", "scheme_ref"),
)

service_charge_year_table = Table(
    "service_charge_year",
    metadata,
    Column("scheme_ref", String(30), primary_key=True),
    Column("year_start", Date, primary_key=True),
    Column("estimated_cost", MONEY, nullable=False),
    Column("instalments", Integer, nullable=False),
    Column("due_dates", JSONB, nullable=False),
    Column("actual_cost", MONEY),
    Column("actual_lines", JSONB),
    Column("created_by", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("balanced_by", String(100)),
    Column("balanced_at", DateTime(timezone=True)),
    CheckConstraint("instalments IN (1, 2, 4, 12)", name="instalments"),
)

section20_table = Table(
    "section20_consultation",
    metadata,
    Column("works_ref", String(30), primary_key=True),
    Column("scheme_ref", String(30), nullable=False),
    Column("description", Text, nullable=False),
    Column("notice_of_intention_on", Date, nullable=False),
    Column("estimates_notice_on", Date, nullable=False),
    Column("completed_on", Date, nullable=False),
    Column("dispensation", Boolean, nullable=False, server_default="false"),
    Column("recorded_by", String(100), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

service_charge_invoice_table = Table(
    "service_charge_invoice",
    metadata,
    Column("invoice_ref", String(60), primary_key=True),
    Column("run_ref", String(80), nullable=False),
    Column("account_ref", String(15), ForeignKey("account.account_ref"), nullable=False),
    Column("invoice_type", String(20), nullable=False),
    Column("scheme_ref", String(30)),
    Column("period_from", Date),
    Column("period_to", Date),
    Column("amount", MONEY, nullable=False),
    Column("due_date", Date, nullable=False),
    Column("lines", JSONB, nullable=False),
    Column("works_ref", String(30)),
    Column("raised_by", String(100), nullable=False),
    Column("raised_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint(
        "invoice_type IN ('estimate', 'balancing', 'major_works', 'ground_rent', 'sundry')", name="invoice_type"
    ),
    Index("ix_sc_invoice_run", "run_ref"),
    Index("ix_sc_invoice_account", "account_ref"),
)

sundry_debt_table = Table(
    "sundry_debt",
    metadata,
    Column("debt_id", UUID(as_uuid=True), primary_key=True),
    Column("account_ref", String(15), ForeignKey("account.account_ref"), nullable=False),
    Column("debt_type", String(30), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("description", Text, nullable=False),
    Column("raised_on", Date, nullable=False),
    Column("due_date", Date, nullable=False),
    Column("person_ids", JSONB, nullable=False),
    Column("related_account_ref", String(15), ForeignKey("account.account_ref")),
    Column("raised_by", String(100), nullable=False),
    Column("raised_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("debt_type IN ('rechargeable_repair', 'court_costs', 'other')", name="debt_type"),
    CheckConstraint("amount > 0", name="amount_positive"),
)

water_agreement_table = Table(
    "water_agreement",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("effective_from", Date, nullable=False, unique=True),
    Column("void_allowance_rate", RATE, nullable=False),
    Column("commission_rate", RATE, nullable=False),
    Column("basis", String(20), nullable=False),
    Column("set_by", String(100), nullable=False),
    Column("set_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("reason", Text, nullable=False),
    CheckConstraint("basis IN ('collected', 'debited')", name="basis"),
    CheckConstraint("void_allowance_rate >= 0 AND void_allowance_rate < 1", name="void_rate"),
    CheckConstraint("commission_rate >= 0 AND commission_rate < 1", name="commission_rate"),
)

water_reconciliation_table = Table(
    "water_reconciliation",
    metadata,
    Column("reconciliation_id", UUID(as_uuid=True), primary_key=True),
    Column("period_from", Date, nullable=False),
    Column("period_to", Date, nullable=False),
    Column("agreement", JSONB, nullable=False),
    Column("figures", JSONB, nullable=False),
    Column("payable", MONEY, nullable=False),
    Column("payment_due", Date, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("uq_water_reconciliation_period", "period_from", "period_to", unique=True),
)

water_reconciliation_line_table = Table(
    "water_reconciliation_line",
    metadata,
    Column("reconciliation_id", UUID(as_uuid=True), ForeignKey("water_reconciliation.reconciliation_id"),
           primary_key=True),
    Column("account_ref", String(15), primary_key=True),
    Column("debited", MONEY, nullable=False),
    Column("water_debited", MONEY, nullable=False),
    Column("receipts", MONEY, nullable=False),
    Column("water_collected", MONEY, nullable=False),
)
