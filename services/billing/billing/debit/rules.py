"""The debit run's reconciliation: what the ledger holds for the week against what the
schedules say was due, by charge type and by patch, to the penny."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from shared.contracts.types import ChargeType
from shared.money import Money


def unsettled(
    priced: dict[tuple[str, ChargeType], Money], settled: dict[tuple[str, ChargeType], Money]
) -> dict[tuple[str, ChargeType], Money]:
    """What the debit still has to charge: the week's price less what a schedule settlement
    already charged for it (e.g. insurance or a new charge added back to a week a run had
    debited), so a repeated run never charges that charge type twice."""
    left = {key: amount - settled.get(key, Money.zero()) for key, amount in priced.items()}
    return {key: amount for key, amount in left.items() if amount}


Group = tuple[str, str]  # (patch, charge type)


def _sum_by(rows: Iterable[Any]) -> dict[Group, tuple[int, Decimal]]:
    return {(r.patch, r.charge_type): (int(r.lines or 0), Decimal(r.amount or 0)) for r in rows}


def _rollup(groups: dict[Group, tuple[int, Decimal]], index: int) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for key, (_, amount) in groups.items():
        totals[key[index]] += amount
    return totals


def reconcile(posted_rows: Iterable[Any], expected_rows: Iterable[Any]) -> dict[str, Any]:
    posted, expected = _sum_by(posted_rows), _sum_by(expected_rows)

    def side_by_side(index: int) -> list[dict[str, str]]:
        p, e = _rollup(posted, index), _rollup(expected, index)
        return [
            {"key": key, "posted": f"{p.get(key, Decimal(0)):.2f}", "expected": f"{e.get(key, Decimal(0)):.2f}",
             "difference": f"{p.get(key, Decimal(0)) - e.get(key, Decimal(0)):.2f}"}
            for key in sorted(set(p) | set(e))
        ]

    total_posted = sum((amount for _, amount in posted.values()), Decimal(0))
    total_expected = sum((amount for _, amount in expected.values()), Decimal(0))
    mismatched = sorted(
        f"{patch}/{charge}" for (patch, charge) in set(posted) | set(expected)
        if posted.get((patch, charge), (0, Decimal(0)))[1] != expected.get((patch, charge), (0, Decimal(0)))[1]
    )
    return {
        "reconciled": not mismatched,
        "total_posted": f"{total_posted:.2f}",
        "total_expected": f"{total_expected:.2f}",
        "lines_posted": sum(lines for lines, _ in posted.values()),
        "by_charge_type": side_by_side(1),
        "by_patch": side_by_side(0),
        "mismatched": mismatched,
    }
