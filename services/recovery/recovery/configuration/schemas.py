"""Settings' HTTP models: input (XCreate, XUpdate) and output (XPublic)."""

from __future__ import annotations

from typing import Any

from recovery.schema_types import Input, Text


class SettingUpdate(Input):
    value: dict[str, Any]
    reason: Text
