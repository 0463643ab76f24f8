"""The console's one search box: accounts by reference, postcode, name or address, within
the caller's patches."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from billing.access import STAFF_READ
from billing.search import queries as search_queries
from billing.search.rules import MAX_LENGTH, MIN_LENGTH, InvalidQuery, read
from billing.search.schemas import SearchHit, SearchPage
from shared.auth.principal import Principal
from shared.web.app import UowDep
from shared.web.patch_access import limited_patches
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(tags=["search"])

Reader = Annotated[Principal, Depends(require_roles(*STAFF_READ))]
MAX_OFFSET = 1000


@router.get("/search", response_model=SearchPage, summary="Find accounts by reference, postcode, name or address")
async def search(
    uow: UowDep, user: Reader,
    q: Annotated[str, Query(min_length=MIN_LENGTH, max_length=MAX_LENGTH,
                            description="An account, tenancy, legacy or payment reference, a postcode, "
                                        "a tenant's name or an address line: partial, any case, typos tolerated")],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> SearchPage:
    try:
        terms = read(q)
    except InvalidQuery as exc:
        raise ProblemError(422, "Request is not valid", str(exc), type_="urn:rent:problem:validation",
                           errors=[{"loc": ["query", "q"], "msg": str(exc), "type": "value_error"}]) from exc
    async with uow:
        rows, more = await search_queries.search(uow.session, terms, limited_patches(user), limit=limit,
                                                 offset=offset)
    items = [SearchHit(**{**row, "address": row["address"] or []}) for row in rows]
    return SearchPage(q=q, limit=limit, offset=offset, more=more, items=items)
