"""Prometheus metrics of the messaging core."""

from prometheus_client import Counter, Gauge

CONSUMED = Counter(
    "messages_consumed_total", "Messages settled by consumers", ["consumer", "outcome"]
)
DEAD_LETTERED = Counter(
    "messages_dead_lettered_total", "Messages sent to a dead-letter queue", ["consumer", "reason"]
)
OUTBOX_PUBLISHED = Counter("outbox_published_total", "Outbox events confirmed by the broker")
OUTBOX_FAILURES = Counter("outbox_publish_failures_total", "Outbox relay batches that failed")
OUTBOX_PENDING = Gauge("outbox_pending", "Unpublished outbox rows seen by the relay's last pass")
