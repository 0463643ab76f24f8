"""Problem+json, security dependencies, idempotency and the service app factory."""
