"""rentctl driven as staff would drive it, against the whole stack running as processes
behind the nginx gateway (issuer, five services, gateway; loopback only)."""

from __future__ import annotations

import json
import re
import time
import uuid
from datetime import date
from decimal import Decimal

import httpx
import pytest
from rentctl.estate.files import write_cash_csv

from shared.testing.live_stack import live_stack_for_test

STAFF_ROLES = ["rent_officer", "income_officer", "senior_officer", "finance_approver"]


@pytest.fixture(scope="module")
def stack(databases, amqp_url, tmp_path_factory):
    namespace = f"cli{tmp_path_factory.getbasetemp().name[-6:]}".replace("-", "")
    with live_stack_for_test(databases, amqp_url, namespace, tmp_path_factory.mktemp("stack")) as live:
        live.namespace = namespace
        yield live


@pytest.fixture(scope="module")
def cli(stack, tmp_path_factory, make_rentctl):
    run = make_rentctl(tmp_path_factory.mktemp("rentctl"), stack.gateway_url)
    ran = run("login", "jo.officer", *[arg for role in STAFF_ROLES for arg in ("--role", role)])
    assert ran.code == 0, ran.text
    return run


@pytest.fixture(scope="module")
def estate(cli, stack):
    ran = cli("demo", "load", "--accounts", "100", "--weeks", "2", "--seed", "8", "--namespace", stack.namespace,
              "--manifest", str(cli.config / "estate.json"), timeout=180)
    assert ran.code == 0, ran.text
    return ran, json.loads((cli.config / "estate.json").read_text())["accounts"]


def headers(stack, username: str, *roles: str) -> dict[str, str]:
    """A development token for another user, as the gateway's issuer gives it."""
    answer = httpx.post(f"{stack.gateway_url}/auth/realms/rent/dev/token", timeout=10,
                        json={"username": username, "roles": list(roles)})
    return {"Authorization": f"Bearer {answer.raise_for_status().json()['access_token']}"}


def eventually(check, *, timeout: float = 40, what: str):
    deadline = time.monotonic() + timeout
    while not (found := check()):
        assert time.monotonic() < deadline, f"{what} after {timeout:.0f}s"
        time.sleep(0.3)
    return found


def test_login_keeps_a_token_for_the_next_commands(cli):
    ran = cli("whoami")
    assert ran.code == 0
    assert "jo.officer (rent_officer, income_officer, senior_officer, finance_approver)" in ran.out
    assert "valid until" in ran.out


def test_the_demo_estate_loads_through_the_gateway(estate, stack):
    ran, accounts = estate
    assert "Loaded 100 tenancies" in ran.out
    assert len(accounts) == 100 and all(accounts.values())
    assert "2 weekly debit(s)" in ran.out
    assert "in arrears" in ran.out and "in credit" in ran.out
    files = int(re.search(r"cash in (\d+) income file", ran.out).group(1))
    assert files >= 2  # a file per week of cash takings
    assert "warning" not in ran.err


def test_leaseholders_get_leasehold_accounts_and_tenants_rent_accounts(estate, stack, cli):
    from rentctl.estate.generate import generate_estate

    token = json.loads((cli.config / "session.json").read_text())["token"]
    generated = generate_estate(100, 8, weeks=2)
    leasehold = next(t for t in generated.tenancies if t.tenure == "leasehold")
    secure = next(t for t in generated.tenancies if t.tenure == "secure")
    types = {}
    for tenancy in (leasehold, secure):
        ref = estate[1][tenancy.tenancy_ref]
        types[tenancy.tenure] = httpx.get(f"{stack.gateway_url}/billing/accounts/{ref}", timeout=10,
                                          headers={"Authorization": f"Bearer {token}"}).json()["account_type"]
    assert types == {"leasehold": "leasehold", "secure": "rent"}


def test_account_show_prints_the_ledger_recoverys_view_and_the_statement(cli, estate):
    ref = next(iter(estate[1].values()))
    ran = cli("account", "show", ref, "--from", "2026-04-01", "--to", "2026-04-30")
    assert ran.code == 0, ran.text
    assert f"Account {ref}" in ran.out and "balance" in ran.out
    assert "Recovery" in ran.out
    assert "Statement 2026-04-01 to 2026-04-30" in ran.out
    assert "Postings" in ran.out and "charge" in ran.out  # the estate's first two weeks were debited


def test_an_unknown_account_is_a_clear_not_found(cli):
    ran = cli("account", "show", "99999997")
    assert ran.code == 4
    assert "account 99999997: Not found" in ran.err


def test_a_payment_file_import_shows_progress_and_the_result_report(cli, estate, stack, tmp_path):
    path = tmp_path / "allpay-20261002.csv"
    made = cli("demo", "cash-file", str(path), "--manifest", str(cli.config / "estate.json"), "--lines", "40",
               "--mistyped", "0.2", "--seed", "3")
    assert made.code == 0, made.text
    ran = cli("payments", "import", str(path), "--format", "cash_csv")
    assert ran.code == 0, ran.text
    assert "uploading" in ran.err  # the progress bar
    assert "Import of allpay-20261002.csv" in ran.out
    assert "records" in ran.out and "accepted" in ran.out
    assert "Lines not posted" in ran.out and "check digit" in ran.out
    again = cli("payments", "import", str(path), "--format", "cash_csv")
    assert again.code == 4
    assert "Duplicate file" in again.err


def test_an_unknown_file_format_is_refused_before_upload(cli, stack, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("payment_reference,amount\n")
    ran = cli("payments", "import", str(path), "--format", "excel")
    assert ran.code == 1
    assert "--format 'excel' is not one of: cash_csv" in ran.err
    assert "uploading" not in ran.err


def test_the_weekly_debit_runs_with_progress_and_reconciles(cli, estate, stack):
    ran = cli("debit", "run", "--year", "2026", "--week", "3")
    assert ran.code == 0, ran.text
    assert "debit 2026 week 3" in ran.err  # the progress bar
    assert "completed" in ran.out and "Reconciliation" in ran.out
    assert "reconciled" in ran.out and "True" in ran.out


def test_the_caseload_and_kpis(cli, estate, stack):
    caseload = cli("caseload", "--patch", "HA01", "--refresh")
    kpis = cli("kpis")
    assert caseload.code == 0, caseload.text
    assert "Daily run" in caseload.out and "Caseload HA01" in caseload.out
    assert kpis.code == 0, kpis.text
    assert "KPIs" in kpis.out and "arrears" in kpis.out


def test_the_caseload_needs_a_patch(cli):
    ran = cli("caseload")
    assert ran.code == 2 and "Missing option '--patch'" in ran.err


def test_approving_a_refund_that_does_not_exist_says_so(cli, stack):
    ran = cli("refund", "approve", "00000000-0000-4000-8000-000000000001")
    assert ran.code == 4
    assert "approving refund 00000000-0000-4000-8000-000000000001: Not found" in ran.err


def test_a_refund_one_officer_asked_for_is_approved_by_another_through_the_cli(cli, stack, tmp_path,
                                                                               make_rentctl):
    """A tenancy of its own is put £400 in credit by a cash file imported with the CLI; a
    senior officer asks for £150 back and may not approve it herself; jo.officer (finance
    approver: limit £10,000) approves it with `rentctl refund approve`."""
    requester = make_rentctl(tmp_path / "ria", stack.gateway_url)
    assert requester("login", "ria.senior", "--role", "rent_officer", "--role", "senior_officer").code == 0
    asker = {"Authorization": "Bearer " + json.loads((requester.config / "session.json").read_text())["token"]}
    officer = headers(stack, "ria.officer", "rent_officer")
    suffix = uuid.uuid4().hex[:6].upper()
    home = {"property_ref": f"P-CLI{suffix}", "address": [f"{suffix} Mare Street", "London"], "postcode": "E8 3RH",
            "patch": "HA01", "area": "Hackney", "property_type": "flat", "bedrooms": 1}
    assert httpx.post(f"{stack.gateway_url}/billing/properties", headers=officer, json=home, timeout=10).is_success
    opened = httpx.post(f"{stack.gateway_url}/billing/tenancies", headers=officer, timeout=10, json={
        "tenancy_ref": f"T-CLI{suffix}", "property_ref": home["property_ref"], "tenure": "secure",
        "start_date": "2026-04-06", "tenants": [{"person_id": f"cli-{suffix}", "name": "Sam Example", "is_lead": True}],
        "charges": [{"charge_type": "rent", "weekly_amount": "95.00"}]})
    assert opened.status_code == 201, opened.text
    ref = opened.json()["account_ref"]
    eventually(lambda: httpx.get(f"{stack.gateway_url}/payments/accounts/{ref}", headers=officer,
                                 timeout=10).status_code == 200, what="payments never heard of the account")
    cash = tmp_path / "allpay-refund.csv"
    write_cash_csv(cash, [(ref, Decimal("400.00"), date(2026, 10, 1), "paypoint", f"CLI-REFUND-{suffix}")])
    imported = cli("payments", "import", str(cash), "--format", "cash_csv")
    assert imported.code == 0, imported.text

    def in_credit():
        credits = httpx.get(f"{stack.gateway_url}/refunds/credit-balances", headers=officer, timeout=10,
                            params={"limit": 500}).json()
        return any(c["account_ref"] == ref for c in credits)

    eventually(in_credit, what="refunds never saw the account in credit")
    asked = httpx.post(f"{stack.gateway_url}/refunds/refunds", timeout=10,
                       headers=asker | {"Idempotency-Key": uuid.uuid4().hex}, json={
                           "account_ref": ref, "amount": "150.00", "reason_code": "overpayment",
                           "keep_week_waived": True, "payee_name": "Sam Example", "sort_code": "08-99-99",
                           "account_number": "66374958"})
    assert asked.status_code == 201, asked.text
    refund = asked.json()
    assert refund["status"] == "checked", refund["checks"]

    own = requester("refund", "approve", refund["refund_id"])
    assert own.code == 4, own.text
    assert "the approver must be a different user from the requester" in own.err
    approved = cli("refund", "approve", refund["refund_id"])
    assert approved.code == 0, approved.text
    assert f"Refund {refund['refund_id']}" in approved.out and "approved" in approved.out
    assert "Approvals" in approved.out and "jo.officer" in approved.out and "10000.00" in approved.out
    stored = httpx.get(f"{stack.gateway_url}/refunds/refunds/{refund['refund_id']}", headers=asker, timeout=10).json()
    assert stored["status"] == "approved"
    assert [(a["approver"], a["approver_limit"]) for a in stored["approvals"]] == [("jo.officer", "10000.00")]


def test_dead_letters_are_listed_with_their_reason_and_left_in_place(cli, stack, amqp_url):
    """An upstream payment that breaks the contract is dead-lettered by payments; the CLI
    lists it with the reason, and listing twice shows it twice (nothing is consumed)."""
    import asyncio

    import aio_pika

    from shared.contracts.inbound import INBOUND_PAYMENT_ROUTING_KEY
    from shared.messaging.topology import Names

    async def publish() -> None:
        connection = await aio_pika.connect(amqp_url)
        async with connection:
            channel = await connection.channel(publisher_confirms=True)
            exchange = await channel.get_exchange(Names(stack.namespace).events_exchange)
            body = {"source_system": "allpay", "transaction_id": "BAD-1", "payment_reference": "10000016",
                    "amount": "12.345", "paid_on": "2026-10-01", "method": "cash", "channel": "paypoint"}
            await exchange.publish(aio_pika.Message(json.dumps(body).encode(), message_id="dead-letter-check-1",
                                                    delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                                   routing_key=INBOUND_PAYMENT_ROUTING_KEY, mandatory=True)

    asyncio.run(publish())
    deadline = time.monotonic() + 20
    while True:
        ran = cli("dead-letters", "--service", "payments")
        if "dead-letter-check-1" in ran.out or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert ran.code == 0, ran.text
    assert "dead-letter-check-1" in ran.out and "decimal places" in ran.out
    again = cli("dead-letters", "--service", "payments")
    assert "dead-letter-check-1" in again.out


def test_a_user_without_the_role_is_told_which_roles_are_needed(stack, tmp_path, make_rentctl):
    auditor = make_rentctl(tmp_path / "auditor", stack.gateway_url)
    assert auditor("login", "ann.auditor", "--role", "auditor").code == 0
    ran = auditor("debit", "run", "--year", "2026", "--week", "5")
    assert ran.code == 4
    assert "Forbidden: Requires one of the roles" in ran.err and "rent_officer" in ran.err


def test_an_expired_login_says_to_log_in_again(stack, tmp_path, make_rentctl):
    brief = make_rentctl(tmp_path / "brief", stack.gateway_url)
    assert brief("login", "bo", "--role", "auditor", "--ttl", "6").code == 0
    time.sleep(2)  # the stored expiry is 5 s early, so the token counts as expired now
    ran = brief("kpis")
    assert ran.code == 2
    assert "the token of bo has expired: run `rentctl login` again" in ran.err
