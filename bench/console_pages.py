"""The staff console under 20 officers at once: the whole stack as processes behind nginx
(shared.testing.live_stack on fresh databases), the demo estate loaded through the gateway,
recovery's daily run for today, then N simulated officers — each its own console session,
signed in through the development issuer's authorize page (the console's OIDC code + PKCE
flow, driven with httpx) — looping search → account → statement → worktray through the
gateway for a fixed time. Prints count, p50/p95/p99 and errors per page (target: p95 ≤ 150 ms
per page on the 2-core machine); exits 0 whether or not the target is met.

    .venv/bin/python bench/console_pages.py                     # 300 accounts, 20 officers, 30 s
    .venv/bin/python bench/console_pages.py --small             # 100 accounts, 4 officers, 3 s: a smoke test

Each officer is a closed loop (the next page as soon as the last one answered, as a person
clicking through at machine speed would not: this is the heavier load); latency is the
client-side wall time of each GET, measured over HTTP/1.1 keep-alive with a hand-parsed
client (bench/http_load.py's connection) carrying the officer's session cookie, so the
load generator's own CPU stays small beside what it measures. Pages: search by a surname
from the estate (a tenant of the officer's patch), the account page of an account of the
patch, its statement page (the default period: the rent year so far), the patch's worktray
(Recommended today). Every answer but 200 counts as an error (none of these URLs redirects
when signed in).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import httpx

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))  # bench/http_load.py

PAGES = ("search", "account", "statement", "worktray")
TARGET_P95_MS = 150.0
YEAR_START = date(2026, 4, 6)  # the demo estate's first rent week (a Monday)


@dataclass
class Officer:
    username: str
    patch: str
    surnames: list[str]
    accounts: list[str]
    cookie: str = ""
    latencies: dict[str, list[float]] = field(default_factory=lambda: {p: [] for p in PAGES})
    errors: dict[str, int] = field(default_factory=lambda: {p: 0 for p in PAGES})
    statuses: dict[str, dict[int, int]] = field(default_factory=lambda: {p: {} for p in PAGES})


def percentile_ms(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


# --- signing in, as a browser does -----------------------------------------------------
def sign_in(gateway: str, username: str, roles: list[str], patches: str) -> str:
    """The console's sign-in: GET /sign-in → the issuer's authorize page (through the gateway)
    → POST its form → the console's callback → a session cookie. Returns the Cookie header."""
    with httpx.Client(base_url=gateway, timeout=30, follow_redirects=False) as http:
        answer = http.get("/sign-in")
        assert answer.status_code == 303, f"/sign-in answered {answer.status_code}"
        authorize = answer.headers["location"]
        page = http.get(authorize)
        assert page.status_code == 200 and "dev-authorize-form" in page.text, f"authorize page {page.status_code}"
        hidden = dict(_hidden_inputs(page.text))
        form = {**hidden, "username": username, "roles": roles, "patches": patches}
        action = urlsplit(authorize).path  # the form posts to "auth", beside the page
        granted = http.post(action, data=form)
        assert granted.status_code == 303, f"authorize POST answered {granted.status_code}: {granted.text[:300]}"
        callback = granted.headers["location"]
        done = http.get(callback)
        assert done.status_code == 303, f"callback answered {done.status_code}: {done.text[:300]}"
        home = http.get(done.headers["location"])
        assert home.status_code == 200 and username in home.text, f"home after sign-in: {home.status_code}"
        return "; ".join(f"{c.name}={c.value}" for c in http.cookies.jar)


def _hidden_inputs(text: str) -> list[tuple[str, str]]:
    import html
    import re

    return [(html.unescape(n), html.unescape(v))
            for n, v in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', text)]


# --- the stack and the estate ----------------------------------------------------------
def weeks_so_far(today: date) -> int:
    return max(1, min(53, (today - YEAR_START).days // 7 + 1))


async def _refresh_search_vocabulary(database_url: str) -> None:
    """Search's vocabulary catches up within minutes in billing's own loop: brought up to the
    estate just loaded, as that loop would (as tests/browser/conftest.py does)."""
    import asyncpg

    connection = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await connection.execute("REFRESH MATERIALIZED VIEW search_word")
        await connection.execute("ANALYZE")
    finally:
        await connection.close()


def officers_for(estate, count: int, seed: int) -> list[Officer]:
    by_patch: dict[str, tuple[list[str], list[str]]] = {}
    for prop, tenancy in zip(estate.properties, estate.tenancies, strict=True):
        if not tenancy.account_ref:
            continue
        surnames, refs = by_patch.setdefault(prop.patch, ([], []))
        refs.append(tenancy.account_ref)
        surnames += [t.name.split()[-1] for t in tenancy.tenants if t.is_lead]
    patches = sorted(by_patch)
    rng = random.Random(seed)
    officers = []
    for n in range(count):
        patch = patches[n % len(patches)]
        surnames, refs = by_patch[patch]
        officers.append(Officer(f"officer.{n + 1:02d}", patch, rng.sample(surnames, min(len(surnames), 50)),
                                rng.sample(refs, min(len(refs), 50))))
    return officers


# --- the load ---------------------------------------------------------------------------
async def officer_loop(officer: Officer, gateway: str, started: float, warm_until: float, stop_at: float) -> None:
    from http_load import _Connection

    url = urlsplit(gateway)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    connection = _Connection(host, port)
    rng = random.Random(officer.username)
    try:
        while time.perf_counter() < stop_at:
            ref = quote(rng.choice(officer.accounts), safe="")
            paths = {
                "search": "/search?" + urlencode({"q": rng.choice(officer.surnames)}),
                "account": f"/accounts/{ref}",
                "statement": f"/accounts/{ref}/statement",
                "worktray": f"/worktray/{quote(officer.patch, safe='')}?tab=recommended",
            }
            for page, path in paths.items():
                if time.perf_counter() >= stop_at:
                    return
                request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: {officer.cookie}\r\n"
                           "Accept: text/html\r\n\r\n").encode()
                began = time.perf_counter()
                try:
                    status = await connection.get(request, 30.0)
                except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ValueError):
                    status = 0
                took = time.perf_counter() - began
                if began >= warm_until:
                    officer.latencies[page].append(took)
                    officer.statuses[page][status] = officer.statuses[page].get(status, 0) + 1
                    officer.errors[page] += status != 200
    finally:
        connection.close()


async def run_load(officers: list[Officer], gateway: str, warm_up: float, seconds: float) -> float:
    import gc

    gc.collect()
    gc.freeze()  # the load generator's own pauses stay out of the figures
    started = time.perf_counter()
    warm_until, stop_at = started + warm_up, started + warm_up + seconds
    await asyncio.gather(*(officer_loop(o, gateway, started, warm_until, stop_at) for o in officers))
    return time.perf_counter() - warm_until


def check_pages(gateway: str, officer: Officer) -> dict[str, str]:
    """One pass through the four pages with httpx, looking at what they show."""
    seen = {}
    with httpx.Client(base_url=gateway, timeout=30, headers={"Cookie": officer.cookie}) as http:
        ref = quote(officer.accounts[0], safe="")
        for page, path in {"search": "/search?" + urlencode({"q": officer.surnames[0]}),
                           "account": f"/accounts/{ref}", "statement": f"/accounts/{ref}/statement",
                           "worktray": f"/worktray/{quote(officer.patch, safe='')}?tab=recommended"}.items():
            answer = http.get(path)
            seen[page] = f"{answer.status_code}, {len(answer.content):,} bytes"
            if answer.status_code != 200 or answer.history:
                raise RuntimeError(f"{officer.username}: {path} answered {answer.status_code} "
                                   f"(after {[r.status_code for r in answer.history]}): {answer.text[:500]}")
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="a smoke test: 100 accounts, 4 officers, 1 + 3 s")
    parser.add_argument("--accounts", type=int, help="demo estate size (default 300)")
    parser.add_argument("--weeks", type=int, help="weeks of debits and payments (default: the rent year so far)")
    parser.add_argument("--officers", type=int, help="concurrent officers (default 20)")
    parser.add_argument("--seconds", type=float, help="measured duration (default 30)")
    parser.add_argument("--warm-up", type=float, help="unmeasured start (default 5)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--floor", action="store_true", help="also run bench/floor.py first (its figures printed)")
    parser.add_argument("--json-out", type=Path, help="write the figures here as JSON")
    parser.add_argument("--pg", default=os.environ.get("BENCH_POSTGRES_URL",
                                                       "postgresql://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--amqp", default=os.environ.get("BENCH_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/"))
    args = parser.parse_args()
    small = args.small
    accounts = args.accounts or (100 if small else 300)
    weeks = args.weeks or (6 if small else weeks_so_far(date.today()))
    n_officers = args.officers or (4 if small else 20)
    seconds = args.seconds or (3.0 if small else 30.0)
    warm_up = args.warm_up if args.warm_up is not None else (1.0 if small else 5.0)

    import uvloop
    from rentctl.estate.generate import generate_estate
    from rentctl.estate.load import EstateLoader

    from shared.testing.infra import DatabaseFactory, new_run_id
    from shared.testing.live_stack import live_stack_for_test

    floor_figures = None
    if args.floor:
        import subprocess

        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "floor.json"
            subprocess.run([sys.executable, str(HERE / "floor.py"), "--messages", "20000", "--rows", "200000",
                            "--json-out", str(out)], cwd=REPO, check=True)
            floor_figures = json.loads(out.read_text())

    started_at = datetime.now(UTC)
    load_before = os.getloadavg()
    run_id = new_run_id()
    namespace = f"bench{run_id}"
    databases = DatabaseFactory(args.pg, f"bench{run_id}")
    print(f"live stack: {accounts} accounts, {weeks} weeks; {n_officers} officers for {seconds:.0f} s "
          f"after {warm_up:.0f} s warm-up; load average {load_before[0]:.2f}", flush=True)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-console-") as logs, \
                live_stack_for_test(databases, args.amqp, namespace, Path(logs)) as live:
            token = httpx.post(live.token_url(), timeout=10, json={
                "username": "estate.loader", "roles": ["rent_officer", "income_officer", "senior_officer",
                                                       "finance_approver", "admin"]}).json()["access_token"]
            estate = generate_estate(accounts, args.seed, weeks=weeks)
            t = time.perf_counter()
            asyncio.run(EstateLoader(live.gateway_url, token, args.amqp, namespace=namespace).load(estate))
            print(f"estate loaded in {time.perf_counter() - t:.1f} s ({len(estate.patches)} patches)", flush=True)
            asyncio.run(_refresh_search_vocabulary(live.env["BILLING_DATABASE_URL"]))
            headers = {"Authorization": f"Bearer {token}"}
            t = time.perf_counter()
            run = httpx.post(f"{live.gateway_url}/recovery/daily-runs", headers=headers, timeout=600,
                             json={"run_date": date.today().isoformat()})
            run.raise_for_status()
            print(f"recovery's daily run for {date.today()} in {time.perf_counter() - t:.1f} s: "
                  f"{json.dumps(run.json(), default=str)[:300]}", flush=True)
            recommended = {}
            for patch in sorted(estate.patches):
                tray = httpx.get(f"{live.gateway_url}/recovery/caseloads/{patch}/worktray", headers=headers,
                                 params={"tab": "recommended", "limit": 1}, timeout=30)
                recommended[patch] = tray.raise_for_status().json()["total"]
            print(f"recommended today per patch: {recommended}", flush=True)

            officers = officers_for(estate, n_officers, args.seed)
            t = time.perf_counter()
            for officer in officers:
                officer.cookie = sign_in(live.gateway_url, officer.username, ["rent_officer", "income_officer"],
                                         officer.patch)
            print(f"{len(officers)} officers signed in through the issuer's authorize page in "
                  f"{time.perf_counter() - t:.1f} s (patches {sorted({o.patch for o in officers})})", flush=True)
            print(f"one pass by {officers[0].username}: {check_pages(live.gateway_url, officers[0])}", flush=True)
            measured = uvloop.run(run_load(officers, live.gateway_url, warm_up, seconds))
    finally:
        databases.drop_all()
    load_after = os.getloadavg()

    figures = {}
    for page in PAGES:
        values = [v for o in officers for v in o.latencies[page]]
        statuses: dict[int, int] = {}
        for o in officers:
            for status, n in o.statuses[page].items():
                statuses[status] = statuses.get(status, 0) + n
        p95 = percentile_ms(values, 0.95)
        figures[page] = {"count": len(values), "per_s": len(values) / measured, "p50_ms": percentile_ms(values, 0.50),
                         "p95_ms": p95, "p99_ms": percentile_ms(values, 0.99),
                         "max_ms": max(values) * 1000 if values else float("nan"),
                         "errors": sum(o.errors[page] for o in officers), "statuses": statuses,
                         "met": bool(values) and p95 <= TARGET_P95_MS}
    met = all(f["met"] and f["errors"] == 0 for f in figures.values())
    total = sum(f["count"] for f in figures.values())

    print(f"\n{n_officers} officers, {measured:.1f} s measured: {total:,} pages ({total / measured:.0f}/s); "
          f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    if floor_figures:
        print("floor (same run): " + ", ".join(f"{k} {v:,.0f}" for k, v in floor_figures.items()))
    header = (f"{'page':<11}{'count':>7}{'per s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
              f"{'errors':>8}  met")
    print(header)
    print("-" * len(header))
    for page, f in figures.items():
        print(f"{page:<11}{f['count']:>7,}{f['per_s']:>8.1f}{f['p50_ms']:>9.1f}{f['p95_ms']:>9.1f}{f['p99_ms']:>9.1f}"
              f"{f['max_ms']:>9.1f}{f['errors']:>8}  {'yes' if f['met'] and not f['errors'] else 'NO'}")
    print(f"target p95 ≤ {TARGET_P95_MS:.0f} ms per page, no errors: {'met' if met else 'NOT MET'}")
    result = {"started": started_at.isoformat(), "accounts": accounts, "weeks": weeks, "officers": n_officers,
              "seconds": measured, "warm_up": warm_up, "load_average_before": load_before,
              "load_average_after": load_after, "cores": os.cpu_count(), "recommended": recommended,
              "floor": floor_figures, "pages": figures, "target_p95_ms": TARGET_P95_MS, "met": met}
    print("JSON " + json.dumps(result, default=str))
    if args.json_out:
        args.json_out.write_text(json.dumps(result, indent=2, default=str))


if __name__ == "__main__":
    main()
