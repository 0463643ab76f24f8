"""delivery, contacts, settings, batches

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('contact',
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('person_id', sa.String(length=60), nullable=False),
    sa.Column('tenancy_ref', sa.String(length=40), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('is_lead', sa.Boolean(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('mobile', sa.String(length=30), nullable=True),
    sa.Column('address', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('forwarding_address', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'[]'::jsonb"), nullable=False),
    sa.Column('tenancy_status', sa.String(length=10), server_default='current', nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('account_ref', 'person_id', name=op.f('pk_contact'))
    )
    op.create_index('ix_contact_person', 'contact', ['person_id'], unique=False)
    op.create_table('contact_preference',
    sa.Column('person_id', sa.String(length=60), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('format', sa.String(length=12), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('mobile', sa.String(length=30), nullable=True),
    sa.Column('updated_by', sa.String(length=100), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_contact_preference'))
    )
    op.create_table('mail_merge_batch',
    sa.Column('batch_id', sa.UUID(), nullable=False),
    sa.Column('letter_type', sa.String(length=60), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('letter_count', sa.Integer(), nullable=False),
    sa.Column('page_count', sa.Integer(), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.Column('manifest', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('batch_id', name=op.f('pk_mail_merge_batch'))
    )
    op.create_index('ix_mail_merge_batch_day', 'mail_merge_batch', ['day', 'letter_type'], unique=False)
    op.create_table('notification_setting',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('updated_by', sa.String(length=100), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_notification_setting'))
    )
    op.create_table('notification_document',
    sa.Column('notification_id', sa.UUID(), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['notification_id'], ['notification.notification_id'], name=op.f('fk_notification_document_notification_id_notification'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('notification_id', name=op.f('pk_notification_document'))
    )
    op.add_column('notification', sa.Column('event_version', sa.SmallInteger(), server_default=sa.text('1'), nullable=False))
    op.add_column('notification', sa.Column('format', sa.String(length=12), server_default='standard', nullable=False))
    op.add_column('notification', sa.Column('recipient', postgresql.JSONB(astext_type=sa.Text()), nullable=True))
    op.add_column('notification', sa.Column('route_note', sa.Text(), nullable=True))
    op.add_column('notification', sa.Column('template_version', sa.Integer(), nullable=True))
    op.add_column('notification', sa.Column('attempts', sa.Integer(), server_default=sa.text('0'), nullable=False))
    op.add_column('notification', sa.Column('next_attempt_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False))
    op.add_column('notification', sa.Column('provider_ref', sa.String(length=200), nullable=True))
    op.add_column('notification', sa.Column('rendered_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('notification', sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('notification', sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('notification', sa.Column('batch_id', sa.UUID(), nullable=True))
    op.create_index('ix_notification_due', 'notification', ['next_attempt_at'], unique=False, postgresql_where=sa.text("status IN ('requested', 'rendered', 'sending')"))
    op.create_index('ix_notification_print_queue', 'notification', ['letter_type', 'rendered_at'], unique=False, postgresql_where=sa.text("status = 'rendered' AND channel = 'letter'"))


def downgrade() -> None:
    op.drop_index('ix_notification_print_queue', table_name='notification', postgresql_where=sa.text("status = 'rendered' AND channel = 'letter'"))
    op.drop_index('ix_notification_due', table_name='notification', postgresql_where=sa.text("status IN ('requested', 'rendered', 'sending')"))
    op.drop_column('notification', 'batch_id')
    op.drop_column('notification', 'delivered_at')
    op.drop_column('notification', 'sent_at')
    op.drop_column('notification', 'rendered_at')
    op.drop_column('notification', 'provider_ref')
    op.drop_column('notification', 'next_attempt_at')
    op.drop_column('notification', 'attempts')
    op.drop_column('notification', 'template_version')
    op.drop_column('notification', 'route_note')
    op.drop_column('notification', 'recipient')
    op.drop_column('notification', 'format')
    op.drop_column('notification', 'event_version')
    op.drop_table('notification_document')
    op.drop_table('notification_setting')
    op.drop_index('ix_mail_merge_batch_day', table_name='mail_merge_batch')
    op.drop_table('mail_merge_batch')
    op.drop_table('contact_preference')
    op.drop_index('ix_contact_person', table_name='contact')
    op.drop_table('contact')
