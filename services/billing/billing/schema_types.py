"""Field types and the strict input base the capabilities' API schemas share."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

Ref = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9\-/]{1,30}$")]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]

Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class InputModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
