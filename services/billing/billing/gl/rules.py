"""A general ledger journal from the rent ledger's activity: each group of postings (by
posting type, its qualifier and the account type) becomes a pair of lines — the debtor
control account on one side and the mapped income, cash or expense code on the other — so
a journal nets to zero by construction and each pair equals the postings behind it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from billing.errors import BillingError
from billing.ledger.collection import RECEIPT_TYPES
from shared.contracts.types import AccountType, ChargeType, PostingType
from shared.money import Money, total

CONTROL = "control"

ANY = "*"

CATEGORIES = frozenset({CONTROL, *(t.value for t in PostingType)})


# The qualifier narrows a category: the charge type of a debit, the channel of income
# (the receipts and their reversals: gl/store.py groups them by the posting's channel).
INCOME_TYPES = frozenset(t.value for t in RECEIPT_TYPES)


@dataclass(frozen=True)
class Activity:
    """The sum of one group of postings in the period."""

    posting_type: str
    qualifier: str
    account_type: str
    amount: Money
    postings: int


@dataclass(frozen=True)
class Code:
    ledger_code: str
    cost_centre: str
    description: str


@dataclass(frozen=True)
class Line:
    line_no: int
    group_no: int
    side: str
    category: str
    qualifier: str
    ledger_code: str
    cost_centre: str
    debit: Money
    credit: Money
    postings_count: int
    description: str


class Unmapped(BillingError):
    def __init__(self, missing: list[tuple[str, str]]) -> None:
        shown = ", ".join(f"{c}/{q}" for c, q in missing)
        super().__init__(f"no ledger code is mapped for: {shown} (PUT /gl-mappings/{{category}}/{{qualifier}}, "
                         f"qualifier {ANY} for any)")
        self.missing = missing


def check_mapping(category: str, qualifier: str) -> None:
    """Refuse a mapping no journal line could use: an unknown category, or a qualifier the
    category is never grouped by (only control, charge and income categories have one)."""
    if category not in CATEGORIES:
        raise BillingError(f"unknown category {category!r}; one of: {', '.join(sorted(CATEGORIES))}")
    if qualifier == ANY or category in INCOME_TYPES:  # income: any channel
        return
    known = {CONTROL: {t.value for t in AccountType},
             PostingType.CHARGE.value: {*(t.value for t in ChargeType), "none"}}.get(category, set())
    if qualifier not in known:
        allowed = ("an account type" if category == CONTROL else "a charge type or none") if known else "not used"
        raise BillingError(f"category {category} is never grouped by qualifier {qualifier!r} "
                           f"(its qualifier: {allowed}, or {ANY} for any)")


def resolve(mapping: dict[tuple[str, str], Code], category: str, qualifier: str) -> Code | None:
    return mapping.get((category, qualifier)) or mapping.get((category, ANY))


def groups(activity: list[Activity]) -> list[Activity]:
    """The groups in journal order: group number n is the n-th."""
    return sorted(activity, key=lambda a: (a.posting_type, a.qualifier, a.account_type))


def build(activity: list[Activity], mapping: dict[tuple[str, str], Code]) -> list[Line]:
    """Two lines per group, in a stable order; refuses (listing all) if any is unmapped."""
    groups_ = groups(activity)
    missing = sorted({key for a in groups_ for key in ((CONTROL, a.account_type), (a.posting_type, a.qualifier))
                      if resolve(mapping, *key) is None})
    if missing:
        raise Unmapped(missing)
    lines: list[Line] = []
    for group_no, a in enumerate(groups_, start=1):
        control = resolve(mapping, CONTROL, a.account_type)
        contra = resolve(mapping, a.posting_type, a.qualifier)
        assert control is not None and contra is not None
        debit, credit = (a.amount, Money.zero()) if a.amount >= 0 else (Money.zero(), -a.amount)
        what = f"{a.posting_type} {a.qualifier} on {a.account_type} accounts ({a.postings} postings)"
        lines.append(Line(len(lines) + 1, group_no, "control", CONTROL, a.account_type, control.ledger_code,
                          control.cost_centre, debit, credit, a.postings, f"{control.description}: {what}"))
        lines.append(Line(len(lines) + 1, group_no, "contra", a.posting_type, a.qualifier, contra.ledger_code,
                          contra.cost_centre, credit, debit, a.postings, f"{contra.description}: {what}"))
    check_balanced(lines)
    return lines


def reversed_lines(lines: list[Line]) -> list[Line]:
    return [replace(line, debit=line.credit, credit=line.debit, description=f"reversal: {line.description}")
            for line in lines]


def check_balanced(lines: list[Line]) -> None:
    debits, credits = total(li.debit for li in lines), total(li.credit for li in lines)
    if debits != credits:
        raise BillingError(f"journal does not balance: debits {debits}, credits {credits}")
