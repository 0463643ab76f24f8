"""Arrears policies' HTTP models: input (XCreate, XUpdate) and output (XPublic)."""

from __future__ import annotations

from pydantic import BaseModel

from recovery.policy.definitions import PolicyBody
from recovery.schema_types import Input, Text


class PolicyPublic(BaseModel):
    policy_code: str
    version: int
    policy: PolicyBody


class PolicyUpdate(Input):
    policy: PolicyBody
    reason: Text
