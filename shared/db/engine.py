"""Async engines and sessions. Nothing is created at import time."""

from __future__ import annotations

from sqlalchemy import MetaData
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_metadata() -> MetaData:
    return MetaData(naming_convention=NAMING_CONVENTION)


def create_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        # Bound values (names, addresses, bank details) never appear in error text, so never
        # in tracebacks, logs or dead letters.
        hide_parameters=True,
        # Money columns are numeric: asyncpg returns Decimal, never float.
    )


def describe_database_error(exc: StatementError) -> str:
    """A database error without any value from the statement or row: its classes, SQLSTATE
    and the table, column and constraint. PostgreSQL's message and DETAIL, and asyncpg's
    argument errors, can quote bound values (``Key (name)=(…)``), so they are left out."""
    orig = exc.orig
    driver = getattr(orig, "__cause__", None) or orig  # asyncpg's exception behind SQLAlchemy's adapter
    facts = [f"{label} {value}" for label, attr in (("sqlstate", "sqlstate"), ("table", "table_name"),
                                                      ("column", "column_name"), ("constraint", "constraint_name"))
             if (value := getattr(driver, attr, None))]
    kinds = type(exc).__name__ + (f": {type(driver).__name__}" if driver is not None else "")
    return kinds + (f" ({', '.join(facts)})" if facts else "")


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
