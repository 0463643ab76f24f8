"""Every kind of income-file record has its handler in the one dispatch table."""

from payments.domain.income import Kind
from payments.service_layer.file_import import RECORD_KINDS


def test_every_record_kind_has_a_handler_and_payments_are_applied_first():
    assert set(RECORD_KINDS) == set(Kind)
    assert next(iter(RECORD_KINDS)) is Kind.PAYMENT  # batched before the lines applied one by one
