"""Importing an income file: checksum, structural validation, then the lines in batches.

Pass 1 streams the whole file through its adapter without touching the database, so a
structural error (header, trailer totals, encoding, broken XML) rejects the file whole
with nothing posted. Pass 2 streams it again and applies it a chunk at a time, one
transaction per chunk holding the payments, suspense items, line results, the events
(one PaymentBatchReceived per few hundred matched payments) and the resume point, so a
crash resumes where it stopped and nothing is applied twice.

Records are counted in file order (the record number): the resume point and the line
results are kept by record number, not by line, since an XML file may hold many records
on one line (a statement written without line breaks).
"""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert

from payments.adapters import account_aliases, bulk
from payments.adapters.formats import PARSERS, STRUCTURE_CHECKS, FileFormat
from payments.adapters.orm import (
    income_file_line_table,
    income_file_table,
    suspense_table,
)
from payments.direct_debits import bacs_reports
from payments.domain.exceptions import Conflict
from payments.domain.income import FileStructureError, Kind, Record, Rejected
from payments.domain.matching import match_reference
from payments.service_layer import reversals
from shared.contracts.payments import PaymentBatchReceivedV1, PaymentSuspendedV1, ReceivedPayment
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money
from shared.refs import normalise_ref

CHUNK_LINES = 2000  # records per transaction
BATCH_PAYMENTS = 500  # matched payments per PaymentBatchReceived event


class DuplicateFile(Conflict):
    def __init__(self, file_id: uuid.UUID, status: str) -> None:
        super().__init__(f"this file (same SHA-256 checksum) was already offered as file {file_id} ({status})")
        self.file_id = file_id


class FileRejected(Exception):
    def __init__(self, file_id: uuid.UUID, reason: str) -> None:
        super().__init__(reason)
        self.file_id = file_id
        self.reason = reason


@dataclass(frozen=True)
class FileOffer:
    path: Path
    format: FileFormat
    filename: str
    source_system: str
    origin: str  # upload or drop_folder
    actor: str


def checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


async def import_file(offer: FileOffer, new_uow: Callable[[], UnitOfWork]) -> uuid.UUID:
    """Import ``offer``; returns its file id. Raises DuplicateFile or FileRejected."""
    file_id, done = await _register(offer, checksum(offer.path), new_uow)
    parse = PARSERS[offer.format]
    try:
        await asyncio.to_thread(_check_structure, offer)
    except FileStructureError as exc:
        await _finish(new_uow, file_id, "rejected", exc.reason)
        raise FileRejected(file_id, exc.reason) from None
    records = islice(enumerate(parse(offer.path, offer.source_system), start=1), done, None)
    while chunk := list(islice(records, CHUNK_LINES)):
        async with new_uow() as uow:
            await _claim_chunk(uow, file_id, done)
            counts = await _apply_chunk(uow, offer, file_id, chunk)
            done = chunk[-1][0]
            await uow.session.execute(
                update(income_file_table).where(income_file_table.c.file_id == file_id).values(
                    records_done=done, **{k: getattr(income_file_table.c, k) + v for k, v in counts.items()})
            )
            await uow.commit()
    await _finish(new_uow, file_id, "imported", None)
    return file_id


def _check_structure(offer: FileOffer) -> None:
    check = STRUCTURE_CHECKS.get(offer.format)
    if check is not None:
        check(offer.path)
    else:
        for _ in PARSERS[offer.format](offer.path, offer.source_system):
            pass


async def _register(offer: FileOffer, digest: str, new_uow: Callable[[], UnitOfWork]) -> tuple[uuid.UUID, int]:
    async with new_uow() as uow:
        created = (await uow.session.execute(
            insert(income_file_table).values(
                file_id=uuid.uuid4(), checksum=digest, format=offer.format.value, filename=offer.filename[:255],
                source_system=offer.source_system, origin=offer.origin, status="processing",
                received_by=offer.actor,
            ).on_conflict_do_nothing(index_elements=[income_file_table.c.checksum])
            .returning(income_file_table.c.file_id)
        )).first()
        await uow.commit()
        if created is not None:
            return created.file_id, 0
        found = (await uow.session.execute(
            select(income_file_table.c.file_id, income_file_table.c.status, income_file_table.c.records_done)
            .where(income_file_table.c.checksum == digest)
        )).one()
    if found.status != "processing":
        raise DuplicateFile(found.file_id, found.status)
    return found.file_id, found.records_done  # an interrupted import: resume it


async def _claim_chunk(uow: UnitOfWork, file_id: uuid.UUID, done: int) -> None:
    """Lock the file for this chunk; refuse if another process has moved it on."""
    found = (await uow.session.execute(
        select(income_file_table.c.records_done, income_file_table.c.status)
        .where(income_file_table.c.file_id == file_id).with_for_update()
    )).one()
    if found.status != "processing" or found.records_done != done:
        raise Conflict(f"file {file_id} is being imported by another process")


async def _finish(new_uow: Callable[[], UnitOfWork], file_id: uuid.UUID, status: str, reason: str | None) -> None:
    async with new_uow() as uow:
        await uow.session.execute(
            update(income_file_table).where(income_file_table.c.file_id == file_id)
            .values(status=status, rejection_reason=reason, finished_at=func.now())
        )
        await uow.commit()


@dataclass
class _Applying:
    """One chunk being applied: the line results and counts its record handlers add to."""

    uow: UnitOfWork
    offer: FileOffer
    file_id: uuid.UUID
    counts: dict[str, Any]
    lines: list[dict[str, Any]] = field(default_factory=list)

    def source(self, record: Record) -> str:
        return source_of(self.file_id, record.line_no)

    def tally(self, record_no: int, record: Record, outcome: str, reason: str) -> None:
        """Count a line applied on its own; keep the line's result unless it was accepted."""
        if outcome == "accepted":
            self.counts["accepted_amount"] += record.amount.amount
        else:
            self.lines.append(_line(self.file_id, record_no, record, outcome, reason))
        self.counts["accepted" if outcome == "accepted" else "rejected" if outcome == "rejected"
                    else "duplicates"] += 1


KindHandler = Callable[[_Applying, list[tuple[int, Record]]], Awaitable[None]]
LineHandler = Callable[[_Applying, Record], Awaitable[tuple[str, str]]]  # (outcome, reason)


async def _apply_chunk(uow: UnitOfWork, offer: FileOffer, file_id: uuid.UUID,
                       chunk: list[tuple[int, Record | Rejected]]):
    """``chunk``: (record number, record) in file order."""
    counts = {"records": len(chunk), "accepted": 0, "rejected": 0, "unmatched": 0, "duplicates": 0,
              "accepted_amount": Money.zero().amount, "unmatched_amount": Money.zero().amount}
    applying = _Applying(uow, offer, file_id, counts)
    by_kind: dict[Kind, list[tuple[int, Record]]] = {}
    for n, record in chunk:
        if isinstance(record, Rejected):
            applying.lines.append(_line(file_id, n, record, "rejected", record.reason))
            counts["rejected"] += 1
        else:
            by_kind.setdefault(record.kind, []).append((n, record))
    for kind, handle in RECORD_KINDS.items():
        if kind in by_kind:
            await handle(applying, by_kind.pop(kind))
    if by_kind:
        raise TypeError(f"no handler for records of kind {', '.join(by_kind)}")
    if applying.lines:
        await uow.session.execute(insert(income_file_line_table).on_conflict_do_nothing(), applying.lines)
    await uow.flush_events()
    return counts


def _line(file_id: uuid.UUID, record_no: int, record: Record | Rejected, outcome: str, reason: str) -> dict[str, Any]:
    return {"file_id": file_id, "record_no": record_no, "line_no": record.line_no, "outcome": outcome,
            "reason": reason[:1000], "reference": (record.reference or "")[:35] or None,
            "amount": record.amount.amount if record.amount is not None else None}


async def _account_status(uow: UnitOfWork, references: Iterable[str]) -> dict[str, str]:
    refs = sorted({r if r.isdigit() else normalise_ref(r) for r in references if r})
    if not refs:
        return {}
    return await bulk.account_status(uow.session, refs)


def source_of(file_id: uuid.UUID, line_no: int) -> str:
    return f"file:{file_id}:{line_no}"


async def _apply_payments(applying: _Applying, payments: list[tuple[int, Record]]) -> None:
    """A chunk's payments together: matched in one lookup, inserted in one statement, and
    reported in a few PaymentBatchReceived events."""
    uow, offer, file_id, lines, counts = (applying.uow, applying.offer, applying.file_id, applying.lines,
                                          applying.counts)
    references = [r.reference for _, r in payments]
    aliases = await account_aliases.resolve(uow.session, references)
    accounts = await _account_status(uow, references + list(aliases.values()))
    rows, matches = [], {}
    for n, record in payments:
        match = match_reference(record.reference, accounts, aliases)  # references are normalised inside
        payment_id = uuid.uuid4()
        matches[payment_id] = (n, record, match)
        rows.append((payment_id, offer.source_system, record.external_id, match.account_ref,
                     record.reference[:35], record.amount.amount, record.method.value, record.channel[:40],
                     record.on, source_of(file_id, record.line_no), "matched" if match.matched else "suspended",
                     file_id, record.line_no))
    inserted = await bulk.insert_payments(uow.session, rows)
    received, suspended = [], []
    for payment_id, (n, record, match) in matches.items():
        if payment_id not in inserted:
            counts["duplicates"] += 1
            lines.append(_line(file_id, n, record, "duplicate",
                               f"already received: {offer.source_system} transaction {record.external_id}"))
        elif match.matched:
            counts["accepted"] += 1
            counts["accepted_amount"] += record.amount.amount
            # Every field was validated by the adapter: construct without validating again.
            received.append(ReceivedPayment.model_construct(
                payment_id=payment_id, account_ref=match.account_ref, amount=record.amount, method=record.method,
                channel=record.channel[:40], received_on=record.on, external_id=record.external_id,
                source=source_of(file_id, record.line_no), period_from=record.period_from,
                period_to=record.period_to, received_by=f"system:{offer.source_system}",
            ))
        else:
            counts["unmatched"] += 1
            counts["unmatched_amount"] += record.amount.amount
            suspended.append((payment_id, record, match.reason))
            lines.append(_line(file_id, n, record, "unmatched", match.reason))
    for batch in _batches(received, BATCH_PAYMENTS):
        # batch_no is the record number of the batch's first payment: stable if an interrupted import is resumed.
        first = matches[batch[0].payment_id][0]
        uow.emit(PaymentBatchReceivedV1(batch_id=uuid.uuid4(), file_id=file_id, batch_no=first,
                                        payments=batch), sequence=first)
    await _suspend(uow, suspended, file_id)


def _batches(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


async def _suspend(uow: UnitOfWork, suspended: list[tuple[uuid.UUID, Record, str]], file_id: uuid.UUID) -> None:
    if not suspended:
        return
    rows = []
    for payment_id, record, reason in suspended:
        suspense_id = uuid.uuid4()
        source = source_of(file_id, record.line_no)
        rows.append({"suspense_id": suspense_id, "payment_id": payment_id, "reference_given": record.reference[:35],
                     "amount": record.amount.amount, "method": record.method.value, "received_on": record.on,
                     "reason": reason, "source": source})
        uow.emit(PaymentSuspendedV1(suspense_id=suspense_id, reference_given=record.reference[:35],
                                    amount=record.amount, method=record.method, received_on=record.on,
                                    reason=reason, source=source))
    await uow.session.execute(insert(suspense_table), rows)


def one_by_one(apply_line: LineHandler) -> KindHandler:
    """A kind whose records are applied a line at a time, in file order."""
    async def apply(applying: _Applying, records: list[tuple[int, Record]]) -> None:
        for n, record in records:
            applying.tally(n, record, *await apply_line(applying, record))

    return apply


async def _hb_deduction(applying: _Applying, record: Record) -> tuple[str, str]:
    ref = normalise_ref(record.reference)
    status = (await _account_status(applying.uow, [ref])).get(ref)
    if status is None:
        return "rejected", "overpaid account is unknown (check the account reference)"
    blameless = record.detail.get("blameless") == "yes"
    reason = (f"HB overpayment for {record.period_from} to {record.period_to} recovered from the schedule"
              + (" (blameless deduction: other tenants credited in full)" if blameless else ""))
    return await reversals.record(applying.uow, applying.offer.source_system, record.external_id, ref, record,
                                  reason, applying.source(record), None)


async def _unpaid(applying: _Applying, record: Record) -> tuple[str, str]:
    return await bacs_reports.apply_unpaid(applying.uow, record, applying.offer.source_system,
                                           applying.source(record))


async def _mandate_advice(applying: _Applying, record: Record) -> tuple[str, str]:
    return await bacs_reports.apply_advice(applying.uow, record, applying.source(record))


# What each kind of record does: adding a kind is one entry. Kinds are applied in this order
# (payments first), each kind's records in file order; no format mixes two other kinds.
RECORD_KINDS: dict[Kind, KindHandler] = {
    Kind.PAYMENT: _apply_payments,
    Kind.DEDUCTION: one_by_one(_hb_deduction),
    Kind.UNPAID: one_by_one(_unpaid),
    Kind.MANDATE_ADVICE: one_by_one(_mandate_advice),
}
