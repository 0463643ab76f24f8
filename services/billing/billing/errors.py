

class BillingError(Exception):
    """A request billing refuses; the message says why."""


class NotFound(BillingError):
    pass


class Conflict(BillingError):
    pass
