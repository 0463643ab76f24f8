from fastapi import APIRouter, Depends, Query

from recovery.access import AUDIT_READERS, authorise_account
from recovery.audit_trail.queries import account_audit
from recovery.audit_trail.schemas import AuditRecordPublic, AuditTrailPublic
from shared.auth.principal import Principal
from shared.web.app import UowDep
from shared.web.pagination import Limit
from shared.web.security import require_roles

router = APIRouter(tags=["audit"])


@router.get("/accounts/{account_ref}/audit", response_model=AuditTrailPublic)
async def account_audit_trail(account_ref: str, uow: UowDep, limit: Limit = 50, offset: int = Query(0, ge=0),
                              user: Principal = Depends(require_roles(*AUDIT_READERS))) -> AuditTrailPublic:
    """Recovery's audit records concerning the account (its flags, cases and actions, pauses, arrangements,
    Breathing Space, skipped recommendations, write-offs, former tenant arrears and agency referrals), newest
    first, paged. Who may read them (SPEC §3 audit, §7 object-level access): auditors, senior officers and
    admins in every patch; income, rent and leasehold officers only for accounts in their own patches (the
    officer's diary of the accounts they work). Finance approvers are not given them: they approve, they do
    not review the record. Daily runs and settings changes concern no one account and are not listed."""
    async with uow:
        await authorise_account(uow.session, user, account_ref)
        rows, total = await account_audit(uow.session, account_ref, limit, offset)
    return AuditTrailPublic(account_ref=account_ref, total=total, limit=limit, offset=offset,
                            items=[AuditRecordPublic(**r) for r in rows])
