"""Outbox: writer (same transaction as the change) and relay (to the broker)."""
