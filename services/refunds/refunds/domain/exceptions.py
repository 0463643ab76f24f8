class RefundsError(Exception):
    """A request refunds refuses; the message says why."""


class NotFound(RefundsError):
    pass


class InvalidState(RefundsError):
    """The refund is not at the step this action needs."""


class ApprovalRefused(RefundsError):
    """Maker-checker: this user may not approve this refund."""
