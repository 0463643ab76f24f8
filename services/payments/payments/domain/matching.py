"""Matching a payment reference to an account, or saying why it cannot be."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from shared.refs import is_valid_account_ref, luhn_digit, normalise_ref


@dataclass(frozen=True)
class Match:
    account_ref: str | None
    reason: str | None = None

    @property
    def matched(self) -> bool:
        return self.account_ref is not None


def match_reference(
    reference: str, account_status: dict[str, str], aliases: Mapping[str, str] | None = None
) -> Match:
    """``account_status`` maps candidate account refs to 'open'/'closed'; ``aliases`` maps
    legacy references (kept from a migration) to the account they now belong to."""
    ref = reference if reference.isdigit() else normalise_ref(reference)
    if not ref:
        return Match(None, "no payment reference given")
    if aliases and ref in aliases and ref not in account_status:
        ref = aliases[ref]  # a legacy reference has no check digit of ours to test
    elif not _check_digit_holds(ref):
        return Match(None, "reference is not a valid account reference (check digit fails)")
    status = account_status.get(ref)
    if status is None:
        return Match(None, "no account with this reference")
    if status != "open":
        return Match(None, "account is closed")
    return Match(ref)


def _check_digit_holds(ref: str) -> bool:
    if ref.isdigit() and 5 <= len(ref) <= 12:  # the common case, without a regex per payment
        return luhn_digit(ref[:-1]) == int(ref[-1])
    return is_valid_account_ref(ref)
