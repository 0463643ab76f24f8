"""Messaging on RabbitMQ: topology, confirming publisher, consumers, FastStream wiring."""
