"""Load an estate into a running stack the way real users and systems would: properties,
tenancies and leasehold accounts through billing's API (via the gateway), the weekly debit
through billing's debit run, cash as the receipting system's weekly income files through
payments' import, and the other payments as upstream systems send them (the inbound payment
contract on the broker)."""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from rentctl.estate.files import write_cash_csv
from rentctl.estate.generate import payments_for
from rentctl.estate.model import Estate, Payment
from shared.calendar import RentWeek, rent_week_of

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class LoadReport:
    tenancies: int = 0
    debit_weeks: int = 0
    payments_sent: int = 0
    cash_files: int = 0
    mistyped: int = 0
    warnings: list[str] = field(default_factory=list)
    balances: dict[str, Decimal] = field(default_factory=dict)  # a sample: account_ref -> balance

    def warn(self, text: str) -> None:
        self.warnings.append(text)


class LoadError(Exception):
    pass


class AlreadyLoaded(LoadError):
    pass


@dataclass
class EstateLoader:
    gateway_url: str
    token: str
    amqp_url: str
    namespace: str = "rent"
    concurrency: int = 8
    cash_files: bool = True  # cash as weekly income files (otherwise as upstream messages)
    progress: Progress = lambda stage, done, total: None

    async def load(self, estate: Estate, *, debits: bool = True, payments: bool = True) -> LoadReport:
        report = LoadReport()
        headers = {"Authorization": f"Bearer {self.token}"}
        async with httpx.AsyncClient(base_url=self.gateway_url, headers=headers, timeout=60) as http:
            await self._check_fresh(http, estate)
            await self._configure_landlord(http, report)
            await self._open_tenancies(http, estate, report)
            await self._wait_for_payments_to_know(http, estate)
            if debits:
                await self._debit_weeks(http, estate, report)
            if payments:
                await self._send_payments(http, estate, report)
                await self._settle(http, estate, report)
        return report

    async def _check_fresh(self, http: httpx.AsyncClient, estate: Estate) -> None:
        first = estate.properties[0].property_ref
        response = await http.get(f"/billing/properties/{first}")
        if response.status_code == 200:
            raise AlreadyLoaded(f"an estate with prefix {estate.prefix} is already loaded (property {first} exists); "
                            "load another with a different --prefix or --seed")
        if response.status_code not in (404,):
            raise LoadError(f"billing answered {response.status_code} for GET /properties/{first}: "
                            f"{response.text[:200]}")

    async def _configure_landlord(self, http: httpx.AsyncClient, report: LoadReport) -> None:
        """Letters need the landlord's details; a demo landlord is set where none is yet."""
        response = await http.get("/notifications/config/landlord")
        if response.status_code != 404:
            return
        body = {"reason": "demo estate", "value": DEMO_LANDLORD}
        response = await http.put("/notifications/config/landlord", json=body)
        if response.status_code != 200:
            report.warn(f"notifications did not take the demo landlord's details ({response.status_code}): "
                        f"{response.text[:200]}")

    async def _open_tenancies(self, http: httpx.AsyncClient, estate: Estate, report: LoadReport) -> None:
        total, done = len(estate.tenancies), 0
        queue: asyncio.Queue[int] = asyncio.Queue()
        for i in range(total):
            queue.put_nowait(i)

        async def worker() -> None:
            nonlocal done
            while not queue.empty():
                i = queue.get_nowait()
                prop, tenancy = estate.properties[i], estate.tenancies[i]
                await _post(http, "/billing/properties", prop.body(), f"property {prop.property_ref}")
                if tenancy.tenure == "leasehold":
                    created = await _post(http, "/billing/accounts", tenancy.leasehold_body(),
                                          f"leasehold account for {prop.property_ref}")
                else:
                    created = await _post(http, "/billing/tenancies", tenancy.body(),
                                          f"tenancy {tenancy.tenancy_ref}")
                tenancy.account_ref = created["account_ref"]
                done += 1
                if done % 50 == 0 or done == total:
                    self.progress("tenancies", done, total)

        await asyncio.gather(*(worker() for _ in range(self.concurrency)))
        report.tenancies = total

    async def _wait_for_payments_to_know(self, http: httpx.AsyncClient, estate: Estate, timeout: float = 120) -> None:
        """Payments matches money only to accounts it has heard of (AccountOpened)."""
        refs = [t.account_ref for t in estate.tenancies[-20:]]
        deadline = time.monotonic() + timeout
        while refs and time.monotonic() < deadline:
            response = await http.get(f"/payments/accounts/{refs[-1]}")
            if response.status_code == 200:
                refs.pop()
            else:
                await asyncio.sleep(0.2)
        if refs:
            raise LoadError(f"payments did not learn of account {refs[-1]} within {timeout:.0f}s "
                            "(is its consumer running?)")

    async def _debit_weeks(self, http: httpx.AsyncClient, estate: Estate, report: LoadReport) -> None:
        for n, week in enumerate(debit_weeks(estate)):
            label = f"debit run {week.rent_year} week {week.number}"
            run = await _post(http, "/billing/debit-runs", {"rent_year": week.rent_year, "rent_week": week.number},
                              label)
            deadline = time.monotonic() + 600
            while run["status"] in ("queued", "running") and time.monotonic() < deadline:
                await asyncio.sleep(0.2)
                run = (await http.get(f"/billing/debit-runs/{run['run_id']}")).raise_for_status().json()
            if run["status"] not in ("completed", "skipped"):
                raise LoadError(f"{label} ended {run['status']}: {run.get('error')}")
            report.debit_weeks += 1
            self.progress("weekly debits", n + 1, estate.weeks)

    async def _send_payments(self, http: httpx.AsyncClient, estate: Estate, report: LoadReport) -> None:
        all_payments = sorted((p for t in estate.tenancies for p in payments_for(estate, t)),
                              key=lambda p: (p.paid_on, p.transaction_id))
        refs = {t.tenancy_ref: t.account_ref for t in estate.tenancies}
        messages = all_payments
        if self.cash_files:
            # Cash arrives as the receipting system's files, a week per file (the bulk path).
            messages = [p for p in all_payments if p.source_system != "allpay"]
            await self._import_cash_files(http, [p for p in all_payments if p.source_system == "allpay"], refs,
                                          report)
        await self._publish(messages, refs)
        report.payments_sent = len(all_payments)
        report.mistyped = sum(p.mistyped for p in all_payments)

    async def _import_cash_files(self, http: httpx.AsyncClient, cash: list[Payment], refs: dict[str, str | None],
                                 report: LoadReport) -> None:
        weeks: dict[date, list[Payment]] = {}
        for payment in cash:
            weeks.setdefault(payment.paid_on - timedelta(days=payment.paid_on.weekday()), []).append(payment)
        with tempfile.TemporaryDirectory(prefix="estate-") as folder:
            for n, (monday, payments) in enumerate(sorted(weeks.items()), start=1):
                path = Path(folder) / f"allpay-{monday.isoformat()}.csv"
                write_cash_csv(path, ((p.message(refs[p.tenancy_ref])["payment_reference"], p.amount, p.paid_on,
                                       p.channel, p.transaction_id) for p in payments))
                with path.open("rb") as upload:
                    response = await http.post("/payments/income-files", params={
                        "format": "cash_csv", "source_system": "allpay"}, files={"file": (path.name, upload)},
                        timeout=600)
                if response.status_code >= 400:
                    raise LoadError(f"cash file {path.name}: payments answered {response.status_code}: "
                                    f"{response.text[:300]}")
                report.cash_files += 1
                self.progress("cash files", n, len(weeks))

    async def _publish(self, payments: list[Payment], refs: dict[str, str | None]) -> None:
        import aio_pika

        from shared.contracts.inbound import INBOUND_PAYMENT_ROUTING_KEY
        from shared.messaging.topology import Names

        connection = await aio_pika.connect(self.amqp_url)
        async with connection:
            channel = await connection.channel(publisher_confirms=True)
            exchange = await channel.get_exchange(Names(self.namespace).events_exchange)
            batch = 500  # confirms in flight: one at a time would take minutes for a large estate
            for start in range(0, len(payments), batch):
                chunk = payments[start:start + batch]
                await asyncio.gather(*(exchange.publish(
                    aio_pika.Message(json.dumps(p.message(refs[p.tenancy_ref])).encode(),
                                     message_id=f"{p.source_system}-{p.transaction_id}",
                                     content_type="application/json",
                                     delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                    routing_key=INBOUND_PAYMENT_ROUTING_KEY, mandatory=True) for p in chunk))
                self.progress("payments", start + len(chunk), len(payments))

    async def _settle(self, http: httpx.AsyncClient, estate: Estate, report: LoadReport,
                      timeout: float = 300) -> None:
        """Wait until billing's ledger holds every payment of a sample of accounts."""
        sample = estate.tenancies[:: max(1, len(estate.tenancies) // 200)]
        expected = {t.account_ref: sum(1 for p in payments_for(estate, t) if not p.mistyped) for t in sample}
        deadline = time.monotonic() + timeout
        pending = dict(expected)
        gate = asyncio.Semaphore(self.concurrency)

        async def check(ref: str) -> None:
            async with gate:
                response = await http.get(f"/billing/accounts/{ref}/postings", params={"limit": 500})
                if response.status_code in (502, 503, 504):
                    return  # looked at again in the next round
                if response.status_code != 200:
                    raise LoadError(f"billing answered {response.status_code} for the postings of {ref}: "
                                    f"{response.text[:200]}")
                postings = response.json()
                paid = sum(1 for p in postings if p["posting_type"] != "charge" and Decimal(p["amount"]) < 0)
                if paid >= pending[ref]:
                    pending.pop(ref)
                    report.balances[ref] = Decimal(postings[-1]["balance_after"]) if postings else Decimal(0)

        while pending and time.monotonic() < deadline:
            await asyncio.gather(*(check(ref) for ref in list(pending)))
            if pending:
                await asyncio.sleep(0.3)
        if pending:
            report.warn(f"{len(pending)} sampled account(s) had not received all their payments after "
                        f"{timeout:.0f}s (e.g. {next(iter(pending))})")


DEMO_LANDLORD = {
    "name": "Northfield Borough Council", "department": "Housing Income Team",
    "address": ["Civic Centre", "Market Square", "Northfield"], "postcode": "NF1 1AA",
    "phone": "020 7946 0000", "email": "rents@northfield.example", "office_hours": "Monday to Friday, 9am to 5pm",
    "payment_methods": ["Direct Debit", "allpay card at any PayPoint or Post Office", "online at northfield.example"],
    "signatory_name": "Pat Morgan", "signatory_title": "Income Manager",
}


async def _post(http: httpx.AsyncClient, path: str, body: dict[str, Any], what: str) -> dict[str, Any]:
    for attempt in range(5):
        response = await http.post(path, json=body)
        if response.status_code in (502, 503, 504) and attempt < 4:
            await asyncio.sleep(0.5 * (attempt + 1))
            continue
        if response.status_code >= 400:
            raise LoadError(f"{what}: {path} answered {response.status_code}: {response.text[:300]}")
        return response.json()
    raise AssertionError("unreachable")


def debit_weeks(estate: Estate) -> list[RentWeek]:
    """The rent week of each of the estate's weeks: a history that crosses the first Monday
    of April runs the end of one rent year, then the start of the next."""
    return [rent_week_of(estate.year_start + timedelta(weeks=n)) for n in range(estate.weeks)]
