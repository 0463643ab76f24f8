from billing.ledger.collection import ChargeCollection, collected_share
from shared.money import Money


def test_a_charge_collected_is_its_share_of_receipts_at_most_what_was_charged():
    assert collected_share(Money("150.00"), Money("4.20"), Money("200.00")) == Money("3.15")
    assert collected_share(Money("300.00"), Money("4.20"), Money("200.00")) == Money("4.20")
    assert collected_share(Money("-10.00"), Money("4.20"), Money("200.00")) == Money("0.00")
    assert collected_share(Money("50.00"), Money("4.20"), Money("0.00")) == Money("0.00")
    premium = ChargeCollection("A", debited=Money("200.00"), part_debited=Money("4.20"), receipts=Money("150.00"))
    assert premium.collected == Money("3.15")
