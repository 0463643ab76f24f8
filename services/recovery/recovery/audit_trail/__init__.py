"""The audit trail of one account: recovery's audit records concerning it."""
