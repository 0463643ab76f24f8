"""Operator commands: `rentctl reconcile` (do the books agree across the services?) and
`rentctl dead-letters-replay` (put a dead-lettered message back on its queue)."""

from __future__ import annotations

from typing import Annotated

import typer

from rentctl.client import Gateway
from rentctl.errors import CliError
from rentctl.reconcile import Report, reconcile
from rentctl.render import console, rows_table

SERVICES = ("billing", "payments", "recovery", "refunds", "notifications")


class BooksDisagree(CliError):
    exit_code = 7


GatewayOpt = Annotated[str | None, typer.Option("--gateway", help="Gateway URL")]


def render_report(report: Report) -> None:
    console.print(f"Checked {report.checked_accounts} account(s) and the ledger totals of "
                  f"{', '.join(report.checked_types)}")
    if report.totals:
        console.print(rows_table("Ledger totals that disagree", [
            {"posting_type": d.posting_type, "ledger_count": d.ledger.count, "ledger_amount": str(d.ledger.amount),
             "source": d.source, "source_count": d.expected.count, "source_amount": str(d.expected.amount),
             "difference": str(d.ledger.amount - d.expected.amount)} for d in report.totals]))
    if report.accounts:
        console.print(rows_table(f"Accounts that disagree ({len(report.accounts)})", [
            {"account_ref": d.account_ref, "service": d.service,
             "billing": "missing" if d.ledger is None else str(d.ledger.balance),
             "billing_seq": None if d.ledger is None else d.ledger.last_seq,
             "projected": "missing" if d.projected is None else str(d.projected.balance),
             "projected_seq": None if d.projected is None else d.projected.last_seq} for d in report.accounts]))
    if report.agrees:
        console.print("[green]The books agree to the penny.[/]")


def reconcile_command(
    wait: Annotated[float, typer.Option(min=0, help="Look again for up to this many seconds while they "
                                        "disagree (events may be in flight)")] = 0.0,
    gateway: GatewayOpt = None,
) -> None:
    """Prove the books agree: billing's ledger totals by posting type against payments,
    refunds and recovery, and every account's balance in recovery and refunds against
    billing's. Differences are listed account by account (exit code 7)."""
    gw = Gateway.from_session(gateway)
    report = reconcile(gw, wait_seconds=wait)
    render_report(report)
    if not report.agrees:
        raise BooksDisagree(f"the books do not agree: {len(report.totals)} ledger total(s) and "
                            f"{len(report.accounts)} account balance(s) differ")


def replay_dead_letters(gw: Gateway, service: str, consumer: str, *, message_id: str | None = None,
                        limit: int = 100, reason: str) -> dict:
    """Ask `service` to move dead-lettered messages of `consumer` back to its queue."""
    body = {"consumer": consumer, "reason": reason, "limit": limit}
    if message_id:
        body["message_id"] = message_id
    return gw.post(f"/{service}/dead-letters/replay", what=f"replaying {service}'s dead letters", json=body)


def dead_letters_replay_command(
    service: Annotated[str, typer.Argument(help="The service whose consumer dead-lettered the message")],
    consumer: Annotated[str, typer.Argument(help="The consumer (as `rentctl dead-letters` lists it)")],
    reason: Annotated[str, typer.Option(help="Why it is safe to replay now (kept in the audit log)")],
    message_id: Annotated[str | None, typer.Option(help="Only this message")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="At most this many messages")] = 100,
    gateway: GatewayOpt = None,
) -> None:
    """Move dead-lettered messages back to their consumer's queue, keeping their message ids
    (so the inbox still applies each at most once); who replayed them is audited."""
    if service not in SERVICES:
        raise CliError(f"unknown service {service!r}: one of {', '.join(SERVICES)}")
    result = replay_dead_letters(Gateway.from_session(gateway), service, consumer, message_id=message_id,
                                 limit=limit, reason=reason)
    console.print(f"Replayed {result['replayed']} message(s) from {result['queue']} "
                  f"({result['remaining']} left in the dead-letter queue)")
    if message_id and result["replayed"] == 0:
        raise CliError(f"message {message_id} is not in {result['queue']}")


def register(app: typer.Typer) -> None:
    app.command("reconcile")(reconcile_command)
    app.command("dead-letters-replay")(dead_letters_replay_command)
