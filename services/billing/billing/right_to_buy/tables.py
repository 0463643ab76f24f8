"""Tables for Right to Buy casework: the rules' versions and the applications (on billing's
one ``metadata``; a home sold is recorded in the property register, tenancies/tables.py)."""

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from billing.db import MONEY, metadata

# Discount rules, stage deadlines and cash caps: each change is a new version (the trail).
rtb_rules_table = Table(
    "rtb_rules",
    metadata,
    Column("version", BigInteger, primary_key=True, autoincrement=True),
    Column("rules", JSONB, nullable=False),
    Column("reason", Text, nullable=False),
    Column("changed_by", String(100), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)


rtb_application_table = Table(
    "rtb_application",
    metadata,
    Column("application_id", UUID(as_uuid=True), primary_key=True),
    Column("property_ref", String(30), ForeignKey("property.property_ref"), nullable=False),
    Column("tenancy_ref", String(30), ForeignKey("tenancy.tenancy_ref"), nullable=False),
    Column("account_ref", String(15), ForeignKey("account.account_ref"), nullable=False),
    Column("rtb1_received_on", Date, nullable=False),
    Column("applicants", JSONB, nullable=False),
    Column("property_form", String(10), nullable=False),
    Column("region", String(60), nullable=False),
    # Earlier public sector tenancies with other landlords, as declared on the RTB1.
    Column("other_landlord_periods", JSONB, nullable=False),
    Column("declarations", JSONB, nullable=False),
    Column("eligibility", JSONB, nullable=False),
    Column("status", String(20), nullable=False),
    Column("acknowledged_on", Date),
    Column("decided_on", Date),
    Column("denial_reason", Text),
    Column("offered_on", Date),
    Column("valuation", MONEY),
    Column("cost_floor", MONEY),
    Column("discount", JSONB),
    Column("service_charge_estimate", JSONB),
    Column("completed_on", Date),
    Column("withdrawn_on", Date),
    Column("leasehold_account_ref", String(15), ForeignKey("account.account_ref")),
    Column("created_by", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("property_form IN ('house', 'flat')", name="property_form"),
    CheckConstraint(
        "status IN ('received', 'acknowledged', 'admitted', 'denied', 'offered', 'completed', 'withdrawn')",
        name="status",
    ),
    # One live application per tenancy.
    Index("uq_rtb_application_live", "tenancy_ref", unique=True,
          postgresql_where=text("status NOT IN ('denied', 'completed', 'withdrawn')")),
)

