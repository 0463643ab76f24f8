"""Source keys are stored data: existing postings and queries depend on their exact shape."""

import uuid
from fnmatch import fnmatchcase

from billing.ledger import source_keys as keys
from shared.calendar import RentYear
from shared.contracts.types import ChargeType

ID = uuid.UUID("12345678-1234-5678-1234-567812345678")
WEEK = RentYear(2026).week(8)


def _matches(key: str, prefixes: tuple[str, ...]) -> bool:
    # SQL LIKE 'prefix%' read as a shell pattern: none of the prefixes holds a wildcard.
    return any(fnmatchcase(key, pattern.replace("%", "*")) for pattern in keys.like_any(prefixes))


def test_each_key_keeps_its_shape():
    assert keys.payment(ID) == f"payment:{ID}"
    assert keys.reversal(ID) == f"reversal:{ID}"
    assert keys.refund(ID) == f"refund:{ID}"
    assert keys.write_off(ID) == f"write-off:{ID}"
    assert keys.leg(keys.credit_transfer(ID), "out") == f"transfer:{ID}:out"
    assert keys.debit(WEEK, "10000016", ChargeType.RENT) == "debit:2026-08:10000016:rent"
    assert keys.termination("T1") == "termination:T1"
    assert keys.settlement(keys.termination("T1"), WEEK, ChargeType.RENT) == "termination:T1:2026-08:rent"
    assert keys.leg(keys.tenancy_move("T1"), "in") == "tenancy-move:T1:in"
    assert keys.adjustment("adjustment", ID) == f"adjustment:{ID}"
    assert keys.leg(keys.adjustment("transfer", ID), "out") == f"transfer:{ID}:out"
    assert keys.invoice("SC-1") == "invoice:SC-1"
    assert keys.migration("X1") == "migration:X1"
    assert keys.migrated_balance("X1", "L9") == "migration:X1:L9"


def test_a_charge_change_is_a_new_cause_each_time():
    first, second = keys.charge_change(), keys.charge_change()
    assert first.startswith("charge-change:") and first != second
    uuid.UUID(first.removeprefix("charge-change:"))


def test_week_charge_prefixes_match_the_debit_and_its_settlements_only():
    settled = [keys.settlement(keys.charge_change(), WEEK, ChargeType.RENT),
               keys.settlement(keys.termination("T1"), WEEK, ChargeType.RENT)]
    debit = keys.debit(WEEK, "10000016", ChargeType.RENT)
    assert all(_matches(k, keys.SCHEDULE_SETTLEMENTS) for k in settled)
    assert not _matches(debit, keys.SCHEDULE_SETTLEMENTS)
    assert all(_matches(k, keys.WEEK_CHARGES) for k in [debit, *settled])
    others = [keys.payment(ID), keys.invoice("SC-1"), keys.adjustment("adjustment", ID),
              keys.leg(keys.tenancy_move("T1"), "in"), keys.migrated_balance("X1", "L9")]
    assert not any(_matches(k, keys.WEEK_CHARGES) for k in others)


def test_an_extracts_balances_share_its_prefix():
    assert keys.migrated_balance("X1", "L9").startswith(keys.migration("X1") + ":")
    assert not keys.migrated_balance("X10", "L9").startswith(keys.migration("X1") + ":")
