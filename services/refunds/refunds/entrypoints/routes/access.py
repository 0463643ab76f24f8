"""Who may do what in refunds."""

from __future__ import annotations

from shared.auth.principal import Role

READERS = (Role.RENT_OFFICER, Role.INCOME_OFFICER, Role.SENIOR_OFFICER, Role.FINANCE_APPROVER, Role.AUDITOR)
REQUESTERS = (Role.RENT_OFFICER, Role.INCOME_OFFICER, Role.SENIOR_OFFICER)
APPROVERS = (Role.SENIOR_OFFICER, Role.FINANCE_APPROVER)
PAYERS = (Role.FINANCE_APPROVER,)
CONFIGURERS = (Role.ADMIN,)

