import uuid
from datetime import date

from fastapi import APIRouter, Depends
from sqlalchemy import select

from recovery.adapters import repository as repo
from recovery.adapters.orm import case_action_table as actions
from recovery.adapters.orm import recovery_case_table as cases_table
from recovery.domain.actions import ActionRecord
from recovery.domain.pre_action import REQUIRED_STEPS
from recovery.entrypoints.routes.access import OFFICERS, READERS, authorise_account
from recovery.entrypoints.schemas import ActionCreate, ActionPublic, CasePublic, PreActionPublic
from recovery.service_layer import cases
from shared.auth.principal import Principal
from shared.web.app import UowDep
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(tags=["cases"])


async def _case_public(uow, case) -> CasePublic:
    rows = await repo.actions_on(uow.session, case["case_id"])
    return CasePublic(**case, actions=[ActionPublic(**r) for r in rows])


@router.get("/cases/{case_id}", response_model=CasePublic)
async def get_case(case_id: uuid.UUID, uow: UowDep, user: Principal = Depends(require_roles(*READERS))) -> CasePublic:
    async with uow:
        case = await repo.get_case(uow.session, case_id)
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


@router.post("/accounts/{account_ref}/actions", response_model=ActionPublic, status_code=201)
async def record_action(account_ref: str, body: ActionCreate, uow: UowDep,
                        user: Principal = Depends(require_roles(*OFFICERS))) -> ActionPublic:
    """Record a call, visit, letter, notice, hearing, order or eviction (opens a case if none is open).
    Refused while Breathing Space blocks it (enforcement, or a letter that demands payment: judged from the
    letter type and stage; `demands_payment` is ignored), a step needing the pre-action protocol while its
    steps are missing, and a possession step on a leasehold or sundry account."""
    fields = {name: getattr(body, name) for name in ActionCreate.model_fields if name != "demands_payment"}
    record = ActionRecord(officer=user.actor, **fields)
    async with uow:
        await authorise_account(uow.session, user, account_ref)
        case = await repo.open_case_for(uow.session, account_ref, date.today())
        action_id = await cases.record_action(uow, case["case_id"], record, date.today())
        await uow.commit()
        row = (await uow.session.execute(select(actions).where(actions.c.action_id == action_id))).mappings().one()
    return ActionPublic(**row)


@router.get("/cases/{case_id}/pre-action", response_model=PreActionPublic)
async def pre_action(case_id: uuid.UUID, uow: UowDep,
                     user: Principal = Depends(require_roles(*READERS))) -> PreActionPublic:
    """Which pre-action protocol steps are evidenced on the case and which are missing."""
    async with uow:
        await authorise_account(uow.session, user, (await repo.get_case(uow.session, case_id))["account_ref"])
        missing = await cases.pre_action_missing(uow, case_id)
    return PreActionPublic(case_id=case_id, complete=not missing, missing=missing,
                           done=[s for s in REQUIRED_STEPS if s not in missing])
