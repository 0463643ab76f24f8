"""What was collected of one charge (water for the water company, a premium for the
insurer): an account's receipts in a period shared in proportion to that charge's part
of everything debited to it, never more than that part (an overpayment is not collected
for anyone). One rule, used by the water reconciliation and the insurer's report."""

from __future__ import annotations

from dataclasses import dataclass

from shared.contracts.types import PostingType
from shared.money import Money

# Receipts net of their reversals: what an account was paid in a period.
RECEIPT_TYPES = (PostingType.PAYMENT, PostingType.HB_CREDIT, PostingType.UC_CREDIT, PostingType.DD_COLLECTION,
                 PostingType.PAYMENT_REVERSAL, PostingType.DD_UNPAID)


def collected_share(receipts: Money, part_debited: Money, debited: Money) -> Money:
    """receipts x part debited / all debited, rounded to the penny, at most the part debited."""
    if debited <= 0 or receipts <= 0 or part_debited <= 0:
        return Money.zero()
    return min(Money.rounded(receipts.amount * part_debited.amount / debited.amount), part_debited)


@dataclass(frozen=True)
class ChargeCollection:
    """One account in a period: all it was debited, one charge type's part of that, and its
    receipts (credits as a positive amount)."""

    account_ref: str
    debited: Money
    part_debited: Money
    receipts: Money

    @property
    def collected(self) -> Money:
        return collected_share(self.receipts, self.part_debited, self.debited)
