"""Capped pagination parameters for list routes."""

from typing import Annotated

from fastapi import Query

MAX_PAGE = 500

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Page size, at most {MAX_PAGE}")]
