"""The search over the estate: each kind of match (account, tenancy and legacy reference,
postcode, the words of a name or an address) is a branch reading the owners' SQL fragments
through its index, limited to the caller's patches and cut to the page's depth; the best
match of each account ranks it. First with every word as typed; only if that does not fill
the page, again through the vocabulary words a mistyped word may mean. Never writes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from billing.ledger.accounts import ACCOUNT_SUMMARIES
from billing.migration.queries import LEGACY_REFS
from billing.search.rules import (
    PREFIX_SCORE,
    SIMILARITY,
    VARIANTS,
    Terms,
    Tier,
    account_key,
    all_words,
    fuzzy_words,
    whole_words,
)
from billing.tenancies.queries import PLACES, TENANCIES, TENANTS


# Each branch yields (account_ref, tier, score, branch, sort_key, matched_on) for accounts in
# reach, best first and cut to the page's depth. Ties within a branch go by a key of the
# table the match was found in (the reference; the tenancy for a name; the home for an
# address or postcode), so a common surname is sorted on the tenants' side and only the
# page's depth of accounts is then looked up, not every Smith; an account found twice keeps
# its best. The whole order: tier, score, branch, its key, account.
def _ref_branch(branch: int, source: str, key_column: str, matched_on: str, param: str) -> str:
    return f"""
    SELECT a.account_ref,
           CASE WHEN {key_column} = :{param}_key THEN {Tier.EXACT_REFERENCE:d} ELSE {Tier.PARTIAL:d} END AS tier,
           length(:{param}_key)::real / length({key_column}) AS score, {branch} AS branch,
           {key_column} AS sort_key, '{matched_on}' AS matched_on
    {source} WHERE {key_column} LIKE :{param}_prefix AND {{patches}}
    ORDER BY tier, score DESC, sort_key LIMIT :depth"""


def _words_branch(branch: int, source: str, words: str, key: str, join: str, matched_on: str) -> str:
    """Scored once per row found (the fence keeps the words from being worked out per use), one
    row per tenancy or home, sorted on that side; accounts are then looked up one by one in that
    order (LATERAL: a nested loop) until the page's depth is reached, not for every Smith."""
    return f"""
    SELECT a.account_ref, {Tier.SIMILAR:d} AS tier, m.score, {branch} AS branch, m.sort_key,
           '{matched_on}' AS matched_on
    FROM (
        SELECT d.sort_key, d.score FROM (
            SELECT DISTINCT ON (w.sort_key) w.sort_key, {{score}} AS score
            FROM (SELECT {key} AS sort_key{{words_out}} {source}
                  WHERE {words} @@ to_tsquery('simple', :{{query}}) OFFSET 0) w
            ORDER BY w.sort_key, score DESC
        ) d ORDER BY d.score DESC, d.sort_key
    ) m
    CROSS JOIN LATERAL (
        SELECT a.account_ref FROM ({ACCOUNT_SUMMARIES}) a WHERE a.{join} = m.sort_key AND {{patches}}
    ) a
    ORDER BY m.score DESC, m.sort_key LIMIT :depth"""


# The words of each row found, for a score worked out from them (not for a constant one).
_WORDS_OUT = {"name": ", n.name_words AS words", "address": ", p.address_words AS words"}

BRANCHES = {
    "account_ref": _ref_branch(0, f"FROM ({ACCOUNT_SUMMARIES}) a", "a.account_ref", "account_ref", "account"),
    "tenancy_ref": _ref_branch(1, f"FROM ({TENANCIES}) t JOIN ({ACCOUNT_SUMMARIES}) a USING (tenancy_ref)",
                               "t.tenancy_key", "tenancy_ref", "tenancy"),
    "legacy_ref": _ref_branch(2, f"FROM ({LEGACY_REFS}) l JOIN ({ACCOUNT_SUMMARIES}) a USING (account_ref)",
                              "l.legacy_key", "legacy_ref", "legacy"),
    "postcode": f"""
    SELECT a.account_ref, CASE WHEN p.postcode_key = :postcode_key THEN {Tier.EXACT_POSTCODE:d}
                               ELSE {Tier.PARTIAL:d} END AS tier,
           length(:postcode_key)::real / length(p.postcode_key) AS score, 3 AS branch,
           p.property_ref AS sort_key, 'postcode' AS matched_on
    FROM ({PLACES}) p JOIN ({ACCOUNT_SUMMARIES}) a USING (property_ref)
    WHERE p.postcode_key LIKE :postcode_prefix AND {{patches}}
    ORDER BY tier, score DESC, sort_key LIMIT :depth""",
    "name": _words_branch(4, f"FROM ({TENANTS}) n", "n.name_words", "n.tenancy_ref", "tenancy_ref", "name"),
    "address": _words_branch(5, f"FROM ({PLACES}) p", "p.address_words", "p.property_ref", "property_ref",
                             "address"),
}
_WORDS = {"name", "address"}  # the branches matched word by word

# The accounts the branches found, each by its best match, with what a result shows.
SEARCH = f"""
WITH hits AS ({{branches}}),
best AS (
    SELECT DISTINCT ON (account_ref) account_ref, tier, score, branch, sort_key, matched_on FROM hits
    ORDER BY account_ref, tier, score DESC, branch, sort_key
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
ORDER BY b.tier, b.score DESC, b.branch, b.sort_key, a.account_ref
LIMIT :limit OFFSET :offset"""

SET_SIMILARITY = text("SELECT set_config('pg_trgm.word_similarity_threshold', :threshold, true)")
# A search is a few index probes per candidate: parallel workers only add start-up latency
# under concurrent searches.
SERIAL = text("SELECT set_config('max_parallel_workers_per_gather', '0', true)")

# The words of the vocabulary each typed word may mean, best first: word similarity finds the
# typed word's best stretch of a vocabulary word (a start typed, or a typo); the mean with whole-word
# similarity ranks "williams" above "williamson" for "willaims".
VARIANTS_OF = text("""
SELECT q.word, v.word AS variant, v.score
FROM unnest(CAST(:words AS text[])) AS q(word)
CROSS JOIN LATERAL (
    SELECT s.word, (word_similarity(q.word, s.word) + similarity(q.word, s.word)) / 2 AS score FROM search_word s
    WHERE q.word <% s.word ORDER BY score DESC, s.word LIMIT :variants
) v""").bindparams(bindparam("words", type_=ARRAY(String)))

REFRESH_VOCABULARY = text("REFRESH MATERIALIZED VIEW CONCURRENTLY search_word")


def _score(groups: list[list[tuple[str, float]]], words: int) -> str:
    """SQL: the mean over the typed words of how well each matched (a word left out scores 0)."""
    column = "w.words"
    cases = [" ".join(f"WHEN {column} @@ to_tsquery('simple', :g{i}_{j}) THEN {score!r}"
                      for j, (_, score) in enumerate(group)) for i, group in enumerate(groups)]
    return "(" + " + ".join(f"CASE {c} ELSE 0 END" for c in cases) + f") / {words}"


def _statement(branches: list[str], limited: bool, queries: list[tuple[str, str]]) -> Any:
    """The search over the branches; each words branch once per (tsquery parameter, score SQL)."""
    patches = "a.patch = ANY(:patches)" if limited else "true"
    parts = []
    for branch in branches:
        for query, score in (queries if branch in _WORDS else [("", "")]):
            words_out = "" if score.replace(".", "").isdigit() else _WORDS_OUT.get(branch, "")
            parts.append("(" + BRANCHES[branch].format(patches=patches, score=score, query=query,
                                                       words_out=words_out) + ")")
    statement = text(SEARCH.format(branches=" UNION ALL ".join(parts))).columns(address=JSONB)
    return statement.bindparams(bindparam("patches", type_=ARRAY(String))) if limited else statement


def branches_for(terms: Terms) -> list[str]:
    chosen = []
    if terms.ref_key:
        chosen += ["account_ref", "tenancy_ref", "legacy_ref"]
    if terms.postcode_key:
        chosen.append("postcode")
    if terms.words:
        chosen += ["name", "address"]
    return chosen


async def variants(session: AsyncSession, words: tuple[str, ...]) -> dict[str, list[tuple[str, float]]]:
    """For each word of letters (three or more), the vocabulary words it may mean, best first."""
    asked = [w for w in words if len(w) >= 3 and not w.isdigit()]
    if not asked:
        return {}
    await session.execute(SET_SIMILARITY, {"threshold": str(SIMILARITY)})
    found: dict[str, list[tuple[str, float]]] = {}
    for word, variant, score in await session.execute(VARIANTS_OF, {"words": asked, "variants": VARIANTS + 1}):
        found.setdefault(word, []).append((variant, float(score)))
    return found


async def search(session: AsyncSession, terms: Terms, patches: frozenset[str] | None, *,
                 limit: int, offset: int) -> tuple[list[dict[str, Any]], bool]:
    """One page of the accounts matching, best first: ``limit`` rows from ``offset``, and
    whether more follow. ``patches`` None: every patch."""
    branches = branches_for(terms)
    if not branches or (patches is not None and not patches):
        return [], False
    # One row past the page says whether more follow.
    params: dict[str, Any] = {"depth": offset + limit + 1, "limit": limit + 1, "offset": offset}
    if terms.ref_key:
        account = account_key(terms.ref_key)
        params |= {"account_key": account, "account_prefix": terms.prefix(account),
                   "tenancy_key": terms.ref_key, "tenancy_prefix": terms.prefix(terms.ref_key),
                   "legacy_key": terms.ref_key, "legacy_prefix": terms.prefix(terms.ref_key)}
    if terms.postcode_key:
        params |= {"postcode_key": terms.postcode_key, "postcode_prefix": terms.prefix(terms.postcode_key)}
    if patches is not None:
        params["patches"] = sorted(patches)
    limited = patches is not None
    await session.execute(SERIAL)
    if terms.words:
        params["whole_words"] = whole_words(terms.words)
        if all_words(terms.words) != params["whole_words"]:
            params["prefix_words"] = f"({all_words(terms.words)}) & !({params['whole_words']})"
    # Whole words score 1, then the start of a longer word PREFIX_SCORE, then words a mistyped one
    # may mean: each looked for only if what scores higher did not fill the page (a page full of
    # exact Smiths needs no more).
    stages = [[("whole_words", "1.0")]] if terms.words else [[]]
    if "prefix_words" in params:
        stages.append([*stages[0], ("prefix_words", repr(PREFIX_SCORE))])
    for queries in stages:
        statement = _statement(branches if queries else [b for b in branches if b not in _WORDS], limited, queries)
        rows = [dict(r) for r in (await session.execute(statement, params)).mappings()]
        if len(rows) > limit:
            return rows[:limit], True
    if len(rows) <= limit and terms.words:
        groups = fuzzy_words(terms.words, await variants(session, terms.words))
        # Some word may mean another, or was left out: look again, if a word of letters is left.
        if (any(len(g) > 1 for g in groups) or len(groups) < len(terms.words)) and \
                any(not g[0][0].isdigit() for g in groups):
            params |= {f"g{i}_{j}": term for i, group in enumerate(groups) for j, (term, _) in enumerate(group)}
            if len(groups) == 1 == len(terms.words):
                # One word: each word it may mean is a branch of its own with its score, so the
                # rows of a common surname are sorted and cut on the tenants' side like an exact one.
                fuzzy = [(f"g0_{j}", repr(score)) for j, (_, score) in enumerate(groups[0])]
            else:
                params["words"] = " & ".join("(" + " | ".join(term for term, _ in group) + ")" for group in groups)
                fuzzy = [("words", _score(groups, len(terms.words)))]
            rows = [dict(r) for r in (await session.execute(_statement(branches, limited, fuzzy), params)).mappings()]
    return rows[:limit], len(rows) > limit


async def refresh_vocabulary(session: AsyncSession) -> None:
    """Bring the vocabulary up to the names and addresses held now (the caller commits)."""
    await session.execute(REFRESH_VOCABULARY)
