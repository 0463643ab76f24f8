"""The demo estate: deterministic by seed, sized by a flag, realistic in its mix."""

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from rentctl.estate.files import cash_lines, write_cash_csv
from rentctl.estate.generate import generate_estate, payments_for
from rentctl.estate.load import debit_weeks

from shared.refs import is_valid_account_ref, make_account_ref


def test_the_same_seed_gives_the_same_estate_and_payments():
    one, two = generate_estate(300, 11, weeks=8), generate_estate(300, 11, weeks=8)
    assert one.tenancies == two.tenancies and one.properties == two.properties
    assert [p for t in one.tenancies for p in payments_for(one, t)] == \
        [p for t in two.tenancies for p in payments_for(two, t)]


def test_another_seed_gives_another_estate():
    assert generate_estate(100, 1).tenancies != generate_estate(100, 2).tenancies


@pytest.mark.parametrize("accounts", [99, 250_001, 0])
def test_sizes_outside_100_to_250000_are_refused(accounts):
    with pytest.raises(ValueError, match="between 100 and 250,000"):
        generate_estate(accounts, 1)


def test_a_rent_year_must_start_on_a_monday():
    with pytest.raises(ValueError, match="Monday"):
        generate_estate(100, 1, year_start=date(2026, 4, 7))


def test_the_estate_has_patches_tenures_joint_tenants_leaseholders_and_every_payer():
    estate = generate_estate(2000, 5, weeks=12)
    tenures = Counter(t.tenure for t in estate.tenancies)
    assert set(tenures) == {"secure", "introductory", "flexible", "temporary_accommodation", "licence", "leasehold"}
    assert tenures["secure"] > len(estate.tenancies) / 2
    joint = sum(len(t.tenants) == 2 for t in estate.tenancies)
    assert 0.1 < joint / len(estate.tenancies) < 0.3
    assert len({p.patch for p in estate.properties}) == len(estate.patches) >= 3
    leaseholds = [t for t in estate.tenancies if t.tenure == "leasehold"]
    assert leaseholds and all("rent" not in t.charges and "service_charge" in t.charges for t in leaseholds)
    assert {t.payer for t in estate.tenancies} == {"dd", "cash", "card", "standing_order", "hb_full",
                                                    "hb_partial", "uc"}
    methods = Counter(p.method for t in estate.tenancies for p in payments_for(estate, t))
    assert {"cash", "direct_debit", "housing_benefit", "universal_credit", "card"} <= set(methods)


def test_payments_fall_within_the_weeks_and_after_the_tenancy_starts():
    estate = generate_estate(500, 8, weeks=10)
    for tenancy in estate.tenancies:
        for payment in payments_for(estate, tenancy):
            assert max(tenancy.start_date, estate.year_start) <= payment.paid_on < estate.as_of
            assert payment.amount > 0 and payment.amount == payment.amount.quantize(Decimal("0.01"))


def test_short_payers_pay_less_than_they_owe_and_over_payers_more():
    estate = generate_estate(3000, 9, weeks=20)

    def paid_ratio(behaviour: str) -> float:
        chosen = [t for t in estate.tenancies if t.behaviour == behaviour and t.payer in ("cash", "card")
                  and t.start_date <= estate.year_start]
        owed = sum(t.weekly_charge * estate.weeks for t in chosen)
        paid = sum(p.amount for t in chosen for p in payments_for(estate, t))
        return float(paid / owed)

    assert paid_ratio("short") < 0.9 < paid_ratio("steady") < 1.02 < paid_ratio("over")


def test_a_few_cash_payments_carry_a_mistyped_reference_that_the_check_digit_catches():
    estate = generate_estate(3000, 10, weeks=12)
    payments = [p for t in estate.tenancies for p in payments_for(estate, t)]
    mistyped = [p for p in payments if p.mistyped]
    assert 0 < len(mistyped) < len(payments) * 0.02
    ref = make_account_ref(1234567)
    assert not is_valid_account_ref(mistyped[0].message(ref)["payment_reference"])


def test_the_cash_file_has_the_header_the_lines_and_a_trailer_that_adds_up(tmp_path):
    refs = [make_account_ref(n) for n in range(1000001, 1000021)]
    path = tmp_path / "cash.csv"
    count, total = write_cash_csv(path, cash_lines(refs, 40, seed=3, paid_on=date(2026, 10, 2), mistyped_share=0))
    lines = path.read_text().splitlines()
    assert lines[0] == "payment_reference,amount,paid_on,channel,transaction_id"
    assert len(lines) == 42 and count == 40
    assert sum(Decimal(line.split(",")[1]) for line in lines[1:-1]) == total
    assert lines[-1] == f"TRAILER,40,{total:.2f}"
    assert all(is_valid_account_ref(line.split(",")[0]) for line in lines[1:-1])


def test_a_history_crossing_april_is_debited_in_the_rent_weeks_of_both_years():
    estate = generate_estate(100, 3, weeks=12, year_start=date(2026, 2, 2))
    weeks = [(w.rent_year, w.number) for w in debit_weeks(estate)]
    assert weeks == [(2025, n) for n in range(44, 53)] + [(2026, 1), (2026, 2), (2026, 3)]
    assert all(p.paid_on < date(2026, 4, 27) for t in estate.tenancies for p in payments_for(estate, t))
