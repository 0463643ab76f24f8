"""The rentctl commands. Each talks to the gateway with the logged-in user's token."""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from rentctl.client import Gateway
from rentctl.demo import demo_app
from rentctl.errors import CliError, NotAvailableYet, NotLoggedIn
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
    statement_path = _optional(gw, "billing", "get", r"^/accounts/\{[^}]+\}/statement$")
    if statement_path:
        params = _date_params(gw.operation("billing", "get", statement_path), first, last)
        statement = gw.get(f"/billing{_fill(statement_path, account_ref)}", what="statement", params=params)
        console.print(record_table(f"Statement {first} to {last}", statement, skip=("account_ref",)))
        console.print(rows_table("Postings", statement.get("postings", []), _POSTING_COLUMNS))
    else:
        errors.print("[yellow]billing offers no statement route yet: showing the ledger postings instead[/]")
        postings = gw.get(f"/billing/accounts/{account_ref}/postings", what="postings", params={"limit": 500})
        within = [p for p in postings if first.isoformat() <= p["effective_date"] <= last.isoformat()]
        console.print(rows_table(f"Postings {first} to {last}", within, _POSTING_COLUMNS))


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


def _date_params(operation: dict[str, Any], first: date, last: date) -> dict[str, str]:
    params = {}
    for param in operation.get("parameters", []):
        name = param["name"]
        if param["in"] == "query" and "from" in name:
            params[name] = first.isoformat()
        elif param["in"] == "query" and ("to" in name.split("_") or name.endswith("to") or name == "until"):
            params[name] = last.isoformat()
    return params


def _optional(gw: Gateway, service: str, method: str, pattern: str) -> str | None:
    try:
        return gw.find(service, method, pattern, feature="")
    except CliError:
        return None


def _fill(path: str, value: str) -> str:
    start, end = path.index("{"), path.index("}") + 1
    return path[:start] + value + path[end:]


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
    file_format: Annotated[str | None, typer.Option("--format", help="Its format (e.g. cash_csv, camt053, "
                                                    "hb_schedule, uc_schedule, arudd, addacs, auddis)")] = None,
    source_system: Annotated[str | None, typer.Option(help="Where it came from (e.g. allpay)")] = None,
    gateway: GatewayOpt = None,
) -> None:
    """Upload an income file to payments, with a progress bar, and show the result report
    (accepted, rejected with line numbers and reasons, unmatched)."""
    gw = _gateway(gateway)
    path = gw.find("payments", "post", r"^/income-files$|/imports?$", feature="Income file import")
    operation = gw.operation("payments", "post", path)
    document = gw.document("payments")
    fields = _multipart_fields(document, operation)
    file_field = next((n for n, s in fields.items() if _is_binary(s)), "file")
    params, data = {}, {}
    for name, schema, where in _inputs(document, operation, fields):
        if name == file_field:
            continue
        value = file_format if name in {"format", "file_format", "kind", "file_type"} else \
            source_system if name == "source_system" else None
        allowed = schema.get("enum")
        if value is None:
            if schema.get("required"):
                raise CliError(f"payments needs --{name.replace('_', '-')}"
                               + (f" (one of: {', '.join(allowed)})" if allowed else ""))
            continue
        if allowed and value not in allowed:
            raise CliError(f"--{name.replace('_', '-')} {value!r} is not one of: {', '.join(allowed)}")
        (params if where == "query" else data)[name] = value
    size = file.stat().st_size
    with Progress(TextColumn("[bold]uploading {task.description}"), BarColumn(), DownloadColumn(),
                  TaskProgressColumn(), TimeElapsedColumn(), console=errors) as progress:
        task = progress.add_task(file.name, total=size)
        upload = _ProgressFile(file, progress, task)
        try:
            response = gw.request("POST", f"/payments{path}", what=f"importing {file.name}", params=params,
                                  data=data, files={file_field: (file.name, upload, "application/octet-stream")},
                                  timeout=600)
        finally:
            upload.close()
    report = response.json()
    console.print(record_table(f"Import of {file.name}", report))
    lines_path = _optional(gw, "payments", "get", "^" + re.escape(path) + r"/\{[^}]+\}/lines$")
    file_id = report.get("file_id") if isinstance(report, dict) else None
    if lines_path and file_id:
        lines = gw.get(f"/payments{_fill(lines_path, str(file_id))}", what="the file's lines",
                       params={"limit": 500})
        if lines:
            console.print(rows_table(f"Lines not posted ({len(lines)}{'+' if len(lines) == 500 else ''})", lines))


def _multipart_fields(document: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any]:
    content = operation.get("requestBody", {}).get("content", {})
    schema = (content.get("multipart/form-data") or {}).get("schema", {})
    schema = _deref(document, schema)
    required = set(schema.get("required", []))
    return {name: {**_deref(document, prop), "required": name in required}
            for name, prop in schema.get("properties", {}).items()}


def _inputs(document: dict[str, Any], operation: dict[str, Any], fields: dict[str, Any]):
    """(name, schema with 'required', 'query'|'form') of every input besides path parameters."""
    for param in operation.get("parameters", []):
        if param["in"] == "query":
            yield param["name"], {**_deref(document, param.get("schema", {})), "required": param.get("required")}, \
                "query"
    for name, schema in fields.items():
        yield name, schema, "form"


def _deref(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:  # "#/components/schemas/Name"
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if "anyOf" in schema:  # Optional[X] is anyOf [X, null]
        options = [_deref(document, s) for s in schema["anyOf"] if s.get("type") != "null"]
        if len(options) == 1:
            return options[0]
    return schema


def _is_binary(schema: dict[str, Any]) -> bool:
    return schema.get("format") == "binary" or "contentMediaType" in schema


# --- weekly debit --------------------------------------------------------------------
@debit_app.command("run")
def debit_run(
    year: Annotated[int, typer.Option("--year", help="Rent year (the year its April starts in)")],
    week: Annotated[int, typer.Option("--week", min=1, max=53, help="Rent week (1-53)")],
    gateway: GatewayOpt = None,
) -> None:
    """Close and open the weekly debit for a rent week, with progress and its reconciliation."""
    gw = _gateway(gateway)
    path = gw.find("billing", "post", r"^/debit-runs?$", feature="The weekly debit run")
    run = gw.post(f"/billing{path}", what="starting the weekly debit", json={"rent_year": year, "rent_week": week})
    run_path = f"/billing{path}/{run['run_id']}"
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
    patch: Annotated[str | None, typer.Option(help="Only this patch")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
    refresh: Annotated[bool, typer.Option(help="Run recovery's daily run first")] = False,
    gateway: GatewayOpt = None,
) -> None:
    """Officers' caseload: recommended recovery actions, riskiest first."""
    gw = _gateway(gateway)
    path = gw.find("recovery", "get", r"^/caseloads?(/\{[^}]+\})?$", feature="The recovery caseload")
    params: dict[str, Any] = {"limit": limit}
    if "{" in path:
        if not patch:
            raise CliError("recovery keeps a caseload per patch: give --patch (e.g. --patch HA01)")
        path = _fill(path, patch)
    elif patch:
        params["patch"] = patch
    if refresh:
        run_path = gw.find("recovery", "post", r"^/daily-runs?$", feature="Recovery's daily run")
        run = gw.post(f"/recovery{run_path}", what="recovery's daily run",
                      json={"run_date": date.today().isoformat()})
        console.print(record_table("Daily run", run))
    cases = gw.get(f"/recovery{path}", what="caseload", params=params)
    rows = cases.get("items", cases) if isinstance(cases, dict) else cases
    if not rows:
        console.print(f"Caseload{' ' + patch if patch else ''}: no recommended actions"
                      + ("" if refresh else " (recovery's daily run makes them: add --refresh to run it now)"))
        return
    # The columns an officer works from, where recovery provides them; the ids stay available
    # through the API.
    wanted = [c for c in CASELOAD_COLUMNS if any(c in row for row in rows)]
    console.print(rows_table(f"Caseload{' ' + patch if patch else ''} ({len(rows)})", rows, wanted or None))


@app.command()
def kpis(gateway: GatewayOpt = None) -> None:
    """Income recovery KPIs: arrears, former tenant arrears, cases by stage, arrangements kept."""
    gw = _gateway(gateway)
    path = gw.find("recovery", "get", r"kpi", feature="Recovery KPIs")
    figures = gw.get(f"/recovery{path}", what="KPIs")
    console.print(record_table("KPIs", figures))
    for key, value in figures.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            console.print(rows_table(key.replace("_", " ").capitalize(), value))
        elif isinstance(value, dict) and value:
            console.print(record_table(key.replace("_", " ").capitalize(), value))


# --- refunds ---------------------------------------------------------------------------
@refund_app.command("approve")
def refund_approve(
    refund_id: str,
    reason: Annotated[str | None, typer.Option(help="Why (kept in the audit trail)")] = None,
    gateway: GatewayOpt = None,
) -> None:
    """Approve a refund (you must not be its requester, and your limit must cover it)."""
    gw = _gateway(gateway)
    path = gw.find("refunds", "post", r"\{[^}]+\}/approv", feature="Refund approval")
    operation = gw.operation("refunds", "post", path)
    body = {"reason": reason} if reason else {}
    has_body = "requestBody" in operation
    headers = {"Idempotency-Key": f"rentctl-approve-{refund_id}"}
    refund = gw.post(f"/refunds{_fill(path, refund_id)}", what=f"approving refund {refund_id}", headers=headers,
                     **({"json": body} if has_body else {}))
    console.print(record_table(f"Refund {refund_id}", refund))


# --- operations ------------------------------------------------------------------------
@app.command("dead-letters")
def dead_letters(
    service: Annotated[str | None, typer.Option(help="Only this service")] = None,
    limit: Annotated[int, typer.Option(min=0, max=100, help="Messages shown per queue")] = 20,
    gateway: GatewayOpt = None,
) -> None:
    """Messages the services could not process, with the reason each was dead-lettered."""
    gw = _gateway(gateway)
    services = [service] if service else ["billing", "payments", "recovery", "refunds", "notifications"]
    queues, messages, missing = [], [], []
    for name in services:
        path = _optional(gw, name, "get", r"^/dead-?letters$")
        if path is None:
            missing.append(name)
            continue
        for queue in gw.get(f"/{name}{path}", what=f"{name}'s dead letters", params={"limit": limit}):
            queues.append({"service": name, "queue": queue["queue"], "messages": queue["messages"]})
            messages += [{"service": name, "consumer": queue["consumer"], **{k: v for k, v in m.items() if k != "body"}}
                         for m in queue["shown"]]
    if missing and len(missing) == len(services):
        raise NotAvailableYet(f"dead letters are not available yet: {', '.join(missing)} offer no dead-letter route "
                              "on this deployment")
    total = sum(q["messages"] or 0 for q in queues)
    console.print(rows_table(f"Dead-letter queues ({total} message(s))", queues))
    if messages:
        console.print(rows_table(f"Dead letters (first {limit} per queue)", messages,
                                 ["service", "consumer", "message_id", "routing_key", "reason", "detail",
                                  "retry_count"]))
    if missing:
        errors.print(f"[yellow]no dead-letter route yet on: {', '.join(missing)}[/]")


@app.callback()
def _root() -> None:
    """Rent platform CLI."""

