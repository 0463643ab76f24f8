"""What can go wrong with a notification, split by whether trying again can help."""

from __future__ import annotations


class NotificationsError(Exception):
    """A request this service refuses (answered 422)."""


class NotFound(NotificationsError):
    pass


class InvalidLetterRequest(NotificationsError):
    """An event asks for a letter that cannot be produced from it: no retry helps."""

    def __init__(self, detail: str, *, reason: str) -> None:
        super().__init__(detail)
        self.reason = reason


class NotReady(Exception):
    """Something a notification needs is not here yet (the tenancy's contacts, the
    landlord's details): retried with backoff, then reported as failed."""


class PermanentDeliveryFailure(Exception):
    """The channel refused the notification for good (invalid number, bad template)."""


class TransientDeliveryFailure(Exception):
    """The channel could not take it now (timeout, rate limit, outage): try again later."""
