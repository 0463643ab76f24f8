"""The account page's sections, each from one service call that may fail on its own: a
service that is down (or answers 5xx) leaves a short "not available" inset in its section,
a 403 hides a section the user's role may not read, a 404 means nothing to show (no case,
no such route yet). Billing's account itself is not a section: without it there is no page."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import date
from typing import Any

from console.backends import SERVICE_NAMES, BackendError, Forbidden, NotFound, ServiceUnavailable


@dataclass
class Section:
    data: Any = None
    unavailable: str | None = None  # the service's name, when it did not answer
    forbidden: bool = False
    missing: bool = False

    @property
    def ok(self) -> bool:
        return self.unavailable is None and not self.forbidden and not self.missing


async def section(service: str, call: Awaitable[Any]) -> Section:
    try:
        return Section(await call)
    except ServiceUnavailable:
        return Section(unavailable=SERVICE_NAMES.get(service, service.title()))
    except Forbidden:
        return Section(forbidden=True)
    except NotFound:
        return Section(missing=True)
    except BackendError:  # another refusal (400, 405): nothing to show rather than no page
        return Section(unavailable=SERVICE_NAMES.get(service, service.title()))


async def gather(**calls: tuple[str, Awaitable[Any]]) -> dict[str, Section]:
    names = list(calls)
    found = await asyncio.gather(*(section(service, call) for service, call in calls.values()))
    return dict(zip(names, found, strict=True))


def _day(value: Any) -> date | None:
    return date.fromisoformat(str(value)[:10]) if value else None


def weekly_total(rows: list[dict[str, Any]]) -> str:
    from decimal import Decimal

    return str(sum((Decimal(str(row.get("weekly_amount") or 0)) for row in rows), Decimal("0.00")))


def current_mandate(mandates: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The live mandate (not cancelled), else the latest."""
    live = [m for m in mandates if m.get("status") not in ("cancelled", "expired", "failed")]
    chosen = live or mandates
    return sorted(chosen, key=lambda m: str(m.get("first_collection")), reverse=True)[0] if chosen else None


def next_collections(collections: list[dict[str, Any]], today: date, count: int = 6) -> list[dict[str, Any]]:
    upcoming = [c for c in collections if (_day(c.get("due_date")) or today) >= today]
    return sorted(upcoming, key=lambda c: str(c.get("due_date")))[:count]


def current_arrangement(arrangements: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The live arrangement, else the latest one."""
    if not arrangements:
        return None
    live = [a for a in arrangements if a.get("status") in ("active", "live", "proposed")]
    return (live or sorted(arrangements, key=lambda a: str(a.get("start_date")), reverse=True))[0]


def holds(case: dict[str, Any] | None, position: dict[str, Any] | None, spaces: list[dict[str, Any]] | None,
          recommendation: dict[str, Any] | None, today: date) -> list[dict[str, str]]:
    """What holds recovery back now: Breathing Space, vulnerability, benefit timing, a pause."""
    found: list[dict[str, str]] = []
    for space in spaces or ():
        ends = _day(space.get("ended_early_on")) or _day(space.get("ends_on"))
        if (_day(space.get("start_date")) or today) <= today and (ends is None or ends >= today):
            kind = "mental health crisis" if "mental" in str(space.get("kind")) else str(space.get("kind", ""))
            found.append({"name": "Breathing Space",
                          "detail": f"{kind.replace('_', ' ').capitalize()} moratorium, reference "
                                    f"{space.get('reference')}" + (f", until {_long(ends)}" if ends else "")})
    if position and position.get("vulnerable"):
        reviewed = position.get("vulnerability_reviewed_on")
        found.append({"name": "Vulnerability",
                      "detail": "Marked vulnerable" + (f", last reviewed {_long(_day(reviewed))}" if reviewed else "")})
    if position and position.get("benefit_claim_pending"):
        found.append({"name": "Benefit timing", "detail": "A benefit claim is pending"})
    hold = (recommendation or {}).get("hold")
    if hold and "benefit" in hold and not any(h["name"] == "Benefit timing" for h in found):
        found.append({"name": "Benefit timing", "detail": hold.replace("_", " ").capitalize()})
    if case and case.get("paused_until") and (_day(case["paused_until"]) or today) >= today:
        reason = str(case.get("pause_reason") or "").replace("_", " ")
        found.append({"name": "Paused",
                      "detail": f"Until {_long(_day(case['paused_until']))}" + (f": {reason}" if reason else "")
                                + (f" ({case['pause_note']})" if case.get("pause_note") else "")})
    return found


def _long(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def audit_items(answer: Any) -> list[dict[str, Any]]:
    if isinstance(answer, dict):
        return list(answer.get("items") or [])
    return list(answer or [])


def merged_audit(billing: list[dict[str, Any]], recovery: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Billing's and recovery's audit records of the account, newest first, each saying whose."""
    rows = [{**row, "service": "Billing"} for row in billing] + [{**row, "service": "Recovery"} for row in recovery]
    return sorted(rows, key=lambda row: str(row.get("at") or row.get("changed_at") or ""), reverse=True)


def changes(record: dict[str, Any]) -> str:
    """An audit record's change, as "field: before → after" (keys that changed only)."""
    before, after = record.get("before") or {}, record.get("after") or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return ""
    keys = [k for k in dict.fromkeys([*before, *after]) if before.get(k) != after.get(k)]
    parts = []
    for key in keys[:6]:
        old, new = before.get(key), after.get(key)
        parts.append(f"{key.replace('_', ' ')}: {old} → {new}" if key in before else f"{key.replace('_', ' ')}: {new}")
    return "; ".join(parts)
