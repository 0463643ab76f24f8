"""Async engines and sessions. Nothing is created at import time."""

from __future__ import annotations

from typing import Any

from sqlalchemy import MetaData, event, make_url
from sqlalchemy.exc import DisconnectionError, StatementError
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
    engine = create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        # Connections a firewall or NAT may have dropped silently are replaced in time.
        pool_recycle=1800,
        # Bound values (names, addresses, bank details) never appear in error text, so never
        # in tracebacks, logs or dead letters.
        hide_parameters=True,
        # Money columns are numeric: asyncpg returns Decimal, never float.
    )
    event.listen(engine.sync_engine, "checkout", _refuse_closed)
    return engine


def _refuse_closed(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Pessimistic disconnect handling without a round trip. SQLAlchemy's pre-ping costs
    asyncpg three (BEGIN, ';', ROLLBACK) on every checkout — a fifth of a cheap request's
    CPU — while asyncpg already knows a connection the server closed (a restart, a
    terminated backend): raising DisconnectionError makes the pool replace it."""
    if dbapi_connection.driver_connection.is_closed():
        raise DisconnectionError("the server closed this connection")


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


def asyncpg_dsn(url: str) -> str:
    """The SQLAlchemy URL of a database as a DSN asyncpg connects to directly."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
