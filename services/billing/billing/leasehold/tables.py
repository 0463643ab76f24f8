"""Tables for the annual rent review, leasehold service charges, sundry debts and water
charges (revision 0003_review_leasehold_water). They share billing's ``metadata``."""

from sqlalchemy import (
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
from sqlalchemy.dialects.postgresql import JSONB

from billing.db import MONEY, metadata

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
