"""The rentctl commands. Each talks to the gateway with the logged-in user's token."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from rentctl.client import Gateway
from rentctl.demo import demo_app
from rentctl.errors import CliError, NotLoggedIn
from rentctl.operations import SERVICES
from rentctl.operations import register as register_operations
from rentctl.render import console, errors, record_table, rows_table
from rentctl.session import Session, config_dir, gateway_url, load_session

app = typer.Typer(help="Rent platform: staff and operator commands through the gateway.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
account_app = typer.Typer(help="Rent accounts.", no_args_is_help=True)
payments_app = typer.Typer(help="Income files and payments.", no_args_is_help=True)
debit_app = typer.Typer(help="The weekly rent debit.", no_args_is_help=True)
refund_app = typer.Typer(help="Refunds of credit balances.", no_args_is_help=True)
app.add_typer(account_app, name="account")
app.add_typer(payments_app, name="payments")
app.add_typer(debit_app, name="debit")
app.add_typer(refund_app, name="refund")
app.add_typer(demo_app, name="demo")
register_operations(app)

GatewayOpt = Annotated[str | None, typer.Option("--gateway", help="Gateway URL (default: RENTCTL_GATEWAY, "
                                                "the logged-in gateway, or http://127.0.0.1:8080)")]
FINAL_STATUSES = {"completed", "complete", "done", "finished", "failed", "rejected", "skipped", "cancelled"}


def _gateway(explicit: str | None) -> Gateway:
    return Gateway.from_session(explicit)


# --- identity ------------------------------------------------------------------------
@app.command()
def login(
    username: Annotated[str | None, typer.Argument(help="Your user name (development issuer)")] = None,
    role: Annotated[list[str] | None, typer.Option("--role", "-r", help="A role to hold (repeatable)")] = None,
    client_id: Annotated[str | None, typer.Option(help="Keycloak client id (client-credentials login)")] = None,
    client_secret: Annotated[str | None, typer.Option(help="Keycloak client secret", envvar="RENTCTL_CLIENT_SECRET")]
    = None,
    ttl: Annotated[int, typer.Option(help="Token lifetime in seconds (development issuer)")] = 3600,
    gateway: GatewayOpt = None,
) -> None:
    """Log in: a development token for USERNAME with --role, or a Keycloak client-credentials
    token with --client-id/--client-secret. The token is kept for the next commands."""
    base = gateway_url(gateway)
    if client_id:
        if not client_secret:
            raise CliError("--client-secret (or RENTCTL_CLIENT_SECRET) is required with --client-id")
        url = f"{base}/auth/realms/rent/protocol/openid-connect/token"
        form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": client_secret}
        answer = _token_request(url, data=form)
        who, roles = client_id, []
    else:
        if not username or not role:
            raise CliError("give a user name and at least one --role (e.g. `rentctl login jo --role rent_officer`)")
        url = f"{base}/auth/realms/rent/dev/token"
        answer = _token_request(url, json={"username": username, "roles": role, "ttl_seconds": ttl})
        who, roles = username, role
    session = Session(gateway=base, token=answer["access_token"], username=who, roles=roles,
                      expires_at=time.time() + int(answer.get("expires_in", ttl)) - 5)
    session.save()
    console.print(f"Logged in as [bold]{who}[/] ({', '.join(roles) or 'client roles'}) at {base}; "
                  f"token valid for {int(answer.get('expires_in', ttl))} s")


def _token_request(url: str, **kwargs: Any) -> dict[str, Any]:
    try:
        response = httpx.post(url, timeout=15, **kwargs)
    except httpx.HTTPError as exc:
        raise CliError(f"cannot reach the identity provider at {url}: {type(exc).__name__}") from None
    if response.status_code == 404:
        raise CliError(f"no token endpoint at {url}: is this the gateway of a development stack?")
    if response.status_code >= 400:
        raise CliError(f"login refused ({response.status_code}): {response.text[:300]}")
    return response.json()


@app.command()
def whoami() -> None:
    """Who is logged in, where, and until when."""
    session = load_session()
    if session is None:
        raise NotLoggedIn("not logged in")
    until = time.strftime("%H:%M:%S", time.localtime(session.expires_at))
    state = "expired" if session.expired else f"valid until {until}"
    console.print(f"{session.username} ({', '.join(session.roles)}) at {session.gateway}: token {state}")


@app.command()
def logout() -> None:
    """Forget the stored token."""
    (config_dir() / "session.json").unlink(missing_ok=True)
    console.print("Logged out")


# --- accounts ------------------------------------------------------------------------
@account_app.command("show")
def account_show(
    account_ref: str,
    date_from: Annotated[str | None, typer.Option("--from", help="Statement from (YYYY-MM-DD)")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Statement to (YYYY-MM-DD)")] = None,
    gateway: GatewayOpt = None,
) -> None:
    """An account (billing's ledger and recovery's view) and its statement."""
    gw = _gateway(gateway)
    first, last = _dates(date_from, date_to)
    account = gw.get(f"/billing/accounts/{account_ref}", what=f"account {account_ref}")
    console.print(record_table(f"Account {account_ref}", account))
    try:
        position = gw.get(f"/recovery/accounts/{account_ref}", what="recovery's view")
        console.print(record_table("Recovery", position, skip=("account_ref", "last_seq")))
    except CliError as exc:
        errors.print(f"[yellow]recovery: {exc}[/]")
    statement = gw.get(f"/billing/accounts/{account_ref}/statement", what="statement",
                       params={"date_from": first.isoformat(), "date_to": last.isoformat()})
    console.print(record_table(f"Statement {first} to {last}", statement, skip=("account_ref",)))
    console.print(rows_table("Postings", statement.get("postings", []), _POSTING_COLUMNS))


_POSTING_COLUMNS = ["account_seq", "effective_date", "posting_type", "charge_type", "amount", "balance_after",
                    "source", "reason"]


def _dates(date_from: str | None, date_to: str | None) -> tuple[date, date]:
    try:
        last = date.fromisoformat(date_to) if date_to else date.today()
        first = date.fromisoformat(date_from) if date_from else date(last.year - 1, last.month, 1)
    except ValueError as exc:
        raise CliError(f"dates are YYYY-MM-DD: {exc}") from None
    if first > last:
        raise CliError(f"--from {first} is after --to {last}")
    return first, last


# --- payments ------------------------------------------------------------------------
class _ProgressFile:
    """A file whose reads advance a progress bar (httpx streams the upload in chunks)."""

    def __init__(self, path: Path, progress: Progress, task: Any) -> None:
        self._file = path.open("rb")
        self._progress, self._task = progress, task

    def read(self, size: int = -1) -> bytes:
        chunk = self._file.read(size)
        self._progress.advance(self._task, len(chunk))
        return chunk

    def close(self) -> None:
        self._file.close()


@payments_app.command("import")
def payments_import(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="The income file")],
    file_format: Annotated[str, typer.Option("--format", help="Its format (e.g. cash_csv, camt053, hb_schedule, "
                                             "uc_schedule, arudd, addacs, auddis)")],
    source_system: Annotated[str | None, typer.Option(help="Where it came from (e.g. allpay; default per "
                                                      "format)")] = None,
    gateway: GatewayOpt = None,
) -> None:
    """Upload an income file to payments, with a progress bar, and show the result report
    (accepted, rejected with line numbers and reasons, unmatched)."""
    gw = _gateway(gateway)
    formats = _income_file_formats(gw)
    if file_format not in formats:
        raise CliError(f"--format {file_format!r} is not one of: {', '.join(formats)}")
    params = {"format": file_format, **({"source_system": source_system} if source_system else {})}
    with Progress(TextColumn("[bold]uploading {task.description}"), BarColumn(), DownloadColumn(),
                  TaskProgressColumn(), TimeElapsedColumn(), console=errors) as progress:
        task = progress.add_task(file.name, total=file.stat().st_size)
        upload = _ProgressFile(file, progress, task)
        try:
            response = gw.request("POST", "/payments/income-files", what=f"importing {file.name}", params=params,
                                  files={"file": (file.name, upload, "application/octet-stream")}, timeout=600)
        finally:
            upload.close()
    report = response.json()
    console.print(record_table(f"Import of {file.name}", report))
    lines = gw.get(f"/payments/income-files/{report['file_id']}/lines", what="the file's lines",
                   params={"limit": 500})
    if lines:
        console.print(rows_table(f"Lines not posted ({len(lines)}{'+' if len(lines) == 500 else ''})", lines))


def _income_file_formats(gw: Gateway) -> list[str]:
    """The formats payments imports, from its OpenAPI document (so a wrong one is refused
    before the upload)."""
    document = gw.document("payments")
    [param] = [p for p in document["paths"]["/income-files"]["post"]["parameters"] if p["name"] == "format"]
    schema = param["schema"]
    while "$ref" in schema:  # "#/components/schemas/FileFormat"
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema["enum"]


# --- weekly debit --------------------------------------------------------------------
@debit_app.command("run")
def debit_run(
    year: Annotated[int, typer.Option("--year", help="Rent year (the year its April starts in)")],
    week: Annotated[int, typer.Option("--week", min=1, max=53, help="Rent week (1-53)")],
    gateway: GatewayOpt = None,
) -> None:
    """Close and open the weekly debit for a rent week, with progress and its reconciliation."""
    gw = _gateway(gateway)
    run = gw.post("/billing/debit-runs", what="starting the weekly debit", json={"rent_year": year, "rent_week": week})
    run_path = f"/billing/debit-runs/{run['run_id']}"
    with Progress(TextColumn("[bold]debit {task.description}"), BarColumn(), TaskProgressColumn(),
                  TextColumn("{task.completed}/{task.total} accounts"), TimeElapsedColumn(), console=errors) as bar:
        task = bar.add_task(f"{year} week {week}", total=run.get("accounts_total") or None)
        deadline = time.monotonic() + 3600
        while run["status"] not in FINAL_STATUSES and time.monotonic() < deadline:
            time.sleep(0.3)
            run = gw.get(run_path, what="debit run progress")
            bar.update(task, total=run.get("accounts_total") or None, completed=run.get("accounts_done", 0))
    console.print(record_table(f"Weekly debit {year} week {week}", run))
    if run["status"] == "failed":
        raise CliError(f"the debit run failed: {run.get('error')}; resume it with POST {run_path}/resume")
    if run["status"] == "completed":
        recon = gw.get(f"{run_path}/reconciliation", what="reconciliation")
        console.print(record_table("Reconciliation", recon, skip=("run_id",)))
        for key, value in recon.items():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                console.print(rows_table(key.replace("_", " ").capitalize(), value))


# --- recovery --------------------------------------------------------------------------
CASELOAD_COLUMNS = ["rank", "account_ref", "patch", "arrears", "weeks_in_arrears", "risk_score", "stage", "action",
                    "reason", "hold", "payer_profile", "status"]


@app.command()
def caseload(
    patch: Annotated[str, typer.Option(help="The patch (recovery keeps a caseload per patch, e.g. HA01)")],
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
    refresh: Annotated[bool, typer.Option(help="Run recovery's daily run first")] = False,
    gateway: GatewayOpt = None,
) -> None:
    """Officers' caseload: recommended recovery actions, riskiest first."""
    gw = _gateway(gateway)
    if refresh:
        run = gw.post("/recovery/daily-runs", what="recovery's daily run", json={"run_date": date.today().isoformat()})
        console.print(record_table("Daily run", run))
    rows = gw.get(f"/recovery/caseloads/{patch}", what="caseload", params={"limit": limit})
    if not rows:
        console.print(f"Caseload {patch}: no recommended actions"
                      + ("" if refresh else " (recovery's daily run makes them: add --refresh to run it now)"))
        return
    # The columns an officer works from; the ids stay available through the API.
    wanted = [c for c in CASELOAD_COLUMNS if any(c in row for row in rows)]
    console.print(rows_table(f"Caseload {patch} ({len(rows)})", rows, wanted or None))


@app.command()
def kpis(gateway: GatewayOpt = None) -> None:
    """Income recovery KPIs: arrears, former tenant arrears, cases by stage, arrangements kept."""
    gw = _gateway(gateway)
    figures = gw.get("/recovery/kpis", what="KPIs")
    console.print(record_table("KPIs", figures))
    for key, value in figures.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            console.print(rows_table(key.replace("_", " ").capitalize(), value))
        elif isinstance(value, dict) and value:
            console.print(record_table(key.replace("_", " ").capitalize(), value))


# --- refunds ---------------------------------------------------------------------------
@refund_app.command("approve")
def refund_approve(refund_id: str, gateway: GatewayOpt = None) -> None:
    """Approve a refund (you must not be its requester, and your limit must cover it; above
    the dual approval threshold it needs a second approver)."""
    gw = _gateway(gateway)
    headers = {"Idempotency-Key": f"rentctl-approve-{refund_id}"}
    refund = gw.post(f"/refunds/refunds/{refund_id}/approve", what=f"approving refund {refund_id}", headers=headers)
    console.print(record_table(f"Refund {refund_id}", refund))
    if refund.get("approvals"):
        console.print(rows_table("Approvals", refund["approvals"]))


# --- operations ------------------------------------------------------------------------
@app.command("dead-letters")
def dead_letters(
    service: Annotated[str | None, typer.Option(help="Only this service")] = None,
    limit: Annotated[int, typer.Option(min=0, max=100, help="Messages shown per queue")] = 20,
    gateway: GatewayOpt = None,
) -> None:
    """Messages the services could not process, with the reason each was dead-lettered."""
    if service and service not in SERVICES:
        raise CliError(f"unknown service {service!r}: one of {', '.join(SERVICES)}")
    gw = _gateway(gateway)
    services = [service] if service else list(SERVICES)
    queues, messages = [], []
    for name in services:
        for queue in gw.get(f"/{name}/dead-letters", what=f"{name}'s dead letters", params={"limit": limit}):
            queues.append({"service": name, "queue": queue["queue"], "messages": queue["messages"]})
            messages += [{"service": name, "consumer": queue["consumer"], **{k: v for k, v in m.items() if k != "body"}}
                         for m in queue["shown"]]
    total = sum(q["messages"] or 0 for q in queues)
    console.print(rows_table(f"Dead-letter queues ({total} message(s))", queues))
    if messages:
        console.print(rows_table(f"Dead letters (first {limit} per queue)", messages,
                                 ["service", "consumer", "message_id", "routing_key", "reason", "detail",
                                  "retry_count"]))


@app.callback()
def _root() -> None:
    """Rent platform CLI."""

