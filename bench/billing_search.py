"""Benchmark: billing's search box over an estate of N accounts, through its HTTP API.

Seeds N properties, tenancies, tenants (one in four tenancies joint), rent accounts (one in
twelve closed) and legacy references (every other account) by COPY into a fresh billing
database, from a seeded generator of UK names, streets, towns and postcodes. Starts billing's
API in its own process (``python -m billing``, consumers and relay off) and drives it open
loop at a fixed rate (http_load.py: latency from when each request was due) with a mix of
what officers type: a surname, part of a surname with a typo, a postcode (spaced or not, any
case), part of an address, an account reference. First a floor at the same rate: one
account by reference (``GET /accounts/{ref}``: the same app, token check and pool, one
indexed row). Prints p50/p95/p99 of both.
Target: p99 ≤ 50 ms at 50 searches/s over 250,000 accounts on the 2-core build machine.

    .venv/bin/python bench/billing_search.py              # 250,000 accounts, 50/s for 20 s
    .venv/bin/python bench/billing_search.py --small      # 2,000 accounts, 20/s for 3 s
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
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import asyncpg
import httpx
import uvloop

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/http_load.py

from billing_weekly_debit import admin, dsn
from http_load import open_loop

from shared.auth.dev_issuer import DevIssuer
from shared.db.migrations import upgrade
from shared.refs import make_account_ref

PATCHES = [f"PATCH{n:02d}" for n in range(20)]


def words(text: str) -> list[str]:
    return text.split()


FIRST = words("Oliver George Harry Jack Jacob Noah Charlie Muhammad Thomas Oscar William James Leo Alfie Henry Joshua "
         "Freddie Archie Ethan Isaac Alexander Joseph Edward Samuel Max Daniel Arthur Lucas Mohammed Logan "
         "Olivia Amelia Isla Ava Emily Isabella Mia Poppy Ella Lily Jessica Sophie Grace Evie Sophia Ruby "
         "Chloe Freya Ellie Charlotte Scarlett Daisy Florence Phoebe Matilda Rosie Megan Holly Aisha Priya "
         "Gareth Rhys Siobhan Niamh Kwame Amara Tomasz Agnieszka")
SURNAMES = words("Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson "
            "Wright "
            "Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin Cooper "
            "Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis "
            "Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw "
            "Murphy Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster "
            "Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills "
            "Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson "
            "Ahmed Fletcher Walsh Kaur Gibson Howard Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford "
            "Pearce Day Brooks West Lawrence Cole Atkinson Bradley Spencer Gill Dawson Ball Burton O'Brien Watts "
            "Rose Booth Perry Ryan Grant Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster "
            "Hunter Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins "
            "Harding Porter Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Shah Dean Lane Cooke "
            "Bates Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren "
            "Nicholls Hamilton Byrne Sutton McDonald Yates Hodgson Robson Curtis Hopkins O'Connor Harper Coleman "
            "Watkins Moss McCarthy Chambers O'Neill Griffin Sharp Hardy Wheeler Potter Osborne Johnston Gordon "
            "Doyle Wallace George Jordan Hutchinson Rowe Burke May Pritchard Gilbert Willis Higgins Read Miles "
            "Stevenson Stephenson Hammond Arnold Buckley Walters Hewitt Barber Nelson Slater Austin Sullivan "
            "Whitehead Mann Frost Lambert Stephens Blake Akhtar Lynch Goodwin Barton Woodward Thomson Cunningham "
            "Quinn Barnett Baxter Bibi Clayton Nash Greenwood Jennings Holt Kemp Poole Gallagher Bond Stokes "
            "Tucker Davidson Fowler Heath Norman Middleton Lawson Banks French Stanley Jarvis Gibbs Ferguson "
            "Hayward Carroll Douglas Hicks Dennis Bolton")
STREET_ROOTS = words("Acacia Albert Alexandra Ash Beech Birch Brook Castle Cedar Chapel Church Clarence Cromwell Dale "
                "Elm Fern Field Forest Garden Gladstone Grange Green Grove Hall Hawthorn Heath High Highfield Hill "
                "Holly Kings Kirkstall Larch Lime Manor Maple Market Meadow Mill Moor Nelson New North Oak Orchard "
                "Park Primrose Princes Queens Regent Richmond Rose Rowan School Silver Spring Springfield Stanley "
                "Station Sycamore Victoria Water Wellington West Westfield Willow Windsor Woodland York Harehills "
                "Armley Beeston Chapeltown Roundhay Meanwood Headingley Burley Bramley Pudsey Seacroft Gipton "
                "Halton Crossgates Wortley Hunslet Holbeck Otley Morley Rothwell Garforth Kippax Wetherby")
STREET_KINDS = ["Road", "Street", "Avenue", "Lane", "Close", "Court", "Crescent", "Drive", "Grove", "Way",
                "Gardens", "Terrace", "Place", "View", "Walk"]
ABBREVIATIONS = {"Road": "rd", "Street": "st", "Avenue": "ave", "Lane": "ln", "Close": "cl", "Crescent": "cres",
                 "Drive": "dr", "Grove": "gr", "Terrace": "terr", "Place": "pl"}
TOWNS = [("Leeds", "LS"), ("Bradford", "BD"), ("Sheffield", "S"), ("Manchester", "M"), ("Birmingham", "B"),
         ("Newcastle upon Tyne", "NE"), ("Liverpool", "L"), ("Bristol", "BS"), ("Nottingham", "NG"),
         ("Leicester", "LE"), ("York", "YO"), ("Hull", "HU")]
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
STREETS_PER_THOUSAND = 20


def streets(rng: random.Random, n: int) -> list[tuple[str, str, str]]:
    """(street, town, postcode outward code + sector) for an estate of n homes: a street holds about 50."""
    found: dict[str, tuple[str, str, str]] = {}
    while len(found) < max(4, n * STREETS_PER_THOUSAND // 1000):
        town, area = rng.choice(TOWNS)
        name = f"{rng.choice(STREET_ROOTS)} {rng.choice(STREET_KINDS)}"
        found.setdefault(f"{name}|{town}", (name, town, f"{area}{rng.randint(1, 28)} {rng.randint(1, 9)}"))
    return list(found.values())


def household(rng: random.Random) -> list[str]:
    surname = rng.choices(SURNAMES, weights=[1 / (1 + i / 12) for i in range(len(SURNAMES))])[0]
    names = [f"{rng.choice(FIRST)} {surname}"]
    if rng.random() < 0.25:  # a joint tenancy: often a partner of another name
        names.append(f"{rng.choice(FIRST)} {surname if rng.random() < 0.6 else rng.choice(SURNAMES)}")
    return names


class Estate:
    """The seeded estate and what was put where, for the queries."""

    def __init__(self, n: int, seed: int) -> None:
        self.n, self.rng = n, random.Random(seed)
        self.streets = streets(self.rng, n)
        self.homes: list[tuple[str, list[str], str, list[str]]] = []  # account_ref, address, postcode, names

    def rows(self) -> dict[str, list[tuple]]:
        rng, tables = self.rng, {k: [] for k in ("property", "tenancy", "tenant", "account", "legacy_account_ref")}
        for i in range(self.n):
            street, town, sector = self.streets[i % len(self.streets)]
            number = i // len(self.streets) + 1
            line = f"{number} {street}"
            address = [f"Flat {rng.randint(1, 12)}", line, town] if rng.random() < 0.25 else [line, town]
            postcode = f"{sector}{UNIT_LETTERS[number // 12 % 20]}{UNIT_LETTERS[(number * 7) % 20]}"
            prop, tenancy, account = f"PROP{i:07d}", f"TEN-{i:07d}", make_account_ref(1_000_000 + i)
            patch = PATCHES[(i // 37) % len(PATCHES)]
            start = date(2015, 4, 6) + timedelta(days=rng.randint(0, 3800))
            closed = i % 12 == 5
            names = household(rng)
            tables["property"].append((prop, json.dumps(address), postcode, patch, town, "flat", 2, "bench"))
            tables["tenancy"].append((tenancy, prop, "secure", start, start + timedelta(days=900) if closed else None,
                                      "bench"))
            for j, name in enumerate(names):
                tables["tenant"].append((tenancy, f"PER{i:07d}{j}", name, j == 0))
            balance = Decimal(rng.randint(-20_000, 150_000)) / 100
            tables["account"].append((account, "rent", tenancy, prop, patch, "closed" if closed else "open", start,
                                      start + timedelta(days=900) if closed else None, balance, 0))
            if i % 2 == 0:
                tables["legacy_account_ref"].append((f"OHMS{400_000 + i:07d}", account, "bench"))
            self.homes.append((account, address, postcode, names))
        return tables

    def queries(self, count: int) -> list[str]:
        """What officers type, in turn: surname, part of a surname mistyped, postcode, part of an address,
        account reference."""
        rng, out = random.Random(self.rng.random()), []
        for i in range(count):
            account, address, postcode, names = rng.choice(self.homes)
            surname = names[0].split()[-1]
            kind = i % 5
            if kind == 0:
                out.append(surname)
            elif kind == 1:  # its first letters, one of them dropped: "Willams" for "Williams"
                while len(surname) < 6:
                    surname = rng.choice(SURNAMES)
                part = surname[:max(5, len(surname) - 1)]
                drop = rng.randint(2, len(part) - 2)
                out.append((part[:drop] + part[drop + 1:]).lower())
            elif kind == 2:
                out.append(postcode if rng.random() < 0.5 else postcode.replace(" ", "").lower())
            elif kind == 3:  # "12 acacia rd" / "12 acacia"
                number, root, street_kind = address[-2].split(" ", 2)
                out.append(f"{number} {root} {ABBREVIATIONS.get(street_kind, '')}".strip().lower())
            else:
                out.append(account)
        return out


async def seed(url: str, estate: Estate) -> None:
    conn = await asyncpg.connect(url)
    try:
        tables = estate.rows()
        await conn.execute("INSERT INTO migration_batch (extract_id, source_system, cut_over_date, checksum, counts,"
                           " control_total, reconciliation, loaded_by) VALUES ('bench', 'ohms', '2015-04-01', '-',"
                           " '{}', 0, '{}', 'bench')")
        columns = {
            "property": ["property_ref", "address", "postcode", "patch", "area", "property_type", "bedrooms",
                         "created_by"],
            "tenancy": ["tenancy_ref", "property_ref", "tenure", "start_date", "end_date", "created_by"],
            "tenant": ["tenancy_ref", "person_id", "name", "is_lead"],
            "account": ["account_ref", "account_type", "tenancy_ref", "property_ref", "patch", "status", "opened_on",
                        "closed_on", "balance", "last_seq"],
            "legacy_account_ref": ["legacy_ref", "account_ref", "extract_id"],
        }
        for table, records in tables.items():
            await conn.copy_records_to_table(table, records=records, columns=columns[table])
        # After a bulk load, as billing's search vocabulary loop would within minutes.
        await conn.execute("REFRESH MATERIALIZED VIEW search_word")
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


async def start_api(env: dict[str, str], base: str) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "billing", env=env,
                                                   stdout=asyncio.subprocess.DEVNULL)
    async with httpx.AsyncClient() as client:
        for _ in range(300):
            try:
                if (await client.get(f"{base}/health")).status_code == 200:
                    return process
            except httpx.TransportError:
                pass
            if process.returncode is not None:
                break
            await asyncio.sleep(0.1)
    raise SystemExit(f"billing's API did not start (exit {process.returncode})")


def figures(name: str, result) -> dict[str, float]:
    summary = result.summary()
    print(f"{name}: {summary['requests']} requests at {summary['rate_achieved']:.1f}/s, "
          f"{summary['failures']} failures; p50 {summary['p50_ms']:.1f} ms, p95 {summary['p95_ms']:.1f} ms, "
          f"p99 {summary['p99_ms']:.1f} ms", flush=True)
    return summary


async def main(args: argparse.Namespace) -> int:
    tag = uuid.uuid4().hex[:8]
    name = f"bench_{tag}_billing"
    url = dsn(args.pg, name)
    await admin(args.pg, [f'CREATE DATABASE "{name}"'])
    process = None
    try:
        with ThreadPoolExecutor(1) as pool:  # alembic runs its own event loop
            pool.submit(upgrade, "billing", "postgresql+asyncpg://" + url.split("://", 1)[1]).result()
        estate = Estate(args.accounts, args.seed)
        started = time.perf_counter()
        await seed(url, estate)
        print(f"seeded {args.accounts:,} accounts ({len(estate.streets):,} streets) in "
              f"{time.perf_counter() - started:.1f} s", flush=True)

        issuer = DevIssuer()
        with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
            jwks = Path(folder) / "jwks.json"
            jwks.write_text(json.dumps(issuer.jwks()))
            base = f"http://127.0.0.1:{args.port}"
            env = {**os.environ, "BILLING_DATABASE_URL": "postgresql+asyncpg://" + url.split("://", 1)[1],
                   "BILLING_HTTP_PORT": str(args.port), "BILLING_CONSUMERS_ENABLED": "false",
                   "BILLING_RELAY_ENABLED": "false", "BILLING_AMQP_URL": args.amqp,
                   "BILLING_MESSAGING_NAMESPACE": f"bench{tag}", "BILLING_AUTH_ISSUER": issuer.issuer,
                   "BILLING_AUTH_AUDIENCE": issuer.audience, "BILLING_AUTH_JWKS_URL": "",
                   "BILLING_AUTH_JWKS_FILE": str(jwks), "BILLING_LOG_LEVEL": "WARNING", "BILLING_LOG_JSON": "false"}
            process = await start_api(env, base)
            # A senior officer: every patch, so the most rows to rank (an officer's patches only narrow it).
            headers = {"Authorization": f"Bearer {issuer.mint('bench', ['senior_officer'])}"}
            total = int(args.rate * args.seconds)
            queries = estate.queries(total)
            refs = [home[0] for home in estate.homes[:: max(1, args.accounts // 1000)]]
            async with httpx.AsyncClient(base_url=base, headers=headers) as client:  # warm the pool and caches
                for q in queries[:25]:
                    response = await client.get("/search", params={"q": q})
                    assert response.status_code == 200, response.text
            floor = figures("floor (GET /accounts/{ref})", await open_loop(
                base, lambda i: f"/accounts/{refs[i % len(refs)]}", rate=args.rate,
                seconds=min(args.seconds, 5), headers=headers))
            load = figures(f"search ({args.accounts:,} accounts)", await open_loop(
                base, lambda i: f"/search?q={quote(queries[i])}&limit=20", rate=args.rate,
                seconds=args.seconds, headers=headers))
        met = load["p99_ms"] <= 50 and load["failures"] == 0 and load["rate_achieved"] >= 0.95 * args.rate
        print(json.dumps({"accounts": args.accounts, "floor": floor, "search": load,
                          "target": "p99 <= 50 ms at 50/s over 250,000 accounts", "met": met}))
        return 0 if load["failures"] == 0 else 1
    finally:
        if process is not None:
            process.terminate()
            await process.wait()
        if not args.keep:
            await admin(args.pg, [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int)
    parser.add_argument("--rate", type=float, help="searches per second (default 50)")
    parser.add_argument("--seconds", type=float, help="load duration (default 20)")
    parser.add_argument("--small", action="store_true", help="2,000 accounts, 20/s for 3 s: a smoke test")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--port", type=int, default=18731)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres", help="admin DSN")
    parser.add_argument("--amqp", default="amqp://guest:guest@127.0.0.1:5672/")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    arguments = parser.parse_args()
    arguments.accounts = arguments.accounts or (2_000 if arguments.small else 250_000)
    arguments.rate = arguments.rate or (20 if arguments.small else 50)
    arguments.seconds = arguments.seconds or (3 if arguments.small else 20)
    sys.exit(uvloop.run(main(arguments)))
