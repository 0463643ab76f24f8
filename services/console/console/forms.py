"""What every form needs besides its CSRF token: a key per rendered form, so a double click
(or a resubmission after "back") reaches the service once — the key travels to the service
as its Idempotency-Key — and the errors a service answered, in the shape the GOV.UK error
summary and each field's error message take."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

FORM_KEY = "form_key"


def new_form_key() -> str:
    """A fresh key for a form about to be rendered."""
    return uuid.uuid4().hex


def form_key_of(values: Mapping[str, str]) -> str | None:
    """The rendered form's key, if it is one we could have issued."""
    key = values.get(FORM_KEY, "")
    try:
        return uuid.UUID(hex=key).hex
    except ValueError:
        return None


@dataclass
class FormErrors:
    """Problems by field name, in the order the form shows its fields; ``""`` for a problem
    of the whole form (shown in the summary only)."""

    by_field: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, message)

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def __getitem__(self, name: str) -> str | None:
        return self.by_field.get(name)

    def summary(self, order: list[str], ids: Mapping[str, str] | None = None) -> list[dict[str, str]]:
        """The error summary's list: each field's problem linking to its input (by id, the
        field name unless ``ids`` says otherwise), in the form's order, the form's own last."""
        ids = ids or {}
        ranked = sorted(self.by_field.items(),
                        key=lambda item: order.index(item[0]) if item[0] in order else len(order))
        return [{"text": message, **({"href": f"#{ids.get(name, name)}"} if name else {})}
                for name, message in ranked]

    @classmethod
    def from_service(cls, fields: Mapping[str, str], known: list[str]) -> FormErrors:
        """A service's problems by field; one about a field the form does not show is the form's own."""
        errors = cls()
        for name, message in fields.items():
            errors.add(name if name in known else "", message)
        return errors
