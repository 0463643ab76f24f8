"""The search over the estate in one statement: each kind of match (account, tenancy and
legacy reference, postcode, name, address) is a branch reading the owners' SQL fragments
through its index, limited to the caller's patches and cut to the page's depth; the best
match of each account ranks it. Never writes."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import String, TextClause, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from billing.ledger.accounts import ACCOUNT_SUMMARIES
from billing.migration.queries import LEGACY_REFS
from billing.search.rules import SIMILARITY, Terms, Tier, account_key
from billing.tenancies.queries import PLACES, TENANCIES, TENANTS

# Each branch yields (account_ref, tier, score, matched_on, status) for accounts in reach.
_ORDER = "ORDER BY tier, score DESC, a.status = 'closed', a.account_ref LIMIT :depth"


def _ref_branch(source: str, key_column: str, matched_on: str, param: str) -> str:
    return f"""
    SELECT a.account_ref, CASE WHEN {key_column} = :{param}_key THEN {Tier.EXACT_REFERENCE:d}
                               ELSE {Tier.PARTIAL:d} END AS tier,
           length(:{param}_key)::real / length({key_column}) AS score, '{matched_on}' AS matched_on, a.status
    {source} WHERE {key_column} LIKE :{param}_prefix AND {{patches}} {_ORDER}"""


BRANCHES = {
    "account_ref": _ref_branch(f"FROM ({ACCOUNT_SUMMARIES}) a", "a.account_ref", "account_ref", "account"),
    "tenancy_ref": _ref_branch(f"FROM ({TENANCIES}) t JOIN ({ACCOUNT_SUMMARIES}) a USING (tenancy_ref)",
                               "t.tenancy_key", "tenancy_ref", "tenancy"),
    "legacy_ref": _ref_branch(f"FROM ({LEGACY_REFS}) l JOIN ({ACCOUNT_SUMMARIES}) a USING (account_ref)",
                              "l.legacy_key", "legacy_ref", "legacy"),
    "postcode": f"""
    SELECT a.account_ref, CASE WHEN p.postcode_key = :postcode_key THEN {Tier.EXACT_POSTCODE:d}
                               ELSE {Tier.PARTIAL:d} END AS tier,
           length(:postcode_key)::real / length(p.postcode_key) AS score, 'postcode' AS matched_on, a.status
    FROM ({PLACES}) p JOIN ({ACCOUNT_SUMMARIES}) a USING (property_ref)
    WHERE p.postcode_key LIKE :postcode_prefix AND {{patches}} {_ORDER}""",
    "name": f"""
    SELECT a.account_ref, {Tier.SIMILAR:d} AS tier, word_similarity(:text, n.name) AS score, 'name' AS matched_on,
           a.status
    FROM ({TENANTS}) n JOIN ({ACCOUNT_SUMMARIES}) a USING (tenancy_ref)
    WHERE :text <% n.name AND {{patches}} {_ORDER}""",
    "address": f"""
    SELECT a.account_ref, {Tier.SIMILAR:d} AS tier, word_similarity(:text, p.address_text) AS score,
           'address' AS matched_on, a.status
    FROM ({PLACES}) p JOIN ({ACCOUNT_SUMMARIES}) a USING (property_ref)
    WHERE :text <% p.address_text AND {{patches}} {_ORDER}""",
}

# The accounts the branches found, each by its best match, with what a result shows.
SEARCH = f"""
WITH hits AS ({{branches}}),
best AS (
    SELECT DISTINCT ON (account_ref) account_ref, tier, score, matched_on, status FROM hits
    ORDER BY account_ref, tier, score DESC
)
SELECT b.tier, b.score, b.matched_on, a.account_ref, a.account_type, a.tenancy_ref, a.property_ref, a.patch,
       a.status, a.balance, p.address, p.postcode, lead.name AS lead_tenant
FROM best b
JOIN ({ACCOUNT_SUMMARIES}) a USING (account_ref)
LEFT JOIN ({PLACES}) p ON p.property_ref = a.property_ref
LEFT JOIN LATERAL (
    SELECT n.name FROM ({TENANTS}) n WHERE n.tenancy_ref = a.tenancy_ref
    ORDER BY n.left_on IS NOT NULL, n.is_lead DESC, n.joined_on NULLS FIRST, n.person_id LIMIT 1
) lead ON true
ORDER BY b.tier, b.score DESC, a.status = 'closed', a.account_ref
LIMIT :limit OFFSET :offset"""

SET_SIMILARITY = text("SELECT set_config('pg_trgm.word_similarity_threshold', :threshold, true)")


def branches_for(terms: Terms) -> tuple[str, ...]:
    chosen = []
    if terms.ref_key:
        chosen += ["account_ref", "tenancy_ref", "legacy_ref"]
    if terms.postcode_key:
        chosen.append("postcode")
    if terms.similar:
        chosen += ["name", "address"]
    return tuple(chosen)


@lru_cache(maxsize=64)
def statement(branches: tuple[str, ...], limited: bool) -> TextClause:
    patches = "a.patch = ANY(:patches)" if limited else "true"
    union = " UNION ALL ".join(f"({BRANCHES[b].format(patches=patches)})" for b in branches)
    query = text(SEARCH.format(branches=union)).columns(address=JSONB)
    return query.bindparams(bindparam("patches", type_=ARRAY(String))) if limited else query


async def search(session: AsyncSession, terms: Terms, patches: frozenset[str] | None, *,
                 limit: int, offset: int) -> tuple[list[dict[str, Any]], bool]:
    """One page of the accounts matching, best first: ``limit`` rows from ``offset``, and
    whether more follow. ``patches`` None: every patch."""
    branches = branches_for(terms)
    if not branches or (patches is not None and not patches):
        return [], False
    # One row past the page says whether more follow.
    params: dict[str, Any] = {"depth": offset + limit + 1, "limit": limit + 1, "offset": offset,
                              "text": terms.text}
    if terms.ref_key:
        account = account_key(terms.ref_key)
        params |= {"account_key": account, "account_prefix": terms.prefix(account),
                   "tenancy_key": terms.ref_key, "tenancy_prefix": terms.prefix(terms.ref_key),
                   "legacy_key": terms.ref_key, "legacy_prefix": terms.prefix(terms.ref_key)}
    if terms.postcode_key:
        params |= {"postcode_key": terms.postcode_key, "postcode_prefix": terms.prefix(terms.postcode_key)}
    if patches is not None:
        params["patches"] = sorted(patches)
    if terms.similar:
        await session.execute(SET_SIMILARITY, {"threshold": str(SIMILARITY)})
    rows = [dict(r) for r in (await session.execute(statement(branches, patches is not None), params)).mappings()]
    return rows[:limit], len(rows) > limit
