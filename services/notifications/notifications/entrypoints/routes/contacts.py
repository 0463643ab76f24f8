"""Tenants' contact details (from billing's tenancies) and their contact preferences."""

from fastapi import APIRouter, Depends
from sqlalchemy import select

from notifications.adapters.orm import contact_table
from notifications.entrypoints.routes.access import require_account, require_person
from notifications.entrypoints.schemas import ContactPublic, ContactUpsert, PreferencePublic, PreferenceUpdate
from notifications.service_layer import staff_actions
from shared.auth.principal import Principal, Role
from shared.web.app import UowDep
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(tags=["contacts"])
READERS = (Role.RENT_OFFICER, Role.INCOME_OFFICER, Role.LEASEHOLD_OFFICER, Role.SENIOR_OFFICER, Role.AUDITOR)
OFFICERS = (Role.RENT_OFFICER, Role.INCOME_OFFICER, Role.LEASEHOLD_OFFICER, Role.SENIOR_OFFICER)


@router.get("/accounts/{account_ref}/contacts", response_model=list[ContactPublic])
async def account_contacts(
    account_ref: str, uow: UowDep, who: Principal = Depends(require_roles(*READERS))
) -> list[ContactPublic]:
    async with uow:
        await require_account(uow, who, account_ref)
        rows = (await uow.session.execute(
            select(contact_table).where(contact_table.c.account_ref == account_ref)
            .order_by(contact_table.c.is_lead.desc(), contact_table.c.name)
        )).mappings().all()
    if not rows:
        raise ProblemError(404, "Not found", f"no contacts held for account {account_ref}")
    return [ContactPublic(**r) for r in rows]


@router.put("/accounts/{account_ref}/contacts/{person_id}", response_model=list[ContactPublic])
async def set_contact(
    account_ref: str, person_id: str, body: ContactUpsert, uow: UowDep,
    user: Principal = Depends(require_roles(*OFFICERS)),
) -> list[ContactPublic]:
    """Who letters on an account go to, where billing does not say (leasehold, sundry) or is out of date."""
    async with uow:
        await require_account(uow, user, account_ref)
        await staff_actions.set_contact(account_ref, person_id, body.model_dump(exclude={"reason"}), body.reason,
                                        user.actor, uow)
        await uow.commit()
    return await account_contacts(account_ref, uow, user)


@router.get("/contacts/{person_id}/preferences", response_model=PreferencePublic)
async def get_preferences(
    person_id: str, uow: UowDep, who: Principal = Depends(require_roles(*READERS))
) -> PreferencePublic:
    async with uow:
        await require_person(uow, who, person_id)
        return PreferencePublic(**await staff_actions.preference_of(person_id, uow))


@router.put("/contacts/{person_id}/preferences", response_model=PreferencePublic)
async def set_preferences(
    person_id: str, body: PreferenceUpdate, uow: UowDep, user: Principal = Depends(require_roles(*OFFICERS))
) -> PreferencePublic:
    async with uow:
        await require_person(uow, user, person_id)
        await staff_actions.set_preference(person_id, body.model_dump(exclude={"reason"}, mode="json"),
                                           body.reason, user.actor, uow)
        await uow.commit()
        return PreferencePublic(**await staff_actions.preference_of(person_id, uow))
