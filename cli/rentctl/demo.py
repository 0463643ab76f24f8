"""`rentctl demo`: generate the demo estate and load it into a running stack."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import httpx
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from rentctl.errors import AlreadyDone, CliError
from rentctl.estate.files import cash_lines, write_cash_csv
from rentctl.estate.generate import MAX_ACCOUNTS, MIN_ACCOUNTS, generate_estate, payments_for
from rentctl.estate.load import AlreadyLoaded, EstateLoader, LoadError, LoadReport
from rentctl.estate.model import Estate
from rentctl.render import console, errors, rows_table
from rentctl.session import config_dir, gateway_url, load_session

demo_app = typer.Typer(help="The demo estate: a realistic synthetic landlord.", no_args_is_help=True)

Accounts = Annotated[int, typer.Option(min=MIN_ACCOUNTS, max=MAX_ACCOUNTS, help="How many accounts")]
Seed = Annotated[int, typer.Option(help="Seed: the same seed gives the same estate")]
Weeks = Annotated[int, typer.Option(min=1, max=53, help="Weeks of debits and payments from --year-start")]
YearStart = Annotated[str, typer.Option(
    help="Monday the history starts on (e.g. 2025-04-07 for a whole past rent year; a history crossing April "
         "runs on into the next rent year)")]


def _estate(accounts: int, seed: int, weeks: int, prefix: str | None, year_start: str = "2026-04-06") -> Estate:
    try:
        return generate_estate(accounts, seed, weeks=weeks, prefix=prefix, year_start=date.fromisoformat(year_start))
    except ValueError as exc:
        raise CliError(str(exc)) from None


@demo_app.command("summary")
def summary(accounts: Accounts = 300, seed: Seed = 2026, weeks: Weeks = 26, prefix: str | None = None,
            year_start: YearStart = "2026-04-06") -> None:
    """Describe the estate a seed gives, without loading it."""
    show_composition(_estate(accounts, seed, weeks, prefix, year_start))


def show_composition(estate: Estate) -> None:
    tenancies = estate.tenancies
    payments = Counter(p.method for t in tenancies for p in payments_for(estate, t))
    console.print(f"Estate seed {estate.seed} (prefix {estate.prefix}): {len(tenancies):,} accounts in "
                  f"{len(estate.patches)} patches, {estate.weeks} weeks from {estate.year_start}")
    rows = [
        {"aspect": "tenure", "breakdown": _counts(t.tenure for t in tenancies)},
        {"aspect": "pays by", "breakdown": _counts(t.payer for t in tenancies)},
        {"aspect": "behaviour", "breakdown": _counts(t.behaviour for t in tenancies)},
        {"aspect": "tenants", "breakdown": _counts(f"{len(t.tenants)} tenant(s)" for t in tenancies)},
        {"aspect": "charges", "breakdown": _counts(c for t in tenancies for c in t.charges)},
        {"aspect": "payments", "breakdown": ", ".join(f"{k} {v:,}" for k, v in payments.most_common())},
    ]
    console.print(rows_table("Composition", rows))


def _counts(values) -> str:
    return ", ".join(f"{k} {v:,}" for k, v in Counter(values).most_common())


@demo_app.command("load")
def load(
    accounts: Accounts = 300,
    seed: Seed = 2026,
    weeks: Weeks = 26,
    year_start: YearStart = "2026-04-06",
    prefix: Annotated[str | None, typer.Option(help="Reference prefix (default S<seed>)")] = None,
    amqp_url: Annotated[str, typer.Option(envvar="RENTCTL_AMQP_URL", help="Broker the upstream payments go to")]
    = "amqp://guest:guest@127.0.0.1:5672/",
    namespace: Annotated[str, typer.Option(help="Broker namespace of the stack")] = "rent",
    debits: Annotated[bool, typer.Option(help="Run the weekly debit for each week")] = True,
    payments: Annotated[bool, typer.Option(help="Send the payments")] = True,
    cash_files: Annotated[bool, typer.Option(help="Cash as weekly income files through payments' import; "
                                             "otherwise every payment as an upstream message")] = True,
    manifest: Annotated[Path | None, typer.Option(help="Where to write tenancy -> account references "
                                                   "(default: <config dir>/estate-<prefix>.json)")] = None,
    gateway: Annotated[str | None, typer.Option(help="Gateway URL")] = None,
) -> None:
    """Generate the estate and load it through the gateway (and the broker for payments)."""
    estate = _estate(accounts, seed, weeks, prefix, year_start)
    show_composition(estate)
    base = gateway_url(gateway)
    token = _loader_token(base)
    with Progress(TextColumn("[bold]{task.description:<14}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=errors) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        loader = EstateLoader(base, token, amqp_url, namespace=namespace, progress=progress, cash_files=cash_files)
        try:
            report = asyncio.run(loader.load(estate, debits=debits, payments=payments))
        except AlreadyLoaded as exc:
            raise AlreadyDone(str(exc)) from None
        except LoadError as exc:
            raise CliError(f"loading the estate failed: {exc}") from None
    path = manifest or config_dir() / f"estate-{estate.prefix}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"seed": seed, "prefix": estate.prefix, "accounts": {
        t.tenancy_ref: t.account_ref for t in estate.tenancies}}, indent=0))
    show_report(estate, report)
    console.print(f"Account references: {path}")


@demo_app.command("cash-file")
def cash_file(
    out: Annotated[Path, typer.Argument(dir_okay=False, help="The CSV to write")],
    manifest: Annotated[Path, typer.Option(exists=True, dir_okay=False, help="Written by `rentctl demo load`")],
    lines: Annotated[int, typer.Option(min=1, max=1_000_000)] = 1000,
    seed: Seed = 2026,
    paid_on: Annotated[str, typer.Option(help="Last payment date (YYYY-MM-DD)")] = "2026-10-02",
    mistyped: Annotated[float, typer.Option(min=0, max=1, help="Share of mistyped references")] = 0.01,
) -> None:
    """Write a cash receipting file (allpay/PayPoint CSV with trailer) for loaded accounts."""
    refs = [ref for ref in json.loads(manifest.read_text())["accounts"].values() if ref]
    try:
        day = date.fromisoformat(paid_on)
        count, total = write_cash_csv(out, cash_lines(refs, lines, seed=seed, paid_on=day, mistyped_share=mistyped))
    except ValueError as exc:
        raise CliError(str(exc)) from None
    console.print(f"Wrote {out}: {count:,} payments, £{total:,.2f}")


def _loader_token(base: str) -> str:
    """A development token for the loader; where there is no development issuer (Keycloak),
    the logged-in user's token."""
    try:
        response = httpx.post(f"{base}/auth/realms/rent/dev/token", timeout=15, json={
            # admin: a new demo estate also sets the landlord's details letters are printed with.
            "username": "demo.loader", "roles": ["rent_officer", "income_officer", "admin"], "ttl_seconds": 86400})
    except httpx.HTTPError:
        raise CliError(f"cannot reach the gateway at {base}: is the stack running?") from None
    if response.status_code == 200:
        return response.json()["access_token"]
    session = load_session()
    if session is None or session.expired:
        raise CliError("no development issuer behind the gateway: log in (`rentctl login --client-id ...`) first")
    return session.token


def show_report(estate: Estate, report: LoadReport) -> None:
    console.print(f"\nLoaded {report.tenancies:,} tenancies, {report.debit_weeks} weekly debit(s), "
                  f"{report.payments_sent:,} payments ({report.mistyped} with a mistyped reference, "
                  f"for the suspense queue; cash in {report.cash_files} income file(s))")
    balances = report.balances
    if balances:
        arrears = [b for b in balances.values() if b > 0]
        credit = [b for b in balances.values() if b < 0]
        console.print(f"Sample of {len(balances)} accounts: {len(arrears)} in arrears "
                      f"(£{sum(arrears, Decimal(0)):,.2f}), {len(credit)} in credit (£{-sum(credit, Decimal(0)):,.2f})")
        worst = sorted(balances.items(), key=lambda kv: kv[1], reverse=True)[:5]
        console.print("Largest arrears in the sample: " + ", ".join(f"{ref} £{bal:,.2f}" for ref, bal in worst))
    for warning in report.warnings:
        errors.print(f"[yellow]warning:[/] {warning}")
