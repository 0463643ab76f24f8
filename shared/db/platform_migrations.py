"""Migrations of the platform tables every service has (outbox, inbox, idempotency
keys, audit log), written once. Each service's own migrations call the version they
need: ``platform_migrations.upgrade_v1(op)``."""

# ruff: noqa: E501
import sqlalchemy as sa
from alembic.operations import Operations
from sqlalchemy.dialects import postgresql

from shared.db.platform_tables import OUTBOX_PARTITIONS


def upgrade_v1(op: Operations) -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('entity', sa.String(length=60), nullable=False),
    sa.Column('entity_id', sa.String(length=100), nullable=False),
    sa.Column('before', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('after', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('source', sa.String(length=300), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    op.create_index('ix_audit_log_entity', 'audit_log', ['entity', 'entity_id'], unique=False)
    op.create_table('idempotency_key',
    sa.Column('scope', sa.String(length=120), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('principal', sa.String(length=200), nullable=False),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=False),
    sa.Column('response', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('scope', 'key', name=op.f('pk_idempotency_key'))
    )
    op.create_table('inbox',
    sa.Column('consumer', sa.String(length=120), nullable=False),
    sa.Column('message_id', sa.String(length=200), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('consumer', 'message_id', name=op.f('pk_inbox'))
    )
    op.create_table('outbox',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('event_id', sa.UUID(), nullable=False),
    sa.Column('event_type', sa.String(length=80), nullable=False),
    sa.Column('routing_key', sa.String(length=200), nullable=False),
    sa.Column('aggregate_key', sa.String(length=200), nullable=False),
    sa.Column('partition', sa.SmallInteger(), nullable=False),
    sa.Column('body', sa.LargeBinary(), nullable=False),
    sa.Column('headers', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
    sa.UniqueConstraint('event_id', name=op.f('uq_outbox_event_id'))
    )
    op.create_index('ix_outbox_published_at', 'outbox', ['published_at'], unique=False)
    op.create_index('ix_outbox_unpublished', 'outbox', ['partition', 'id'], unique=False, postgresql_where=sa.text('published_at IS NULL'))
    op.create_table('outbox_partition',
    sa.Column('partition', sa.SmallInteger(), autoincrement=False, nullable=False),
    sa.PrimaryKeyConstraint('partition', name=op.f('pk_outbox_partition'))
    )
    bind = op.get_bind()
    bind.execute(sa.text('INSERT INTO outbox_partition (partition) SELECT generate_series(0, :n - 1)'), {'n': OUTBOX_PARTITIONS})


def downgrade_v1(op: Operations) -> None:
    op.drop_table('outbox_partition')
    op.drop_index('ix_outbox_unpublished', table_name='outbox', postgresql_where=sa.text('published_at IS NULL'))
    op.drop_index('ix_outbox_published_at', table_name='outbox')
    op.drop_table('outbox')
    op.drop_table('inbox')
    op.drop_table('idempotency_key')
    op.drop_index('ix_audit_log_entity', table_name='audit_log')
    op.drop_table('audit_log')


def upgrade_audit_account_ref(op: Operations) -> None:
    """audit_log.account_ref: the account a record concerns, written when the service knows it,
    so one account's audit trail is one index range (shared.audit.account_trail). Run by a
    service's own migration before it writes or reads the column."""
    op.add_column('audit_log', sa.Column('account_ref', sa.String(length=30), nullable=True))
    op.create_index('ix_audit_log_account', 'audit_log', ['account_ref', 'id'], unique=False)


def downgrade_audit_account_ref(op: Operations) -> None:
    op.drop_index('ix_audit_log_account', table_name='audit_log')
    op.drop_column('audit_log', 'account_ref')
