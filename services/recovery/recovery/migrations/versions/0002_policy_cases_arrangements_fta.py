"""recovery policy, cases, arrangements, fta, write-offs

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

# The defaults a new installation starts with, as they were when this revision was
# written (later edits go through the policy API and its audit trail).
DEFAULT_POLICIES = {
 "tenant_default": {
  "name": "Tenant rent arrears (London borough default)",
  "account_types": [
   "rent",
   "temporary_accommodation",
   "garage"
  ],
  "stages": [
   {
    "code": "first_letter",
    "title": "First arrears letter",
    "action": "letter",
    "letter_type": "arrears_first_letter",
    "min_arrears": "10.00",
    "no_court_date": True,
    "demands_payment": True
   },
   {
    "code": "second_letter",
    "title": "Second arrears letter",
    "action": "letter",
    "letter_type": "arrears_second_letter",
    "min_arrears": "10.00",
    "min_weeks": "2",
    "after": [
     {
      "stage": "first_letter",
      "min_days": 7
     }
    ],
    "no_court_date": True,
    "demands_payment": True
   },
   {
    "code": "contact_visit",
    "title": "Contact the tenant: call or visit",
    "action": "visit",
    "min_arrears": "10.00",
    "min_weeks": "3",
    "after": [
     {
      "stage": "second_letter",
      "min_days": 7
     }
    ]
   },
   {
    "code": "nosp",
    "title": "Serve Notice of Seeking Possession",
    "action": "notice",
    "letter_type": "nosp_cover_letter",
    "min_arrears": "10.00",
    "min_weeks": "4",
    "after": [
     {
      "stage": "second_letter",
      "min_days": 7,
      "max_days": 92
     }
    ],
    "enforcement": True,
    "demands_payment": True,
    "wait_days": 28
   },
   {
    "code": "court_warning_letter",
    "title": "Court warning letter",
    "action": "letter",
    "letter_type": "court_warning_letter",
    "min_weeks": "4",
    "requires_live_notice": True,
    "enforcement": True,
    "demands_payment": True,
    "wait_days": 14
   },
   {
    "code": "court_referral",
    "title": "Apply for a court date",
    "action": "court_referral",
    "min_weeks": "4",
    "after": [
     {
      "stage": "court_warning_letter",
      "min_days": 14
     }
    ],
    "requires_live_notice": True,
    "enforcement": True,
    "pre_action_protocol": True,
    "wait_days": 28
   },
   {
    "code": "warrant",
    "title": "Apply for a warrant of possession",
    "action": "warrant",
    "after": [
     {
      "stage": "court_referral"
     }
    ],
    "requires_enforceable_order": True,
    "enforcement": True,
    "wait_days": 14
   },
   {
    "code": "eviction",
    "title": "Book the eviction",
    "action": "eviction",
    "after": [
     {
      "stage": "warrant"
     }
    ],
    "enforcement": True,
    "wait_days": 14
   }
  ]
 },
 "leasehold_sundry_default": {
  "name": "Leasehold and sundry debt",
  "account_types": [
   "leasehold",
   "sundry"
  ],
  "stages": [
   {
    "code": "reminder",
    "title": "Reminder",
    "action": "letter",
    "letter_type": "leasehold_reminder",
    "min_arrears": "0.00",
    "demands_payment": True,
    "wait_days": 14
   },
   {
    "code": "final_reminder",
    "title": "Final reminder",
    "action": "letter",
    "letter_type": "leasehold_final_reminder",
    "min_arrears": "0.00",
    "after": [
     {
      "stage": "reminder",
      "min_days": 14
     }
    ],
    "demands_payment": True,
    "wait_days": 14
   },
   {
    "code": "pre_action_letter",
    "title": "Pre-Action Protocol for Debt Claims letter",
    "action": "letter",
    "letter_type": "pre_action_protocol_letter",
    "min_arrears": "0.00",
    "after": [
     {
      "stage": "final_reminder",
      "min_days": 14
     }
    ],
    "demands_payment": True,
    "wait_days": 30,
    "enclosures": [
     "information_sheet",
     "reply_form",
     "financial_statement"
    ],
    "reply_days": 30
   },
   {
    "code": "money_claim",
    "title": "County court money claim",
    "action": "money_claim",
    "min_arrears": "0.00",
    "after": [
     {
      "stage": "pre_action_letter",
      "min_days": 30
     }
    ],
    "disputed": False,
    "enforcement": True,
    "wait_days": 28
   },
   {
    "code": "tribunal_application",
    "title": "First-tier Tribunal application (disputed charge)",
    "action": "tribunal_application",
    "min_arrears": "0.00",
    "after": [
     {
      "stage": "pre_action_letter",
      "min_days": 30
     }
    ],
    "disputed": True,
    "enforcement": True,
    "wait_days": 28
   }
  ],
  "benefit_timing_exempt": False
 }
}

DEFAULT_SETTINGS = {
    "arrangement_tolerance": {"amount": "1.00", "percent": "0"},
    "write_off_limits": {"senior_officer": "1000.00", "finance_approver": "25000.00"},
}


def _seed() -> None:
    policy = sa.table("arrears_policy", sa.column("policy_code"), sa.column("body", postgresql.JSONB),
                      sa.column("version"), sa.column("updated_by"))
    op.bulk_insert(policy, [{"policy_code": code, "body": body, "version": 1, "updated_by": "migration"}
                            for code, body in DEFAULT_POLICIES.items()])
    setting = sa.table("recovery_setting", sa.column("key"), sa.column("value", postgresql.JSONB),
                       sa.column("updated_by"))
    op.bulk_insert(setting, [{"key": key, "value": value, "updated_by": "migration"}
                             for key, value in DEFAULT_SETTINGS.items()])


def upgrade() -> None:
    op.create_table('arrangement',
    sa.Column('arrangement_id', sa.UUID(), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('frequency', sa.String(length=20), nullable=False),
    sa.Column('instalment', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('weekly_charge', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('arrears_at_start', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('assessment', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('disposable_weekly', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('schedule', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('agreed_by', sa.String(length=100), nullable=False),
    sa.Column('breached_on', sa.Date(), nullable=True),
    sa.Column('breach_reason', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('arrangement_id', name=op.f('pk_arrangement'))
    )
    op.create_index('ix_arrangement_account', 'arrangement', ['account_ref'], unique=False)
    op.create_table('arrangement_period',
    sa.Column('arrangement_id', sa.UUID(), nullable=False),
    sa.Column('period_no', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('expected', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('paid', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('kept', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('arrangement_id', 'period_no', name=op.f('pk_arrangement_period'))
    )
    op.create_table('arrears_policy',
    sa.Column('policy_code', sa.String(length=40), nullable=False),
    sa.Column('body', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_by', sa.String(length=100), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('policy_code', name=op.f('pk_arrears_policy'))
    )
    op.create_table('arrears_snapshot',
    sa.Column('run_date', sa.Date(), nullable=False),
    sa.Column('current_arrears', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('accounts_in_arrears', sa.Integer(), nullable=False),
    sa.Column('annual_rent_debit', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('fta_balance', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('open_cases', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('run_date', name=op.f('pk_arrears_snapshot'))
    )
    op.create_table('breathing_space',
    sa.Column('breathing_space_id', sa.UUID(), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('reference', sa.String(length=60), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('crisis_treatment_ends_on', sa.Date(), nullable=True),
    sa.Column('protected_arrears', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('ended_early_on', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.String(length=500), nullable=True),
    sa.Column('registered_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('breathing_space_id', name=op.f('pk_breathing_space'))
    )
    op.create_index('ix_breathing_space_account', 'breathing_space', ['account_ref'], unique=False)
    op.create_table('case_action',
    sa.Column('action_id', sa.UUID(), nullable=False),
    sa.Column('case_id', sa.UUID(), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('stage', sa.String(length=40), nullable=True),
    sa.Column('taken_on', sa.Date(), nullable=False),
    sa.Column('officer', sa.String(length=100), nullable=False),
    sa.Column('outcome', sa.String(length=200), nullable=True),
    sa.Column('details', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('wait_until', sa.Date(), nullable=True),
    sa.Column('recommendation_id', sa.UUID(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('action_id', name=op.f('pk_case_action'))
    )
    op.create_index('ix_case_action_case', 'case_action', ['case_id', 'taken_on'], unique=False)
    op.create_table('daily_run',
    sa.Column('run_id', sa.UUID(), nullable=False),
    sa.Column('run_date', sa.Date(), nullable=False),
    sa.Column('run_by', sa.String(length=100), nullable=False),
    sa.Column('accounts_evaluated', sa.Integer(), nullable=False),
    sa.Column('recommended', sa.Integer(), nullable=False),
    sa.Column('held', sa.Integer(), nullable=False),
    sa.Column('periods_assessed', sa.Integer(), nullable=False),
    sa.Column('breaches', sa.Integer(), nullable=False),
    sa.Column('seconds', sa.Numeric(precision=8, scale=3), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('run_id', name=op.f('pk_daily_run')),
    sa.UniqueConstraint('run_date', name=op.f('uq_daily_run_run_date'))
    )
    op.create_table('dca_agency',
    sa.Column('agency_code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('commission_percent', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_by', sa.String(length=100), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('agency_code', name=op.f('pk_dca_agency'))
    )
    op.create_table('dca_batch',
    sa.Column('batch_id', sa.UUID(), nullable=False),
    sa.Column('agency_code', sa.String(length=20), nullable=False),
    sa.Column('referred_on', sa.Date(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('referrals', sa.Integer(), nullable=False),
    sa.Column('total', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('batch_id', name=op.f('pk_dca_batch'))
    )
    op.create_table('dca_referral',
    sa.Column('referral_id', sa.UUID(), nullable=False),
    sa.Column('batch_id', sa.UUID(), nullable=False),
    sa.Column('fta_id', sa.UUID(), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('agency_code', sa.String(length=20), nullable=False),
    sa.Column('referred_on', sa.Date(), nullable=False),
    sa.Column('balance_referred', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('recalled_on', sa.Date(), nullable=True),
    sa.Column('recall_reason', sa.String(length=500), nullable=True),
    sa.PrimaryKeyConstraint('referral_id', name=op.f('pk_dca_referral'))
    )
    op.create_index('uq_dca_referral_placed', 'dca_referral', ['fta_id'], unique=True, postgresql_where=sa.text("status = 'placed'"))
    op.create_table('fta_case',
    sa.Column('fta_id', sa.UUID(), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('tenancy_ref', sa.String(length=30), nullable=True),
    sa.Column('tenancy_ended_on', sa.Date(), nullable=False),
    sa.Column('end_reason', sa.String(length=200), nullable=True),
    sa.Column('balance_at_termination', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('benefit_check', sa.String(length=20), nullable=False),
    sa.Column('benefit_check_note', sa.String(length=500), nullable=True),
    sa.Column('last_acknowledged_on', sa.Date(), nullable=True),
    sa.Column('traced_address', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('fta_id', name=op.f('pk_fta_case')),
    sa.UniqueConstraint('account_ref', name=op.f('uq_fta_case_account_ref'))
    )
    op.create_table('fta_trace',
    sa.Column('trace_id', sa.UUID(), nullable=False),
    sa.Column('fta_id', sa.UUID(), nullable=False),
    sa.Column('method', sa.String(length=60), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('requested_by', sa.String(length=100), nullable=False),
    sa.Column('result', sa.String(length=12), nullable=False),
    sa.Column('result_on', sa.Date(), nullable=True),
    sa.Column('result_by', sa.String(length=100), nullable=True),
    sa.Column('new_address', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('trace_id', name=op.f('pk_fta_trace'))
    )
    op.create_table('money_posting',
    sa.Column('posting_id', sa.UUID(), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('posting_type', sa.String(length=30), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('effective_date', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('posting_id', name=op.f('pk_money_posting'))
    )
    op.create_index('ix_money_posting_account', 'money_posting', ['account_ref', 'effective_date'], unique=False)
    op.create_index('ix_money_posting_date', 'money_posting', ['effective_date'], unique=False)
    op.create_table('recommendation',
    sa.Column('recommendation_id', sa.UUID(), nullable=False),
    sa.Column('run_id', sa.UUID(), nullable=False),
    sa.Column('run_date', sa.Date(), nullable=False),
    sa.Column('case_id', sa.UUID(), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('patch', sa.String(length=40), nullable=True),
    sa.Column('policy_code', sa.String(length=40), nullable=False),
    sa.Column('stage', sa.String(length=40), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('letter_type', sa.String(length=40), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('hold', sa.String(length=40), nullable=True),
    sa.Column('risk_score', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=True),
    sa.Column('arrears', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('weeks_in_arrears', sa.Numeric(precision=8, scale=2), nullable=True),
    sa.Column('payer_profile', sa.String(length=30), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('decided_by', sa.String(length=100), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('skip_reason', sa.String(length=500), nullable=True),
    sa.PrimaryKeyConstraint('recommendation_id', name=op.f('pk_recommendation'))
    )
    op.create_index('ix_recommendation_case', 'recommendation', ['case_id'], unique=False)
    op.create_index('ix_recommendation_caseload', 'recommendation', ['status', 'patch', 'rank'], unique=False)
    op.create_table('recovery_case',
    sa.Column('case_id', sa.UUID(), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('policy_code', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('closed_reason', sa.String(length=40), nullable=True),
    sa.Column('stage', sa.String(length=40), nullable=True),
    sa.Column('stage_on', sa.Date(), nullable=True),
    sa.Column('court_date', sa.Date(), nullable=True),
    sa.Column('notice_served_on', sa.Date(), nullable=True),
    sa.Column('notice_usable_from', sa.Date(), nullable=True),
    sa.Column('notice_expires_on', sa.Date(), nullable=True),
    sa.Column('court_order', sa.String(length=40), nullable=True),
    sa.Column('order_terms', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('possession_date', sa.Date(), nullable=True),
    sa.Column('order_breached', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('eviction_date', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_recovery_case'))
    )
    op.create_index('uq_recovery_case_open_account', 'recovery_case', ['account_ref'], unique=True, postgresql_where=sa.text("status = 'open'"))
    op.create_table('recovery_setting',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('updated_by', sa.String(length=100), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_recovery_setting'))
    )
    op.create_table('write_off',
    sa.Column('write_off_id', sa.UUID(), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('proposed_by', sa.String(length=100), nullable=False),
    sa.Column('decided_by', sa.String(length=100), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('decision_note', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('write_off_id', name=op.f('pk_write_off'))
    )
    op.add_column('account_position', sa.Column('tenure', sa.String(length=30), nullable=True))
    op.add_column('account_position', sa.Column('tenants', postgresql.JSONB(astext_type=sa.Text()), nullable=True))
    op.add_column('account_position', sa.Column('address', postgresql.JSONB(astext_type=sa.Text()), nullable=True))
    op.add_column('account_position', sa.Column('forwarding_address', postgresql.JSONB(astext_type=sa.Text()), nullable=True))
    op.add_column('account_position', sa.Column('last_hb_on', sa.Date(), nullable=True))
    op.add_column('account_position', sa.Column('last_uc_on', sa.Date(), nullable=True))
    op.add_column('account_position', sa.Column('last_dd_on', sa.Date(), nullable=True))
    op.add_column('account_position', sa.Column('last_dd_unpaid_on', sa.Date(), nullable=True))
    op.add_column('account_position', sa.Column('benefit_claim_pending', sa.Boolean(), server_default=sa.text('false'), nullable=False))
    op.add_column('account_position', sa.Column('charge_disputed', sa.Boolean(), server_default=sa.text('false'), nullable=False))
    op.add_column('account_position', sa.Column('vulnerable', sa.Boolean(), server_default=sa.text('false'), nullable=False))
    op.add_column('account_position', sa.Column('vulnerability_reviewed_by', sa.String(length=100), nullable=True))
    op.add_column('account_position', sa.Column('vulnerability_reviewed_on', sa.Date(), nullable=True))
    _seed()


def downgrade() -> None:
    op.drop_column('account_position', 'vulnerability_reviewed_on')
    op.drop_column('account_position', 'vulnerability_reviewed_by')
    op.drop_column('account_position', 'vulnerable')
    op.drop_column('account_position', 'charge_disputed')
    op.drop_column('account_position', 'benefit_claim_pending')
    op.drop_column('account_position', 'last_dd_unpaid_on')
    op.drop_column('account_position', 'last_dd_on')
    op.drop_column('account_position', 'last_uc_on')
    op.drop_column('account_position', 'last_hb_on')
    op.drop_column('account_position', 'forwarding_address')
    op.drop_column('account_position', 'address')
    op.drop_column('account_position', 'tenants')
    op.drop_column('account_position', 'tenure')
    op.drop_table('write_off')
    op.drop_table('recovery_setting')
    op.drop_index('uq_recovery_case_open_account', table_name='recovery_case', postgresql_where=sa.text("status = 'open'"))
    op.drop_table('recovery_case')
    op.drop_index('ix_recommendation_caseload', table_name='recommendation')
    op.drop_index('ix_recommendation_case', table_name='recommendation')
    op.drop_table('recommendation')
    op.drop_index('ix_money_posting_date', table_name='money_posting')
    op.drop_index('ix_money_posting_account', table_name='money_posting')
    op.drop_table('money_posting')
    op.drop_table('fta_trace')
    op.drop_table('fta_case')
    op.drop_index('uq_dca_referral_placed', table_name='dca_referral', postgresql_where=sa.text("status = 'placed'"))
    op.drop_table('dca_referral')
    op.drop_table('dca_batch')
    op.drop_table('dca_agency')
    op.drop_table('daily_run')
    op.drop_index('ix_case_action_case', table_name='case_action')
    op.drop_table('case_action')
    op.drop_index('ix_breathing_space_account', table_name='breathing_space')
    op.drop_table('breathing_space')
    op.drop_table('arrears_snapshot')
    op.drop_table('arrears_policy')
    op.drop_table('arrangement_period')
    op.drop_index('ix_arrangement_account', table_name='arrangement')
    op.drop_table('arrangement')
