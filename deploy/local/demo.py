"""Load a small, realistic demo into the running local stack and show it working.

Opens tenancies in three patches through billing's API, then sends a week of upstream
payments (cash, card, Housing Benefit, Universal Credit, one mistyped reference) to the
broker exactly as a cash receipting system would, and prints the ledger, recovery's
projection and the suspense queue.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
import uuid
from datetime import date, timedelta

import aio_pika
import httpx

from shared.contracts.inbound import INBOUND_PAYMENT_ROUTING_KEY
from shared.messaging.topology import Names

ISSUER = "http://127.0.0.1:8090/realms/rent/dev/token"
SERVICES = {name: f"http://127.0.0.1:{port}" for name, port in
            [("billing", 8001), ("payments", 8002), ("recovery", 8003), ("refunds", 8004), ("notifications", 8005)]}
STREETS = ["Acacia Avenue", "Mill Lane", "Station Road", "Church Street", "Victoria Road", "Park View"]
FIRST = ["Alex", "Sam", "Jordan", "Priya", "Tomasz", "Aisha", "Gareth", "Chloe", "Kwame", "Niamh"]
LAST = ["Patel", "Jones", "Kowalski", "Okafor", "Evans", "Murphy", "Smith", "Ahmed", "Brown", "Nguyen"]
PATCHES = {"HK01": "Hackney", "HK02": "Hackney", "IS01": "Islington"}


def token(username: str, roles: list[str]) -> dict[str, str]:
    response = httpx.post(ISSUER, json={"username": username, "roles": roles}, timeout=10)
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def wait_ready(timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    pending = dict(SERVICES)
    while pending and time.monotonic() < deadline:
        for name, url in list(pending.items()):
            try:
                if httpx.get(f"{url}/ready", timeout=2).status_code == 200:
                    pending.pop(name)
            except httpx.HTTPError:
                pass
        time.sleep(0.5)
    if pending:
        sys.exit(f"services not ready: {', '.join(pending)}")


def open_tenancies(rng: random.Random, count: int, run: str) -> list[tuple[str, str]]:
    officer = token("demo.rent.officer", ["rent_officer"])
    accounts = []
    with httpx.Client(base_url=SERVICES["billing"], headers=officer, timeout=10) as client:
        for n in range(count):
            patch = rng.choice(list(PATCHES))
            prop = f"P{run}{n:04d}"
            client.post("/properties", json={
                "property_ref": prop, "address": [f"{rng.randint(1, 220)} {rng.choice(STREETS)}", PATCHES[patch]],
                "postcode": f"E{rng.randint(1, 9)} {rng.randint(1, 9)}AB", "patch": patch, "area": PATCHES[patch],
                "property_type": rng.choice(["flat", "house", "maisonette"]), "bedrooms": rng.randint(1, 4),
            }).raise_for_status()
            rent = f"{rng.randint(8500, 16500) / 100:.2f}"
            tenants = [{"person_id": f"PER{run}{n:04d}", "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                        "is_lead": True}]
            response = client.post("/tenancies", json={
                "tenancy_ref": f"T{run}{n:04d}", "property_ref": prop,
                "tenure": rng.choice(["secure", "secure", "introductory", "flexible"]),
                "start_date": str(date(2026, 4, 6) + timedelta(days=rng.randint(0, 180))),
                "tenants": tenants, "charges": [{"charge_type": "rent", "weekly_amount": rent}],
            })
            response.raise_for_status()
            accounts.append((response.json()["account_ref"], rent))
    return accounts


async def send_payments(amqp_url: str, payments: list[dict]) -> None:
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(Names("rent").events_exchange)
        for payment in payments:
            await exchange.publish(
                aio_pika.Message(json.dumps(payment).encode(), message_id=f"{payment['source_system']}-"
                                 f"{payment['transaction_id']}", delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                                 content_type="application/json"),
                routing_key=INBOUND_PAYMENT_ROUTING_KEY, mandatory=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--amqp-url", default="amqp://guest:guest@127.0.0.1:5672/")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    run = uuid.uuid4().hex[:4].upper()

    wait_ready()
    print(f"Opening {args.accounts} tenancies through billing ...")
    accounts = open_tenancies(rng, args.accounts, run)
    staff = token("demo.income.officer", ["income_officer"])
    deadline = time.monotonic() + 30
    for ref, _ in accounts:  # payments must know an account before it can match money to it
        while httpx.get(f"{SERVICES['payments']}/accounts/{ref}", headers=staff).status_code != 200:
            if time.monotonic() > deadline:
                sys.exit("payments did not learn of the new accounts")
            time.sleep(0.2)

    channels = [("allpay", "cash", "paypoint"), ("worldpay", "card", "website"),
                ("benefits", "housing_benefit", "hb_schedule"), ("dwp", "universal_credit", "apa")]
    payments = []
    for ref, rent in accounts:
        source, method, channel = rng.choice(channels)
        amount = f"{float(rent) * rng.choice([1, 1, 2, 0.5]):.2f}"
        payments.append({"source_system": source, "transaction_id": uuid.uuid4().hex[:12],
                         "payment_reference": ref, "amount": amount, "paid_on": "2026-11-20",
                         "method": method, "channel": channel})
    mistyped = accounts[0][0][:-1] + str((int(accounts[0][0][-1]) + 1) % 10)
    payments.append({"source_system": "allpay", "transaction_id": uuid.uuid4().hex[:12],
                     "payment_reference": mistyped, "amount": "25.00", "paid_on": "2026-11-20",
                     "method": "cash", "channel": "post_office"})
    print(f"Sending {len(payments)} upstream payments to the broker (one with a mistyped reference) ...")
    asyncio.run(send_payments(args.amqp_url, payments))

    time.sleep(1)
    deadline = time.monotonic() + 30
    rows = []
    for ref, rent in accounts:
        while True:
            billing = httpx.get(f"{SERVICES['billing']}/accounts/{ref}", headers=staff).json()
            recovery = httpx.get(f"{SERVICES['recovery']}/accounts/{ref}", headers=staff).json()
            if billing["last_seq"] >= 1 and recovery.get("last_seq") == billing["last_seq"]:
                break
            if time.monotonic() > deadline:
                sys.exit(f"account {ref} did not settle")
            time.sleep(0.2)
        rows.append((ref, recovery["patch"], rent, billing["balance"], recovery["balance"]))
    print(f"\n{'account':<10} {'patch':<6} {'weekly':>8} {'billing':>10} {'recovery':>10}")
    for row in rows[:12]:
        print(f"{row[0]:<10} {row[1]:<6} {row[2]:>8} {row[3]:>10} {row[4]:>10}")
    if len(rows) > 12:
        print(f"... and {len(rows) - 12} more, all agreeing")
    suspense = httpx.get(f"{SERVICES['payments']}/suspense", headers=staff).json()
    print(f"\nSuspense queue: {len(suspense)} item(s)")
    for item in suspense[-3:]:
        print(f"  {item['reference_given']:<10} {item['amount']:>8}  {item['reason']}")


if __name__ == "__main__":
    main()
