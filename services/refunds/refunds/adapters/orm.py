"""Refunds' tables: projections of other services' events, the refund policy, refund
requests with their checks and approvals, transfers, payment batches and reviews."""

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
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from shared.db.engine import new_metadata

metadata = new_metadata()
MONEY = Numeric(14, 2)


def _now() -> Column:
    return Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now())


# Each account's balance as billing last reported it; credit balances are negative.
credit_position_table = Table(
    "credit_position",
    metadata,
    Column("account_ref", String(15), primary_key=True),
    Column("balance", MONEY, nullable=False),
    Column("last_seq", BigInteger, nullable=False),
    Column("status", String(10), nullable=False, server_default="open"),
    Column("end_date", Date),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now(),
           onupdate=func.now()),
    Column("account_type", String(30)),
    Column("tenancy_ref", String(40)),
    Column("weekly_charge", MONEY),
    Column("patch", String(20)),  # for object-level access: officers work their own patches
    Index("ix_credit_position_balance", "balance"),
)

# Who is liable on which account (AccountOpened, TenancyStarted): finds a person's other debts.
account_person_table = Table(
    "account_person",
    metadata,
    Column("account_ref", String(15), primary_key=True),
    Column("person_id", String(60), primary_key=True),
    Index("ix_account_person_person", "person_id"),
)

# Payments received (PaymentReceived, PaymentBatchReceived): method and date for the
# clearing windows and for credit that came from housing benefit or universal credit.
payment_seen_table = Table(
    "payment_seen",
    metadata,
    Column("payment_id", UUID(as_uuid=True), primary_key=True),
    Column("account_ref", String(15), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("method", String(30), nullable=False),
    Column("received_on", Date, nullable=False),
    Column("reversed", Boolean, nullable=False, server_default="false"),  # PaymentReversed: no longer credit
    Index("ix_payment_seen_account", "account_ref", "received_on"),
)

# Housing benefit overpayments notified by the benefits service and not yet recovered.
hb_overpayment_table = Table(
    "hb_overpayment",
    metadata,
    Column("overpayment_id", UUID(as_uuid=True), primary_key=True),
    Column("account_ref", String(15), nullable=False),
    Column("claim_reference", String(40), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("recovered", MONEY, nullable=False, server_default="0"),
    Column("notified_on", Date, nullable=False),
    Column("status", String(10), nullable=False, server_default="open"),
    Column("recorded_by", String(100), nullable=False),
    _now(),
    CheckConstraint("amount > 0", name="amount_positive"),
    CheckConstraint("status IN ('open', 'recovered', 'withdrawn')", name="status"),
    Index("ix_hb_overpayment_account", "account_ref", "status"),
)

refund_policy_table = Table(
    "refund_policy",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("dual_approval_threshold", MONEY, nullable=False),
    Column("keep_weeks", Integer, nullable=False),
    Column("minimum_refund", MONEY, nullable=False),
    Column("review_day_of_month", Integer, nullable=False),
    # The landlord's own account the refunds are paid from (unset until configured).
    Column("originator_sort_code", String(6)),
    Column("originator_account_number", String(8)),
    Column("originator_name", String(18)),
    Column("updated_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("id = 1", name="single_row"),
    CheckConstraint("keep_weeks >= 0 AND review_day_of_month BETWEEN 1 AND 28", name="ranges"),
)

clearing_window_table = Table(
    "clearing_window",
    metadata,
    Column("method", String(30), primary_key=True),
    Column("days", Integer, nullable=False),
    Column("updated_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("days >= 0", name="days_not_negative"),
)

approval_limit_table = Table(
    "approval_limit",
    metadata,
    Column("role", String(30), primary_key=True),
    Column("max_amount", MONEY, nullable=False),
    Column("updated_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("max_amount >= 0", name="max_not_negative"),
)

refund_table = Table(
    "refund",
    metadata,
    Column("refund_id", UUID(as_uuid=True), primary_key=True),
    Column("account_ref", String(15), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("payee", String(20), nullable=False),
    Column("payee_name", String(70)),
    Column("sort_code", String(6)),
    Column("account_number", String(10)),
    Column("reason_code", String(30), nullable=False),
    Column("note", Text),
    Column("keep_week_waived", Boolean, nullable=False, server_default="false"),
    Column("status", String(10), nullable=False),
    Column("requested_by", String(100), nullable=False),
    Column("requested_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("checks", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("checked_at", DateTime(timezone=True)),
    Column("checked_seq", BigInteger),
    Column("checked_balance", MONEY),
    Column("rejected_reason", Text),
    Column("batch_id", UUID(as_uuid=True)),
    Column("paid_on", Date),
    # Billing's posting names the RefundIssued event that caused it: how we see it landed.
    Column("issued_event_id", UUID(as_uuid=True)),
    Column("ledger_posted", Boolean, nullable=False, server_default="false"),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("amount > 0", name="amount_positive"),
    CheckConstraint("status IN ('requested', 'checked', 'approved', 'paid', 'rejected')", name="status"),
    Index("ix_refund_status", "status", "requested_at"),
    Index("ix_refund_account", "account_ref"),
    # One open refund per account: two open at once could each spend the same credit.
    Index("uq_refund_open_account", "account_ref", unique=True,
          postgresql_where=text("status IN ('requested', 'checked', 'approved')")),
    Index("ix_refund_paid_on", "paid_on"),
)

refund_approval_table = Table(
    "refund_approval",
    metadata,
    Column("refund_id", UUID(as_uuid=True), ForeignKey("refund.refund_id"), primary_key=True),
    Column("approver", String(100), primary_key=True),
    Column("approver_limit", MONEY, nullable=False),
    Column("approved_at", DateTime(timezone=True), nullable=False),
)

credit_transfer_table = Table(
    "credit_transfer",
    metadata,
    Column("transfer_id", UUID(as_uuid=True), primary_key=True),
    Column("from_account_ref", String(15), nullable=False),
    Column("to_account_ref", String(15), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("reason", Text, nullable=False),
    Column("refund_id", UUID(as_uuid=True)),
    Column("requested_by", String(100), nullable=False),
    Column("event_id", UUID(as_uuid=True), nullable=False),  # the CreditTransferRequested event
    Column("ledger_posted", Boolean, nullable=False, server_default="false"),
    _now(),
    CheckConstraint("amount > 0", name="amount_positive"),
    Index("ix_credit_transfer_pending_from", "from_account_ref", postgresql_where=text("NOT ledger_posted")),
    Index("ix_credit_transfer_pending_to", "to_account_ref", postgresql_where=text("NOT ledger_posted")),
)

payment_batch_table = Table(
    "payment_batch",
    metadata,
    Column("batch_id", UUID(as_uuid=True), primary_key=True),
    Column("processing_date", Date, nullable=False),
    Column("item_count", Integer, nullable=False),
    Column("total", MONEY, nullable=False),
    Column("file_name", String(60), nullable=False),
    Column("content", Text, nullable=False),
    Column("created_by", String(100), nullable=False),
    _now(),
)

credit_review_table = Table(
    "credit_review",
    metadata,
    Column("review_id", UUID(as_uuid=True), primary_key=True),
    Column("kind", String(10), nullable=False),
    Column("period", String(7)),
    Column("as_of", Date, nullable=False),
    Column("account_count", Integer, nullable=False, server_default="0"),
    Column("total_credit", MONEY, nullable=False, server_default="0"),
    Column("created_by", String(100), nullable=False),
    _now(),
    CheckConstraint("kind IN ('monthly', 'on_demand')", name="kind"),
    Index("uq_credit_review_monthly_period", "period", unique=True, postgresql_where=text("kind = 'monthly'")),
)

credit_review_line_table = Table(
    "credit_review_line",
    metadata,
    Column("review_id", UUID(as_uuid=True), ForeignKey("credit_review.review_id"), primary_key=True),
    Column("account_ref", String(15), primary_key=True),
    Column("credit", MONEY, nullable=False),
    Column("action", String(10), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("payee", String(20)),
    Column("why", Text, nullable=False),
    Column("transfers", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
)
