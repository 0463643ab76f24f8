"""Every benchmark in one run, against the raw floor measured in the same run on the same
broker and database, with each process's peak memory; a table on stdout and JSON in
bench/results/ (ignored by git) to compare run to run.

    .venv/bin/python bench/run_all.py                 # full size (100,000 accounts / lines)
    .venv/bin/python bench/run_all.py --small         # a quick check (the test suite runs this)

Runs, in order: the floor (bench/floor.py), the weekly debit (billing_weekly_debit.py), the
payment file (payments_file_import.py), recovery's daily run (recovery_daily_run.py), each as
its own process whose figures are read from what it prints; then the whole platform as
processes behind the gateway (shared.testing.live_stack) on fresh databases with a demo
estate, the account statement through the gateway at a fixed request rate, and the
cross-service reconciliation (rentctl reconcile) over that estate.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import uvloop

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))  # bench/http_load.py


@dataclass
class Figure:
    name: str
    value: float | None
    unit: str
    target: str
    met: bool | None
    items_per_s: float | None = None  # for the ratio to the floor
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    detail: dict = field(default_factory=dict)


# --- peak memory of a process tree ---------------------------------------------------
def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def _descendants(roots: list[int]) -> list[int]:
    tree, found, todo = _children(), [], list(roots)
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += tree.get(pid, [])
    return found


def _peak_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class PeakMemory:
    """Samples the peak RSS (VmHWM) of a process tree, keyed by a role name per process."""

    def __init__(self, roots: Callable[[], list[int]], role: Callable[[int, str], str | None]) -> None:
        self._roots, self._role = roots, role
        self.peaks: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid in _descendants(self._roots()):
                name = self._role(pid, _cmdline(pid))
                if name:
                    self.peaks[name] = max(self.peaks.get(name, 0.0), _peak_kb(pid) / 1024)
            self._stop.wait(0.25)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return 0


def _stack_role(roots: dict[str, int]) -> Callable[[int, str], str | None]:
    """Each process counts for the stack process it descends from (nginx's workers for the gateway)."""
    by_pid = {pid: name for name, pid in roots.items()}

    def role(pid: int, cmd: str) -> str | None:
        while pid > 1:
            if pid in by_pid:
                return by_pid[pid]
            pid = _parent(pid)
        return None
    return role


def _script_role(script: str) -> Callable[[int, str], str | None]:
    def role(pid: int, cmd: str) -> str | None:
        for helper in ("service_process.py",):
            if helper in cmd:  # named by the service it runs (its first argument), else by the helper
                service = (cmd.split(helper, 1)[1].split() or [helper.split("_")[0]])[0]
                return f"{service} ({helper})"
        if script in cmd:
            return f"{script} (benchmark process)"
        return None
    return role


# --- the scripts -------------------------------------------------------------------------
def run_script(script: str, args: list[str], env: dict[str, str], timeout: float) -> tuple[str, dict[str, float]]:
    command = [sys.executable, str(HERE / script), *args]
    print(f"\n$ {' '.join(command[1:])}", flush=True)
    proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with PeakMemory(lambda: [proc.pid], _script_role(script)) as memory:
        out, _ = proc.communicate(timeout=timeout)
    sys.stdout.write(out)
    if proc.returncode != 0:
        raise RuntimeError(f"{script} failed with exit code {proc.returncode}")
    return out, memory.peaks


def _number(pattern: str, text: str, what: str) -> tuple[float, ...]:
    found = re.search(pattern, text)
    if not found:
        raise RuntimeError(f"could not read {what} from the benchmark's output (pattern {pattern!r})")
    return tuple(float(g.replace(",", "")) for g in found.groups())


def weekly_debit(accounts: int, common: list[str], env: dict[str, str]) -> Figure:
    out, peaks = run_script("billing_weekly_debit.py", ["--accounts", str(accounts), *common], env, 3600)
    n, seconds = _number(r"end to end: ([\d,]+) accounts in ([\d.]+) s", out, "the weekly debit's time")
    return Figure("weekly debit", seconds, f"s for {n:,.0f} accounts", "≤ 30 s for 100,000 accounts",
                  _judged(n, 100_000, seconds <= 30), n / seconds, peaks)


def payment_file(lines: int, common: list[str], env: dict[str, str]) -> Figure:
    out, peaks = run_script("payments_file_import.py", ["--lines", str(lines), *common], env, 3600)
    n, seconds = _number(r"end to end: ([\d,]+) lines in ([\d.]+) s", out, "the payment file's time")
    return Figure("payment file", n / seconds, f"lines/s ({n:,.0f} lines in {seconds:.1f} s)",
                  "≥ 5,000 lines/s", _judged(n, 100_000, n / seconds >= 5000), n / seconds, peaks)


def recovery_run(accounts: int, pg: str, env: dict[str, str]) -> Figure:
    out, peaks = run_script("recovery_daily_run.py", ["--accounts", str(accounts), "--pg", pg], env, 3600)
    n, seconds = _number(r"daily run over ([\d,]+) accounts: ([\d.]+) s", out, "the daily run's time")
    return Figure("recovery daily run", seconds, f"s for {n:,.0f} accounts", "≤ 10 s for 100,000 accounts",
                  _judged(n, 100_000, seconds <= 10), n / seconds, peaks)


def _judged(size: float, target_size: float, met: bool) -> bool | None:
    """A target is judged only at its own size (a small run says nothing about it)."""
    return met if size >= target_size else None


def floor(messages: int, rows: int, env: dict[str, str]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        out_file = Path(folder) / "floor.json"
        run_script("floor.py", ["--messages", str(messages), "--rows", str(rows), "--json-out", str(out_file)],
                   env, 1800)
        return json.loads(out_file.read_text())


# --- through the gateway -------------------------------------------------------------------
async def _statement_load(gateway: str, token: str, refs: list[str], rate: float, seconds: float) -> dict:
    from http_load import open_loop

    query = f"?date_from=2026-04-01&date_to={date.today().isoformat()}"
    result = await open_loop(f"{gateway}/billing", lambda i: f"/accounts/{refs[i % len(refs)]}/statement{query}",
                             rate=rate, seconds=seconds, headers={"Authorization": f"Bearer {token}"})
    return result.summary()


def through_gateway(args: argparse.Namespace, pg: str, amqp: str) -> tuple[Figure, dict]:
    import httpx
    from rentctl.client import Gateway
    from rentctl.estate.generate import generate_estate
    from rentctl.estate.load import EstateLoader
    from rentctl.reconcile import reconcile

    from shared.testing.infra import DatabaseFactory, new_run_id
    from shared.testing.live_stack import live_stack_for_test

    run_id = new_run_id()
    namespace = f"bench{run_id}"
    databases = DatabaseFactory(pg, f"bench{run_id}")
    roles = ["rent_officer", "income_officer", "senior_officer", "finance_approver", "auditor"]
    print(f"\n$ live stack: {args.estate_accounts} accounts, {args.estate_weeks} weeks; statements at "
          f"{args.statement_rate:.0f}/s for {args.statement_seconds:.0f} s", flush=True)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-stack-") as logs, \
                live_stack_for_test(databases, amqp, namespace, Path(logs)) as live:
            token = httpx.post(live.token_url(), json={"username": "bench", "roles": roles}, timeout=10).json()[
                "access_token"]
            estate = generate_estate(args.estate_accounts, args.seed, weeks=args.estate_weeks)
            started = time.perf_counter()
            asyncio.run(EstateLoader(live.gateway_url, token, amqp, namespace=namespace).load(estate))
            print(f"estate loaded in {time.perf_counter() - started:.1f} s", flush=True)
            gw = Gateway(live.gateway_url, token, timeout=60)
            report = reconcile(gw, wait_seconds=120)
            refs = _refs(gw)
            pids = {name: proc.pid for name, proc in live.processes.items()}
            with PeakMemory(lambda: list(pids.values()), _stack_role(pids)) as memory:
                load = uvloop.run(_statement_load(live.gateway_url, token, refs, args.statement_rate,
                                                   args.statement_seconds))
            peaks = {name: mb for name, mb in memory.peaks.items()}
            for name, pid in pids.items():  # peak over the whole life of the process, loading included
                peaks[name] = max(peaks.get(name, 0.0), _peak_kb(pid) / 1024)
    finally:
        databases.drop_all()
    met = _judged(args.statement_rate, 200, load["p99_ms"] <= 50 and load["failures"] == 0
                  and load["rate_achieved"] >= 0.95 * args.statement_rate)
    figure = Figure("statement via gateway", load["p99_ms"],
                    f"ms p99 at {load['rate_achieved']:.0f} req/s ({load['requests']} requests)",
                    "p99 ≤ 50 ms at 200 req/s", met, load["rate_achieved"], peaks, load)
    recon = {"agrees": report.agrees, "accounts": report.checked_accounts, "posting_types": report.checked_types,
             "differences": [str(d) for d in report.totals + report.accounts][:50]}
    print(f"reconciliation over the estate: {'the books agree' if report.agrees else 'DIFFERENCES'} "
          f"({report.checked_accounts} accounts)", flush=True)
    for line in recon["differences"]:
        print(f"  {line}")
    return figure, recon


def _refs(gw) -> list[str]:
    return [r["account_ref"] for r in gw.get("/billing/reports/account-balances", what="accounts",
                                             params={"limit": 500})]


# --- the table ---------------------------------------------------------------------------
def _machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
               if line.startswith("MemTotal"))
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(int(mem) / 1024 / 1024, 1),
            "kernel": platform.release(), "python": platform.python_version(), "load_average": os.getloadavg()}


def print_table(figures: list[Figure], floor_figures: dict[str, float]) -> None:
    publish, copy = floor_figures["broker_publish_confirmed_per_s"], floor_figures["postgres_copy_rows_per_s"]
    print("\nFloor (same run): " + ", ".join(f"{k} {v:,.0f}" for k, v in floor_figures.items()))
    header = f"{'benchmark':<24}{'result':>12}  {'unit':<40}{'target':<30}{'met':<5}" \
             f"{'÷ publish floor':>16}{'÷ COPY floor':>14}"
    print(header)
    print("-" * len(header))
    for f in figures:
        value = "—" if f.value is None else f"{f.value:,.1f}"
        r1 = "" if not f.items_per_s else f"{f.items_per_s / publish:.3f}"
        r2 = "" if not f.items_per_s else f"{f.items_per_s / copy:.4f}"
        met = {True: "yes", False: "NO", None: "—"}[f.met]
        print(f"{f.name:<24}{value:>12}  {f.unit:<40}{f.target:<30}{met:<5}{r1:>16}{r2:>14}")
    print("\nPeak memory (RSS, MB) per process:")
    for f in figures:
        if f.peak_rss_mb:
            print(f"  {f.name}: " + ", ".join(f"{k} {v:,.0f}" for k, v in sorted(f.peak_rss_mb.items())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="CI size: every benchmark at a few hundred items")
    parser.add_argument("--accounts", type=int, help="weekly debit accounts (default 100,000)")
    parser.add_argument("--lines", type=int, help="payment file lines (default 100,000)")
    parser.add_argument("--recovery-accounts", type=int, help="recovery daily run accounts (default 100,000)")
    parser.add_argument("--estate-accounts", type=int, help="demo estate behind the gateway (default 1,000)")
    parser.add_argument("--estate-weeks", type=int, default=4)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--statement-rate", type=float, help="statement requests per second (default 200)")
    parser.add_argument("--statement-seconds", type=float, help="statement load duration (default 20)")
    parser.add_argument("--pg", default=os.environ.get("BENCH_POSTGRES_URL",
                                                       "postgresql://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--amqp", default=os.environ.get("BENCH_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/"))
    parser.add_argument("--skip", action="append", default=[], choices=["debit", "payments", "recovery", "gateway"])
    parser.add_argument("--json-dir", type=Path, default=HERE / "results")
    args = parser.parse_args()
    small = args.small
    args.accounts = args.accounts or (300 if small else 100_000)
    args.lines = args.lines or (300 if small else 100_000)
    args.recovery_accounts = args.recovery_accounts or (300 if small else 100_000)
    args.estate_accounts = args.estate_accounts or (100 if small else 1_000)
    args.statement_rate = args.statement_rate or (20 if small else 200)
    args.statement_seconds = args.statement_seconds or (3 if small else 20)
    env = dict(os.environ, BENCH_POSTGRES_URL=args.pg, BENCH_AMQP_URL=args.amqp, PYTHONUNBUFFERED="1")
    common = ["--pg", args.pg, "--amqp", args.amqp]

    started = datetime.now(UTC)
    machine = _machine()
    floor_figures = floor(1_000 if small else 20_000, 5_000 if small else 200_000, env)
    figures: list[Figure] = []
    if "debit" not in args.skip:
        figures.append(weekly_debit(args.accounts, common, env))
    if "payments" not in args.skip:
        figures.append(payment_file(args.lines, common, env))
    if "recovery" not in args.skip:
        figures.append(recovery_run(args.recovery_accounts, args.pg, env))
    reconciliation = None
    if "gateway" not in args.skip:
        statement, reconciliation = through_gateway(args, args.pg, args.amqp)
        figures.append(statement)
    print_table(figures, floor_figures)
    args.json_dir.mkdir(parents=True, exist_ok=True)
    out = args.json_dir / f"run-{started.strftime('%Y%m%dT%H%M%SZ')}{'-small' if small else ''}.json"
    out.write_text(json.dumps({
        "started": started.isoformat(), "finished": datetime.now(UTC).isoformat(), "small": small,
        "machine": machine, "load_average_after": os.getloadavg(), "floor": floor_figures,
        "benchmarks": [asdict(f) for f in figures], "reconciliation": reconciliation,
    }, indent=2, default=str))
    print(f"\nJSON: {out}")
    if reconciliation is not None and not reconciliation["agrees"]:
        sys.exit(7)


if __name__ == "__main__":
    main()
