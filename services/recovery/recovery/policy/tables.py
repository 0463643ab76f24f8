"""Arrears policies as stored and edited."""

from sqlalchemy import Column, DateTime, Integer, String, Table, func
from sqlalchemy.dialects.postgresql import JSONB

from recovery.metadata import metadata

arrears_policy_table = Table(
    "arrears_policy",
    metadata,
    Column("policy_code", String(40), primary_key=True),
    Column("body", JSONB, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
