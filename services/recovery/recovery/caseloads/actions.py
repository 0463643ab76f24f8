"""An officer's action on a case and what follows from it in another capability: the
terms of a suspended or adjourned-on-terms order become an arrangement. Cases records
the action; arrangements builds on cases, so the two meet here, above both."""

from __future__ import annotations

import uuid
from datetime import date

from recovery.arrangements import service as arrangements
from recovery.cases import service as cases
from recovery.cases.queries import get_case
from recovery.cases.rules import TERMS_ORDERS, ActionRecord
from shared.db.unit_of_work import UnitOfWork


async def record_action(uow: UnitOfWork, case_id: uuid.UUID, rec: ActionRecord, today: date) -> uuid.UUID:
    action_id = await cases.record_action(uow, case_id, rec, today)
    if rec.order in TERMS_ORDERS and rec.terms_weekly is not None:
        case = await get_case(uow.session, case_id)
        await arrangements.arrangement_from_order(uow, case["account_ref"], rec.terms_weekly, rec.taken_on,
                                                  rec.officer)
    return action_id
