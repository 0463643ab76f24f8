"""Direct Debits end to end on a real database: mandate (modulus checked, advance notice),
AUDDIS lodgement, a Standard 18 collection credited to the account, ARUDD unpaid →
PaymentReversed and re-presentation, ADDACS/AUDDIS advices, rent change and tenancy end."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from payments.direct_debits import bacs_files
from payments.direct_debits.rules import (
    collection_dates,
    earliest_collection,
    first_due,
    previous_working_day,
)
from payments.direct_debits.rules import schedule as collection_schedule
from payments.service_layer import handlers
from shared.calendar import Frequency, RentYear, rent_week_of, rent_year_of
from shared.contracts.billing import RentVariedV1, TenancyTerminatedV1
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money

from .support import events, scalar, seed_accounts, upload

OFFICER = ("i.officer", "income_officer")


def mandate_body(**overrides) -> dict:
    return {"account_ref": "10000016", "payer_name": "Alex Example", "sort_code": "08-99-99",
            "account_number": "66374958", "frequency": "monthly", "collection_day": 15, **overrides}


def schedule() -> list[date]:
    nominal = first_due(Frequency.MONTHLY, 15, earliest_collection(date.today(), 10))
    return collection_dates(Frequency.MONTHLY, 15, nominal, date(nominal.year + 1, 12, 31))


def first_collection() -> date:
    return schedule()[0]


async def create_mandate(payments, token, **overrides) -> dict:
    response = await payments.post("/direct-debits/mandates", json=mandate_body(**overrides),
                                   headers={**token(*OFFICER), "Idempotency-Key": uuid.uuid4().hex})
    assert response.status_code == 201, response.text
    return response.json()


async def post_file(payments, token, kind: str, on: date) -> dict:
    response = await payments.post(f"/direct-debits/{kind}", json={"on": str(on)},
                                   headers={**token(*OFFICER), "Idempotency-Key": uuid.uuid4().hex})
    assert response.status_code == 201, response.text
    content = await payments.get(f"/direct-debits/files/{response.json()['file_id']}/content", headers=token(*OFFICER))
    return {**response.json(), "content": content.text}


def arudd(ref: str, processed: date, amount: str, code: str) -> bytes:
    return f"""<?xml version="1.0"?><BACSDocument><Data><ARUDD>
<Header reportType="REFT1027" adviceNumber="{uuid.uuid4().hex[:8]}" currentProcessingDate="{processed}"/>
<Advice><OriginatingAccountRecords><OriginatingAccountRecord>
<ReturnedDebitItem ref="{ref}" transCode="01" returnCode="{code}" returnDescription=""
 originalProcessingDate="{processed}" valueOf="{amount}" currency="GBP"/>
<Totals numberOf="1" valueOf="{amount}" currency="GBP"/>
</OriginatingAccountRecord></OriginatingAccountRecords></Advice></ARUDD></Data></BACSDocument>""".encode()


def advices(report: str, *items: tuple[str, str, str]) -> bytes:
    body = "".join(f'<MessagingAdvice reference="{ref}" effective-date="{date.today()}" reason-code="{code}" {extra}/>'
                   for ref, code, extra in items)
    return (f'<?xml version="1.0"?><BACSDocument><Data><MessagingAdvices><MessagingHeader report-type="{report}"/>'
            f"{body}</MessagingAdvices></Data></BACSDocument>").encode()


async def test_bank_details_failing_the_modulus_check_or_short_notice_are_refused(payments, token):
    await seed_accounts(payments.app, {"10000016": "open"})
    headers = {**token(*OFFICER), "Idempotency-Key": uuid.uuid4().hex}
    bad = await payments.post("/direct-debits/mandates", json=mandate_body(account_number="66374959"), headers=headers)
    assert bad.status_code == 422
    assert bad.json()["detail"] == "account number fails the modulus check for this sort code"
    soon = await payments.post("/direct-debits/mandates", json=mandate_body(first_collection=str(date.today())),
                               headers={**token(*OFFICER), "Idempotency-Key": uuid.uuid4().hex})
    assert soon.status_code == 422
    assert "needs 10 working days' notice" in soon.json()["detail"]


async def test_mandate_lifecycle_from_notice_to_collection_to_unpaid_and_cancellation(payments, token):
    await seed_accounts(payments.app, {"10000016": "open"})
    mandate = await create_mandate(payments, token)
    assert (mandate["status"], mandate["account_number_masked"]) == ("pending", "****4958")
    [notice] = await events(payments.app, "DirectDebitNoticeDue")
    first = first_collection()
    assert (notice["data"]["notice_reason"], notice["data"]["first_collection_date"]) == ("new_mandate", str(first))
    assert notice["data"]["amount"] == "433.33"  # 100.00 a week x 52 / 12
    assert date.fromisoformat(notice["data"]["send_by"]) >= date.today()

    auddis = await post_file(payments, token, "auddis-files", date.today())
    [instruction] = [line for line in auddis["content"].splitlines() if len(line) == 100]
    assert (instruction[:14], instruction[15:17], instruction[64:82].strip()) == (
        "08999966374958", "0N", mandate["mandate_ref"])
    assert (await payments.get(f"/direct-debits/mandates/{mandate['mandate_id']}",
                               headers=token(*OFFICER))).json()["status"] == "active"

    collection = await post_file(payments, token, "collection-files", first)
    assert (collection["records"], collection["total_amount"]) == (1, "433.33")
    assert collection["processing_date"] == str(previous_working_day(first))
    detail, contra = [line for line in collection["content"].splitlines() if len(line) == 100]
    assert (detail[15:17], detail[35:46], contra[15:17]) == ("01", "00000043333", "99")
    [batch] = await events(payments.app, "PaymentBatchReceived")
    [paid] = batch["data"]["payments"]
    assert (paid["account_ref"], paid["amount"], paid["method"], paid["received_on"]) == (
        "10000016", "433.33", "direct_debit", str(first))

    following = await post_file(payments, token, "collection-files", schedule()[1])
    assert [line[15:17] for line in following["content"].splitlines() if len(line) == 100] == ["17", "99"]

    report = (await upload(payments, token, arudd(mandate["mandate_ref"], previous_working_day(first), "433.33", "0"),
                           "arudd")).json()
    assert (report["accepted"], report["rejected"]) == (1, 0)
    [reversal] = await events(payments.app, "PaymentReversed")
    assert (reversal["data"]["payment_id"], reversal["data"]["reason_code"], reversal["data"]["amount"]) == (
        paid["payment_id"], "ARUDD-0", "433.33")
    assert reversal["data"]["reason"] == "Direct Debit unpaid: Refer to payer"
    collections = (await payments.get(f"/direct-debits/mandates/{mandate['mandate_id']}/collections",
                                      headers=token(*OFFICER))).json()
    assert sorted((c["txn_code"], c["status"]) for c in collections) == [
        ("01", "unpaid"), ("17", "submitted"), ("18", "scheduled")]

    cancel = await upload(payments, token, advices("ADDACS", (mandate["mandate_ref"], "1", "")), "addacs")
    assert cancel.json()["accepted"] == 1
    [cancelled] = await events(payments.app, "MandateCancelled")
    assert (cancelled["data"]["reason_code"], cancelled["data"]["reason"]) == (
        "ADDACS-1", "Instruction cancelled by payer")
    collections = (await payments.get(f"/direct-debits/mandates/{mandate['mandate_id']}/collections",
                                      headers=token(*OFFICER))).json()
    assert sorted(c["status"] for c in collections) == ["cancelled", "submitted", "unpaid"]


async def test_addacs_amends_bank_details_and_auddis_rejection_and_unknown_references_are_reported(payments, token):
    await seed_accounts(payments.app, {"10000016": "open", "10000024": "open"})
    moved = await create_mandate(payments, token)
    refused = await create_mandate(payments, token, account_ref="10000024", sort_code="107999",
                                   account_number="88837491")
    await post_file(payments, token, "auddis-files", date.today())
    amend = advices("ADDACS", (moved["mandate_ref"], "3",
                               'payer-new-sort-code="202959" payer-new-account-number="63748472"'),
                    ("RENT9999999901", "1", ""))
    report = (await upload(payments, token, amend, "addacs")).json()
    assert (report["accepted"], report["rejected"]) == (1, 1)
    [line] = (await payments.get(f"/income-files/{report['file_id']}/lines", headers=token(*OFFICER))).json()
    assert line["reason"] == "no mandate with reference RENT9999999901"
    assert (await payments.get(f"/direct-debits/mandates/{moved['mandate_id']}",
                               headers=token(*OFFICER))).json()["account_number_masked"] == "****8472"

    await upload(payments, token, advices("AUDDIS", (refused["mandate_ref"], "5", "")), "auddis")
    status = (await payments.get(f"/direct-debits/mandates/{refused['mandate_id']}", headers=token(*OFFICER))).json()
    assert (status["status"], status["cancel_reason"]) == ("rejected", "AUDDIS-5: No account")


async def test_rent_change_gives_notice_of_the_new_instalment_and_tenancy_end_cancels_the_mandate(payments, token):
    await seed_accounts(payments.app, {"10000016": "open"})
    mandate = await create_mandate(payments, token)
    runtime = payments.app.state.runtime
    async with UnitOfWork(runtime.session_factory) as uow:
        await handlers.note_rent_varied(RentVariedV1(
            account_ref="10000016", effective_from=date.today(), old_weekly_total=Money("100.00"),
            new_weekly_total=Money("120.00"), charges=[], notice_required_by=date.today()), uow)
        await uow.commit()
    notices = await events(payments.app, "DirectDebitNoticeDue")
    assert [(n["data"]["notice_reason"], n["data"]["amount"]) for n in notices] == [
        ("new_mandate", "433.33"), ("amount_change", "520.00")]
    assert notices[1]["data"]["first_collection_date"] == str(first_collection())

    async with UnitOfWork(runtime.session_factory) as uow:
        await handlers.note_tenancy_terminated(TenancyTerminatedV1(
            tenancy_ref="T-1", account_ref="10000016", end_date=date.today(), reason="notice",
            final_balance=Money("0")), uow)
        await uow.commit()
    [cancelled] = await events(payments.app, "MandateCancelled")
    assert (cancelled["data"]["mandate_id"], cancelled["data"]["reason_code"]) == (
        mandate["mandate_id"], "TENANCY-ENDED")
    assert await scalar(payments.app, "SELECT count(*) FROM dd_instruction WHERE code = '0C'") == 0  # never lodged


async def test_mandate_creation_replays_for_the_same_idempotency_key(payments, token):
    await seed_accounts(payments.app, {"10000016": "open"})
    headers = {**token(*OFFICER), "Idempotency-Key": "mandate-key-1"}
    first = await payments.post("/direct-debits/mandates", json=mandate_body(), headers=headers)
    again = await payments.post("/direct-debits/mandates", json=mandate_body(), headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again.headers["Idempotent-Replay"] == "true"
    assert await scalar(payments.app, "SELECT count(*) FROM dd_mandate") == 1
    other = await payments.post("/direct-debits/mandates", json=mandate_body(collection_day=16), headers=headers)
    assert other.status_code == 422


async def test_staff_change_of_bank_details_cancels_the_old_instruction_and_lodges_a_new_one(payments, token):
    await seed_accounts(payments.app, {"10000016": "open"})
    mandate = await create_mandate(payments, token)
    await post_file(payments, token, "auddis-files", date.today())
    response = await payments.post(f"/direct-debits/mandates/{mandate['mandate_id']}/bank-details",
                                   json={"sort_code": "202959", "account_number": "63748472",
                                         "reason": "tenant changed bank"},
                                   headers={**token(*OFFICER), "Idempotency-Key": uuid.uuid4().hex})
    assert response.status_code == 200, response.text
    assert response.json()["account_number_masked"] == "****8472"
    lodged = await post_file(payments, token, "auddis-files", date.today())
    records = [line for line in lodged["content"].splitlines() if len(line) == 100]
    assert [(r[:14], r[15:17]) for r in records] == [("08999966374958", "0C"), ("20295963748472", "0N")]
    assert await scalar(payments.app, "SELECT reason FROM audit_log WHERE action = 'amend'") == "tenant changed bank"


async def test_addacs_amendment_to_bank_details_failing_the_modulus_check_is_rejected_and_not_stored(
        payments, token):
    await seed_accounts(payments.app, {"10000016": "open", "10000024": "open"})
    moved = await create_mandate(payments, token)
    other = await create_mandate(payments, token, account_ref="10000024")
    await post_file(payments, token, "auddis-files", date.today())
    amend = advices("ADDACS",
                    (moved["mandate_ref"], "3", 'payer-new-sort-code="202959" payer-new-account-number="63748473"'),
                    (other["mandate_ref"], "C", 'payer-new-sort-code="20295" payer-new-account-number="63748472"'))
    report = (await upload(payments, token, amend, "addacs")).json()
    assert (report["accepted"], report["rejected"]) == (0, 2)
    lines = (await payments.get(f"/income-files/{report['file_id']}/lines", headers=token(*OFFICER))).json()
    # Both advices are on line 1 of this file; each is reported.
    assert [(line["record_no"], line["line_no"], line["reason"]) for line in lines] == [
        (1, 1, "ADDACS 3 (Account transferred to a new bank): new bank details refused: account number fails "
               "the modulus check for this sort code"),
        (2, 1, "ADDACS C (Account transferred to a new branch): new bank details refused: sort code must be 6 "
               "digits (e.g. 20-00-00)")]
    for mandate in (moved, other):
        stored = (await payments.get(f"/direct-debits/mandates/{mandate['mandate_id']}", headers=token(*OFFICER)))
        assert stored.json()["account_number_masked"] == mandate["account_number_masked"]
    assert await scalar(payments.app, "SELECT count(*) FROM audit_log WHERE action = 'amend'") == 0


async def test_bacs_files_generated_at_the_same_time_never_share_a_serial(payments, token):
    await seed_accounts(payments.app, {"10000016": "open", "10000024": "open"})
    await create_mandate(payments, token)
    lodged = await post_file(payments, token, "auddis-files", date.today())
    await create_mandate(payments, token, account_ref="10000024")
    runtime = payments.app.state.runtime
    # An AUDDIS file and a collection file generated at once, neither committed before the other starts.
    async with UnitOfWork(runtime.session_factory) as lodging, UnitOfWork(runtime.session_factory) as collecting:
        auddis = await bacs_files.generate_auddis_file(lodging, "i.officer", date.today())
        collection = await bacs_files.generate_collection_file(collecting, "i.officer", first_collection(),
                                                               date.today())
        await lodging.commit()
        await collecting.commit()
    files = [lodged["file_id"], str(auddis), str(collection)]
    serials = [(await payments.get(f"/direct-debits/files/{f}", headers=token(*OFFICER))).json()["serial"]
               for f in files]
    assert serials == [1, 2, 3]
    labels = [(await payments.get(f"/direct-debits/files/{f}/content", headers=token(*OFFICER))).text[4:10]
              for f in files]
    assert labels == ["000001", "000002", "000003"]


async def test_rent_free_weeks_carried_by_rent_varied_reduce_monthly_and_four_weekly_instalments(payments, token):
    await seed_accounts(payments.app, {"10000016": "open", "10000024": "open"})
    await create_mandate(payments, token)  # the rent year's rent-free weeks are not known yet: x 52 / 12
    first = first_collection()
    collectable = Decimal(rent_year_of(first).week_count - 2)
    runtime = payments.app.state.runtime

    async def rent_varied(account_ref: str, old: str, new: str, **extra) -> None:
        async with UnitOfWork(runtime.session_factory) as uow:
            await handlers.note_rent_varied(RentVariedV1(
                account_ref=account_ref, effective_from=first, old_weekly_total=Money(old),
                new_weekly_total=Money(new), charges=[], notice_required_by=first, **extra),
                uow, extra.pop("published_at", None))
            await uow.commit()

    await rent_varied("10000016", "100.00", "120.00", rent_free_weeks=[38, 39])
    # A mandate set up afterwards in that rent year uses them too (4-weekly: x collectable weeks / 13).
    await create_mandate(payments, token, account_ref="10000024", frequency="four_weekly",
                         collection_day=first.weekday(), first_collection=str(first))
    # A RentVaried without the field (an older billing) keeps what is known.
    await rent_varied("10000024", "100.00", "130.00")
    notices = [(n["data"]["account_ref"], n["data"]["notice_reason"], n["data"]["amount"])
               for n in await events(payments.app, "DirectDebitNoticeDue")]
    assert notices == [
        ("10000016", "new_mandate", "433.33"),
        ("10000016", "amount_change", str(Money.rounded(120 * collectable / 12))),
        ("10000024", "new_mandate", str(Money.rounded(100 * collectable / 13))),
        ("10000024", "amount_change", str(Money.rounded(130 * collectable / 13))),
    ]
    # An announcement published before the one kept, delivered late, changes nothing.
    async with UnitOfWork(runtime.session_factory) as uow:
        await handlers.note_rent_varied(RentVariedV1(
            account_ref="10000016", effective_from=first, old_weekly_total=Money("120.00"),
            new_weekly_total=Money("120.00"), charges=[], notice_required_by=first, rent_free_weeks=[]),
            uow, datetime(2000, 1, 1, tzinfo=UTC))
        await uow.commit()
    assert await scalar(payments.app, "SELECT rent_free_weeks FROM rent_year_basis") == [38, 39]
    assert len(await events(payments.app, "DirectDebitNoticeDue")) == 4


def dd_schedule(frequency: Frequency) -> tuple[int, list[tuple[date, date]]]:
    """(collection day, [(nominal date, collection date)]) from the earliest first collection."""
    earliest = earliest_collection(date.today(), 10)
    day = earliest.weekday()
    return day, collection_schedule(frequency, day, earliest, earliest + timedelta(weeks=12))


async def announce_rent_free(app, account_ref: str, *days: date) -> None:
    """Billing's RentVaried (no change of rent) naming the rent weeks of ``days`` rent-free."""
    by_year: dict[int, set[int]] = {}
    for day in days:
        by_year.setdefault(rent_week_of(day).rent_year, set()).add(rent_week_of(day).number)
    for year, weeks in by_year.items():
        starts = RentYear(year).week(min(weeks)).starts
        async with UnitOfWork(app.state.runtime.session_factory) as uow:
            await handlers.note_rent_varied(RentVariedV1(
                account_ref=account_ref, effective_from=starts, old_weekly_total=Money("100.00"),
                new_weekly_total=Money("100.00"), charges=[], notice_required_by=starts,
                rent_free_weeks=sorted(weeks)), uow)
            await uow.commit()


async def no_collections_on(payments, token, on: date) -> str:
    response = await payments.post("/direct-debits/collection-files", json={"on": str(on)},
                                   headers={**token(*OFFICER), "Idempotency-Key": uuid.uuid4().hex})
    assert response.status_code == 404, response.text
    return response.json()["detail"]


def detail_lines(content: str) -> list[tuple[str, str]]:
    """(mandate reference, amount in pence) of each collection in a Standard 18 file."""
    return [(line[64:82].strip(), line[35:46]) for line in content.splitlines()
            if len(line) == 100 and line[15:17] != "99"]


async def test_weekly_direct_debit_is_not_collected_in_a_rent_free_week(payments, token):
    await seed_accounts(payments.app, {"10000016": "open", "10000024": "open"})
    day, due = dd_schedule(Frequency.WEEKLY)
    (n0, d0), (n1, d1), (_, d2), (_, d3) = due[:4]
    await announce_rent_free(payments.app, "10000016", n1)
    weekly = await create_mandate(payments, token, frequency="weekly", collection_day=day, first_collection=str(n0))
    # A 4-weekly payer due that day is still collected: its instalment is spread over the collectable weeks.
    four_weekly = await create_mandate(payments, token, account_ref="10000024", frequency="four_weekly",
                                       collection_day=day, first_collection=str(n1))
    notice, _ = await events(payments.app, "DirectDebitNoticeDue")
    assert (notice["data"]["first_collection_date"], notice["data"]["amount"]) == (str(d0), "100.00")
    assert notice["data"]["collections"] == [[str(d), "100.00"] for d in (d0, d2, d3)]
    await post_file(payments, token, "auddis-files", date.today())

    first = await post_file(payments, token, "collection-files", d0)
    assert detail_lines(first["content"]) == [(weekly["mandate_ref"], "00000010000")]
    rent_free = await post_file(payments, token, "collection-files", d1)
    assert [ref for ref, _ in detail_lines(rent_free["content"])] == [four_weekly["mandate_ref"]]
    after = await post_file(payments, token, "collection-files", d2)
    assert detail_lines(after["content"]) == [(weekly["mandate_ref"], "00000010000")]
    collections = (await payments.get(f"/direct-debits/mandates/{weekly['mandate_id']}/collections",
                                      headers=token(*OFFICER))).json()
    assert sorted((c["due_date"], c["amount"], c["txn_code"]) for c in collections) == [
        (str(d0), "100.00", "01"), (str(d2), "100.00", "17")]
    paid = [p["received_on"] for b in await events(payments.app, "PaymentBatchReceived") for p in b["data"]["payments"]
            if p["account_ref"] == "10000016"]
    assert paid == [str(d0), str(d2)]


async def test_fortnightly_direct_debit_collects_only_the_weeks_that_are_not_rent_free(payments, token):
    await seed_accounts(payments.app, {"10000016": "open"})
    day, due = dd_schedule(Frequency.FORTNIGHTLY)
    (n0, d0), (n1, d1), (_, d2), (_, d3) = due[:4]
    # The second week of the first fortnight and both weeks of the second are rent-free.
    await announce_rent_free(payments.app, "10000016", n0 + timedelta(weeks=1), n1, n1 + timedelta(weeks=1))
    mandate = await create_mandate(payments, token, frequency="fortnightly", collection_day=day,
                                   first_collection=str(n0))
    [notice] = await events(payments.app, "DirectDebitNoticeDue")
    assert (notice["data"]["first_collection_date"], notice["data"]["amount"]) == (str(d0), "100.00")
    assert notice["data"]["collections"] == [[str(d0), "100.00"], [str(d2), "200.00"], [str(d3), "200.00"]]
    await post_file(payments, token, "auddis-files", date.today())

    first = await post_file(payments, token, "collection-files", d0)
    assert (first["records"], first["total_amount"]) == (1, "100.00")
    assert await no_collections_on(payments, token, d1) == f"no Direct Debit collections are due on {d1}"
    full = await post_file(payments, token, "collection-files", d2)
    assert detail_lines(full["content"]) == [(mandate["mandate_ref"], "00000020000")]


def advice_file(*advices: str) -> bytes:
    """An ADDACS report with one MessagingAdvice per line, from line 4."""
    return "\n".join(['<?xml version="1.0"?>', "<BACSDocument><Data><MessagingAdvices>",
                      '<MessagingHeader report-type="ADDACS"/>', *advices,
                      "</MessagingAdvices></Data></BACSDocument>"]).encode()


async def test_addacs_cannot_amend_or_cancel_again_a_mandate_already_cancelled(payments, token):
    await seed_accounts(payments.app, {"10000016": "open", "10000024": "open"})
    ended = await create_mandate(payments, token)
    live = await create_mandate(payments, token, account_ref="10000024")
    await post_file(payments, token, "auddis-files", date.today())
    await end_tenancy(payments.app, "T-1", "10000016")
    today, moved = date.today(), 'payer-new-sort-code="202959" payer-new-account-number="63748472"'
    content = advice_file(
        f'<MessagingAdvice reference="{ended["mandate_ref"]}" effective-date="{today}" reason-code="1"/>',
        f'<MessagingAdvice reference="{ended["mandate_ref"]}" effective-date="{today}" reason-code="3" {moved}/>',
        f'<MessagingAdvice reference="{live["mandate_ref"]}" effective-date="{today}" reason-code="3" {moved}/>')
    report = (await upload(payments, token, content, "addacs")).json()
    assert (report["accepted"], report["rejected"], report["duplicates"]) == (1, 1, 1)
    lines = (await payments.get(f"/income-files/{report['file_id']}/lines", headers=token(*OFFICER))).json()
    finished = f"mandate {ended['mandate_ref']} was cancelled on {today} (TENANCY-ENDED: tenancy terminated)"
    assert [(line["line_no"], line["outcome"], line["reason"]) for line in lines] == [
        (4, "duplicate", f"ADDACS 1 (Instruction cancelled by payer): {finished}; nothing changed"),
        (5, "rejected", f"ADDACS 3 (Account transferred to a new bank): {finished}; an amendment cannot reopen it")]

    stored = (await payments.get(f"/direct-debits/mandates/{ended['mandate_id']}", headers=token(*OFFICER))).json()
    assert (stored["status"], stored["cancel_reason"], stored["account_number_masked"]) == (
        "cancelled", "TENANCY-ENDED: tenancy terminated", ended["account_number_masked"])
    assert (await payments.get(f"/direct-debits/mandates/{live['mandate_id']}",
                               headers=token(*OFFICER))).json()["account_number_masked"] == "****8472"
    [cancelled] = await events(payments.app, "MandateCancelled")
    assert cancelled["data"]["reason_code"] == "TENANCY-ENDED"
    assert await scalar(payments.app, "SELECT count(*) FROM audit_log WHERE action = 'amend'") == 1

    again = await upload(payments, token, content, "addacs")
    assert again.status_code == 409
    assert len(await events(payments.app, "MandateCancelled")) == 1
    assert await scalar(payments.app, "SELECT count(*) FROM audit_log WHERE action = 'amend'") == 1


def advice(mandate, code: str, extra: str = "") -> str:
    """One ADDACS MessagingAdvice line for a mandate, effective today."""
    return (f'<MessagingAdvice reference="{mandate["mandate_ref"]}" effective-date="{date.today()}" '
            f'reason-code="{code}"{" " + extra if extra else ""}/>')


async def end_tenancy(app, tenancy_ref: str, account_ref: str) -> None:
    async with UnitOfWork(app.state.runtime.session_factory) as uow:
        await handlers.note_tenancy_terminated(TenancyTerminatedV1(
            tenancy_ref=tenancy_ref, account_ref=account_ref, end_date=date.today(), reason="notice",
            final_balance=Money("0")), uow)
        await uow.commit()


async def test_addacs_reinstates_only_a_mandate_the_payers_bank_cancelled_on_an_open_account(payments, token):
    await seed_accounts(payments.app, {"10000016": "open", "10000024": "open", "10000032": "open"})
    by_bank = await create_mandate(payments, token)
    ended = await create_mandate(payments, token, account_ref="10000024")
    active = await create_mandate(payments, token, account_ref="10000032")
    await post_file(payments, token, "auddis-files", date.today())
    today = date.today()
    assert (await upload(payments, token, advice_file(advice(by_bank, "1")), "addacs")).json()["accepted"] == 1
    await end_tenancy(payments.app, "T-2", "10000024")

    content = advice_file(*(advice(m, "R") for m in (ended, active, by_bank)))
    report = (await upload(payments, token, content, "addacs")).json()
    assert (report["accepted"], report["rejected"], report["duplicates"]) == (1, 1, 1)
    lines = (await payments.get(f"/income-files/{report['file_id']}/lines", headers=token(*OFFICER))).json()
    assert [(line["line_no"], line["outcome"], line["reason"]) for line in lines] == [
        (4, "rejected", f"ADDACS R (Instruction reinstated): mandate {ended['mandate_ref']} was cancelled on "
                        f"{today} (TENANCY-ENDED: tenancy terminated); only a mandate the payer's bank cancelled "
                        "can be reinstated"),
        (5, "duplicate", f"ADDACS R (Instruction reinstated): mandate {active['mandate_ref']} is active; "
                         "nothing changed")]
    statuses = {m["mandate_id"]: (await payments.get(f"/direct-debits/mandates/{m['mandate_id']}",
                                                     headers=token(*OFFICER))).json()["status"]
                for m in (by_bank, ended, active)}
    assert statuses == {by_bank["mandate_id"]: "active", ended["mandate_id"]: "cancelled",
                        active["mandate_id"]: "active"}


async def test_addacs_does_not_reinstate_a_mandate_on_an_account_that_has_closed(payments, token):
    await seed_accounts(payments.app, {"10000016": "open"})
    mandate = await create_mandate(payments, token)
    await post_file(payments, token, "auddis-files", date.today())
    assert (await upload(payments, token, advice_file(advice(mandate, "1")), "addacs")).json()["accepted"] == 1
    await end_tenancy(payments.app, "T-1", "10000016")
    report = (await upload(payments, token, advice_file(advice(mandate, "R")), "addacs")).json()
    assert report["rejected"] == 1
    [line] = (await payments.get(f"/income-files/{report['file_id']}/lines", headers=token(*OFFICER))).json()
    assert line["reason"].endswith("and account 10000016 is not open; it cannot be reinstated")
    assert (await payments.get(f"/direct-debits/mandates/{mandate['mandate_id']}",
                               headers=token(*OFFICER))).json()["status"] == "cancelled"
