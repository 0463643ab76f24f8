"""Migration job: ``python -m shared.db.migrate SERVICE [--url URL] [--create-database]``.

The URL defaults to the service's own setting (``<SERVICE>_DATABASE_URL``). Run as a
separate job before new service versions start (compose, Kubernetes, the local stack).
"""

from __future__ import annotations

import argparse
import asyncio
import os

import asyncpg

from shared.db.migrations import upgrade

SERVICES = ("billing", "payments", "recovery", "refunds", "notifications")


async def create_database_if_missing(url: str) -> None:
    dsn = url.replace("postgresql+asyncpg://", "postgresql://", 1)
    base, name = dsn.rsplit("/", 1)
    name = name.split("?", 1)[0]
    conn = await asyncpg.connect(f"{base}/postgres")
    try:
        if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("service", choices=SERVICES)
    parser.add_argument("--url", help="SQLAlchemy URL (default: <SERVICE>_DATABASE_URL)")
    parser.add_argument("--create-database", action="store_true", help="create the database if missing")
    args = parser.parse_args()
    url = args.url or os.environ.get(f"{args.service.upper()}_DATABASE_URL")
    if not url:
        parser.error(f"no --url and {args.service.upper()}_DATABASE_URL is not set")
    if args.create_database:
        asyncio.run(create_database_if_missing(url))
    upgrade(args.service, url)
    print(f"{args.service}: migrated to head")


if __name__ == "__main__":
    main()
