"""Migrating a legacy extract: a dry run that lists every problem and writes nothing, and
a load that is all-or-nothing per extract (one transaction), a no-op when the same extract
comes again, and refused unless the migrated balances reconcile to the control totals.

The load publishes what any new account would: AccountOpened (with the legacy references,
so payments matches old references), TenancyStarted, the balances as AccountsPosted of
type migrated_balance, and TenancyTerminated for former tenancies that carry a balance."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from billing.errors import BillingError, Conflict
from billing.ledger import source_keys
from billing.migration import store as migration_store
from billing.migration import writes as migration_writes
from billing.migration.rules import Extract, check, read
from billing.migration.tables import migration_batch_table
from shared import audit
from shared.db.unit_of_work import UnitOfWork


class MigrationRejected(BillingError):
    def __init__(self, extract: Extract) -> None:
        super().__init__(f"the extract has {len(extract.problems)} problem(s); nothing was written")
        self.report = extract.report()


class NotReconciled(BillingError):
    def __init__(self, reconciliation: dict[str, Any]) -> None:
        super().__init__("the migrated balances do not reconcile to the legacy control totals; nothing was written")
        self.reconciliation = reconciliation


@dataclass(frozen=True)
class Loaded:
    batch: dict[str, Any]
    replayed: bool


def checksum(contents: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(contents):
        digest.update(name.encode() + b"\0" + contents[name].encode() + b"\0")
    return digest.hexdigest()


async def dry_run(contents: dict[str, str], uow: UnitOfWork) -> dict[str, Any]:
    return (await _checked(read(contents), uow)).report()


async def load(contents: dict[str, str], actor: str, uow: UnitOfWork) -> Loaded:
    """Load the extract in the caller's transaction (the caller commits)."""
    await migration_store.lock(uow.session)
    digest = checksum(contents)
    extract = read(contents)
    extract_id = extract.control.get("extract_id")
    earlier = await migration_store.batch(uow.session, extract_id) if extract_id else None
    if earlier is not None:
        if earlier["checksum"] != digest:
            raise Conflict(f"extract {extract_id} was already loaded with different content; give a new extract_id")
        return Loaded(earlier, replayed=True)
    extract = await _checked(extract, uow)
    if not extract.valid:
        raise MigrationRejected(extract)
    await migration_writes.write(extract, digest, actor, uow)
    reconciliation = await migration_store.reconciliation(uow.session, extract_id, extract.control["balance_total"])
    if not reconciliation["reconciled"]:
        raise NotReconciled(reconciliation)
    await uow.session.execute(
        migration_batch_table.update().where(migration_batch_table.c.extract_id == extract_id)
        .values(reconciliation=reconciliation))
    await audit.record(uow.session, actor=actor, action="migrate", entity="migration_batch", entity_id=extract_id,
                       after=extract.report() | {"problems": [], "cut_over_date": str(extract.cut_over),
                                                 "balance_total": str(extract.balance_total())},
                       reason=f"migration from {extract.control['source_system']}",
                       source=source_keys.migration(extract_id))
    return Loaded(await migration_store.batch(uow.session, extract_id), replayed=False)


async def _checked(extract: Extract, uow: UnitOfWork) -> Extract:
    return check(extract, await migration_store.existing(uow.session, extract.references()))
