"""Account positions and the projections of billing's and payments' events."""

from sqlalchemy import BigInteger, Boolean, Column, Date, DateTime, Index, String, Table, Text, func, text
from sqlalchemy.dialects.postgresql import JSONB

from recovery.metadata import MONEY, metadata, uuid_column
from shared import rent_year_basis

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
    uuid_column("posting_id", primary_key=True),
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
    uuid_column("payment_id", primary_key=True),
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
    uuid_column("reversal_id", primary_key=True),
    uuid_column("payment_id", nullable=False),
    Column("account_ref", String(15), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("reversed_on", Date, nullable=False),
    Column("reason_code", Text, nullable=False),
    Index("ix_benefit_reversal_payment", "payment_id"),
)

# Each rent year's rent-free weeks as billing last announced them (RentVaried carries
# them): the annual rent debit is the weekly charge times the year's collectable weeks.
rent_year_basis_table = rent_year_basis.rent_year_basis_table(metadata)
