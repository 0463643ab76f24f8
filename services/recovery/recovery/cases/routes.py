import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select

from recovery.access import OFFICERS, READERS, authorise_account
from recovery.cases import service as cases
from recovery.cases.queries import actions_of_account, actions_on
from recovery.cases.queries import get_case as load_case
from recovery.cases.schemas import ActionPublic, CasePublic, PauseCreate, PreActionPublic, UnpauseCreate
from recovery.cases.tables import recovery_case_table as cases_table
from recovery.policy.pre_action import REQUIRED_STEPS
from shared.auth.principal import Principal
from shared.web.app import UowDep
from shared.web.idempotency import OptionalIdempotencyKey, once
from shared.web.pagination import Limit
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(tags=["cases"])


async def _case_public(uow, case) -> CasePublic:
    rows = await actions_on(uow.session, case["case_id"])
    return CasePublic(**case, actions=[ActionPublic(**r) for r in rows])


@router.get("/cases/{case_id}", response_model=CasePublic)
async def get_case(case_id: uuid.UUID, uow: UowDep, user: Principal = Depends(require_roles(*READERS))) -> CasePublic:
    async with uow:
        case = await load_case(uow.session, case_id)
        await authorise_account(uow.session, user, case["account_ref"])
        return await _case_public(uow, case)


@router.get("/accounts/{account_ref}/case", response_model=CasePublic)
async def account_case(account_ref: str, uow: UowDep, user: Principal = Depends(require_roles(*READERS))) -> CasePublic:
    """The account's open arrears case."""
    async with uow:
        await authorise_account(uow.session, user, account_ref)
        case = (await uow.session.execute(select(cases_table).where(
            cases_table.c.account_ref == account_ref, cases_table.c.status == "open"))).mappings().first()
        if case is None:
            raise ProblemError(404, "Not found", f"{account_ref} has no open arrears case")
        return await _case_public(uow, case)


@router.get("/accounts/{account_ref}/actions", response_model=list[ActionPublic])
async def account_actions(account_ref: str, uow: UowDep, limit: Limit = 100, offset: int = Query(0, ge=0),
                          user: Principal = Depends(require_roles(*READERS))) -> list[ActionPublic]:
    """The account's diary: calls, visits, letters, notes and every other action on any of its cases, newest
    first (who, when, outcome, notes in `details`), paged."""
    async with uow:
        await authorise_account(uow.session, user, account_ref)
        return [ActionPublic(**r) for r in await actions_of_account(uow.session, account_ref, limit, offset)]


@router.get("/cases/{case_id}/pre-action", response_model=PreActionPublic)
async def pre_action(case_id: uuid.UUID, uow: UowDep,
                     user: Principal = Depends(require_roles(*READERS))) -> PreActionPublic:
    """Which pre-action protocol steps are evidenced on the case and which are missing."""
    async with uow:
        await authorise_account(uow.session, user, (await load_case(uow.session, case_id))["account_ref"])
        missing = await cases.pre_action_missing(uow, case_id)
    return PreActionPublic(case_id=case_id, complete=not missing, missing=missing,
                           done=[s for s in REQUIRED_STEPS if s not in missing])


@router.post("/accounts/{account_ref}/pause", response_model=CasePublic)
async def pause(account_ref: str, body: PauseCreate, uow: UowDep, key: OptionalIdempotencyKey = None,
                user: Principal = Depends(require_roles(*OFFICERS))) -> Any:
    """Pause the account's case (opened if none is open) to the end of `until`, with a reason from the
    pause_reasons setting (422 naming `reason`, `note` or `until` otherwise): the daily run holds its
    recommendation (hold `officer_pause`) meanwhile. Replaces a pause in force. Audited."""
    async def act() -> CasePublic:
        await authorise_account(uow.session, user, account_ref)
        case_id = await cases.pause(uow, account_ref, body.reason, body.until, body.note, user.actor, date.today())
        return await _case_public(uow, await load_case(uow.session, case_id))

    return await once(uow, f"case-pause:{account_ref}", key, user, body.model_dump(mode="json"), 200, act)


@router.post("/accounts/{account_ref}/unpause", response_model=CasePublic)
async def unpause(account_ref: str, body: UnpauseCreate, uow: UowDep,
                  user: Principal = Depends(require_roles(*OFFICERS))) -> CasePublic:
    """End the officer's pause now (409 if the case is not paused). Audited."""
    async with uow:
        await authorise_account(uow.session, user, account_ref)
        case_id = await cases.unpause(uow, account_ref, body.note, user.actor, date.today())
        await uow.commit()
        return await _case_public(uow, await load_case(uow.session, case_id))
