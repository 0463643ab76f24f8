class RecoveryError(Exception):
    """A request recovery refuses; the message says why."""


class NotFound(RecoveryError):
    pass


class Conflict(RecoveryError):
    pass


class Forbidden(RecoveryError):
    """The caller's role or identity may not do this (approval limits, maker-checker)."""


class Blocked(RecoveryError):
    """A rule forbids the action now (Breathing Space, missing pre-action steps)."""

    def __init__(self, message: str, missing: list[str] | None = None) -> None:
        super().__init__(message)
        self.missing = missing or []


class Invalid(RecoveryError):
    """A value in the request is refused: answered 422 naming the field (`loc`, as request
    validation does)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field
