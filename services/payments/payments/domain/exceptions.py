"""Errors the payments domain raises; the API maps them to problem+json statuses."""


class PaymentsError(Exception):
    """A request the rules refuse (422)."""


class NotFound(PaymentsError):
    pass


class Conflict(PaymentsError):
    pass
