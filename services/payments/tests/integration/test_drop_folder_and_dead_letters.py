"""The watched drop folder, and upstream messages that are dead-lettered with a reason
and counted in /metrics."""

from __future__ import annotations

import json
import re

import pytest

from payments.bootstrap import create_app
from payments.config import PaymentsSettings
from payments.entrypoints.drop_folder import DropFolderWatcher
from shared.contracts.inbound import INBOUND_PAYMENT_ROUTING_KEY
from shared.messaging.publisher import ConfirmingPublisher
from shared.testing.helpers import eventually, get_messages
from shared.testing.plugin import api_client

from .support import SAMPLES, scalar, seed_accounts


@pytest.fixture
async def watched(settings_for, runtimes, tmp_path):
    settings = settings_for(PaymentsSettings, "payments", drop_folder=str(tmp_path), drop_folder_poll_seconds=0.1)
    app = create_app(settings)
    async with api_client(app, runtimes) as client:
        client.app = app
        yield client, tmp_path


async def test_files_dropped_in_the_folder_are_imported_and_filed_with_their_report(watched, token):
    client, folder = watched
    await seed_accounts(client.app, {"10000016": "open", "10000024": "open", "10000032": "open"})
    partial = folder / "cash_csv" / "allpay-20261120.csv.part"
    partial.write_bytes((SAMPLES / "cash_receipting.csv").read_bytes())
    partial.rename(folder / "cash_csv" / "allpay-20261120.csv")
    (folder / "uc_schedule" / "apa.csv").write_text("HEADER,APA-1,2026-11-24\nTRAILER,1,5.00\n")

    reports = await eventually(lambda: _reports(folder), message="drop folder did not process both files")
    by_status = {r["status"]: r for r in reports}
    assert by_status["rejected"]["reason"] == "line 2: trailer says 1 detail records but the file has 0 " \
                                              "(file truncated?)"
    imported = by_status["imported"]
    assert (folder / "imported" / f"{imported['file_id']}-allpay-20261120.csv").exists()
    report = (await client.get(f"/income-files/{imported['file_id']}", headers=token("i", "income_officer"))).json()
    assert (report["origin"], report["accepted"], report["unmatched"]) == ("drop_folder", 3, 1)
    assert list((folder / "cash_csv").iterdir()) == []


async def _reports(folder):
    found = [json.loads(p.read_text()) for p in folder.glob("*/*.report.json")]
    return found if len(found) == 2 else None


def dead_lettered(metrics: str, reason: str) -> float:
    match = re.search(rf'messages_dead_lettered_total{{consumer="payments.inbound",reason="{reason}"}} (\S+)',
                      metrics)
    return float(match.group(1)) if match else 0.0


async def test_an_invalid_upstream_message_is_dead_lettered_with_its_reason_and_counted(
        settings_for, runtimes, amqp_url, token):
    app = create_app(settings_for(PaymentsSettings, "payments"))
    async with api_client(app, runtimes) as client:
        before = dead_lettered((await client.get("/metrics")).text, "invalid_payload")
        names = app.state.runtime.names
        publisher = ConfirmingPublisher(amqp_url, names, name="upstream-test")
        body = {"source_system": "allpay", "transaction_id": "T1", "payment_reference": "10000016",
                "amount": "1.234", "paid_on": "2026-11-20", "method": "cash", "channel": "paypoint"}
        try:
            await publisher.publish(exchange=names.events_exchange, routing_key=INBOUND_PAYMENT_ROUTING_KEY,
                                    body=json.dumps(body).encode(), message_id="bad-1")
        finally:
            await publisher.close()
        [parked] = await get_messages(amqp_url, names.dead_letter_queue("payments.inbound"), expect=1)
        assert parked.headers["x-dead-letter-reason"] == "invalid_payload"
        assert parked.headers["x-dead-letter-detail"] == "amount: Value error, amount has more than 2 decimal " \
                                                         "places: '1.234'"
        after = dead_lettered((await client.get("/metrics")).text, "invalid_payload")
        assert after == before + 1
        assert await scalar(app, "SELECT count(*) FROM payment") == 0


async def test_a_file_left_mid_import_by_a_stopped_process_is_resumed_when_a_watcher_starts(
        settings_for, runtimes, tmp_path, token, monkeypatch):
    from payments.service_layer import file_import

    settings = settings_for(PaymentsSettings, "payments", consumers_enabled=False, relay_enabled=False)
    content = "payment_reference,amount,paid_on,channel,transaction_id\n" + "".join(
        f"10000016,1.00,2026-11-20,paypoint,R{n}\n" for n in range(30)) + "TRAILER,30,30.00\n"
    real_apply, calls = file_import._apply_chunk, []

    async def die_on_second_chunk(*args):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("process stopped")
        return await real_apply(*args)

    monkeypatch.setattr(file_import, "CHUNK_LINES", 10)
    monkeypatch.setattr(file_import, "_apply_chunk", die_on_second_chunk)
    app = create_app(settings)
    async with api_client(app, runtimes) as client:
        await seed_accounts(app, {"10000016": "open"})
        watcher = DropFolderWatcher(tmp_path, app.state.runtime.new_uow, poll_seconds=0.1)
        watcher.prepare()
        (tmp_path / "cash_csv" / "cash.csv").write_text(content)
        with pytest.raises(RuntimeError):
            await watcher.scan_once()  # the import dies after its first chunk
        [left] = list((tmp_path / ".work" / "cash_csv").iterdir())
        assert await scalar(app, "SELECT count(*) FROM payment") == 10

        monkeypatch.setattr(file_import, "_apply_chunk", real_apply)
        await DropFolderWatcher(tmp_path, app.state.runtime.new_uow, poll_seconds=0.1).resume_interrupted()
        assert not left.exists()
        [report] = [p for p in (tmp_path / "imported").iterdir() if p.name.endswith(".report.json")]
        file_id = report.name.split("-cash.csv")[0]
        summary = (await client.get(f"/income-files/{file_id}", headers=token("i", "income_officer"))).json()
        assert (summary["status"], summary["accepted"], summary["records"]) == ("imported", 30, 30)
        assert await scalar(app, "SELECT count(*) FROM payment") == 30
