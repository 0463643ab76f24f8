"""SQL fragments over the former tenant arrears cases for other packages' set-based
statements (the KPIs): each embeds one as a derived table. Never commits."""

from __future__ import annotations

# The accounts with an open former tenant arrears case.
OPEN_CASE_ACCOUNTS = "SELECT account_ref FROM fta_case WHERE status = 'open'"

# Every case's account and the day its tenancy ended.
TENANCY_ENDS = "SELECT account_ref, tenancy_ended_on FROM fta_case"
