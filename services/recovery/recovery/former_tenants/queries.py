"""SQL fragments over the former tenant arrears cases for other packages' set-based
statements (the KPIs): each embeds one as a derived table. Never commits."""

from __future__ import annotations

# The accounts with an open former tenant arrears case.
OPEN_CASE_ACCOUNTS = "SELECT account_ref FROM fta_case WHERE status = 'open'"

# Every case's account and the day its tenancy ended.
TENANCY_ENDS = "SELECT account_ref, tenancy_ended_on FROM fta_case"

# The ids (as text, as the audit log keeps them) of the account :account_ref's former tenant
# arrears case and its agency referrals.
FTA_IDS_OF_ACCOUNT = "SELECT fta_id::text FROM fta_case WHERE account_ref = :account_ref"
REFERRAL_IDS_OF_ACCOUNT = "SELECT referral_id::text FROM dca_referral WHERE account_ref = :account_ref"
