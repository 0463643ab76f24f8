"""The raw floor of this machine's broker and database, measured the same way every run:
aio-pika publishing persistent messages with publisher confirms (500 in flight), aio-pika
consuming them with manual acks, and PostgreSQL COPY into a table. Service benchmarks are
reported as a ratio to these figures, so a slow machine or a busy broker shows up as such.

    .venv/bin/python bench/floor.py [--messages 20000] [--rows 200000] [--json-out FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
import uuid
from pathlib import Path

import aio_pika
import asyncpg
import uvloop

AMQP = os.environ.get("BENCH_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
PG = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


async def broker_floor(messages: int, in_flight: int = 500) -> dict[str, float]:
    queue_name = f"bench.floor.{uuid.uuid4().hex[:8]}"
    body = json.dumps({"account_ref": "10000016", "amount": "112.48", "pad": "x" * 300}).encode()
    connection = await aio_pika.connect(AMQP)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        await channel.declare_queue(queue_name, durable=True, arguments={"x-queue-type": "quorum"})
        try:
            started = time.perf_counter()
            semaphore = asyncio.Semaphore(in_flight)

            async def publish(i: int) -> None:
                async with semaphore:
                    await channel.default_exchange.publish(
                        aio_pika.Message(body, message_id=str(i), delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                        routing_key=queue_name,
                    )

            await asyncio.gather(*(publish(i) for i in range(messages)))
            publish_rate = messages / (time.perf_counter() - started)

            consume_channel = await connection.channel()
            await consume_channel.set_qos(prefetch_count=500)
            q = await consume_channel.get_queue(queue_name)
            done = asyncio.Event()
            count = 0

            async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
                nonlocal count
                await message.ack()
                count += 1
                if count == messages:
                    done.set()

            started = time.perf_counter()
            tag = await q.consume(on_message)
            await asyncio.wait_for(done.wait(), timeout=300)
            consume_rate = messages / (time.perf_counter() - started)
            await q.cancel(tag)
        finally:
            await channel.queue_delete(queue_name)
    return {"broker_publish_confirmed_per_s": publish_rate, "broker_consume_per_s": consume_rate}


async def database_floor(rows: int) -> dict[str, float]:
    conn = await asyncpg.connect(PG)
    table = f"bench_floor_{uuid.uuid4().hex[:8]}"
    try:
        await conn.execute(
            f"CREATE UNLOGGED TABLE {table} (id bigint, account_ref text, amount numeric(14,2), posted date)"
        )
        import datetime as dt
        from decimal import Decimal

        records = [(i, f"{10000000 + i}", Decimal("112.48"), dt.date(2026, 11, 23)) for i in range(rows)]
        started = time.perf_counter()
        await conn.copy_records_to_table(table, records=records)
        copy_rate = rows / (time.perf_counter() - started)
    finally:
        await conn.execute(f"DROP TABLE IF EXISTS {table}")
        await conn.close()
    return {"postgres_copy_rows_per_s": copy_rate}


async def measure(messages: int, rows: int) -> dict[str, float]:
    result = await broker_floor(messages)
    result.update(await database_floor(rows))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--rows", type=int, default=200000)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    figures = uvloop.run(measure(args.messages, args.rows))
    for name, value in figures.items():
        print(f"{name:<34} {value:>12,.0f}")
    if args.json_out:
        args.json_out.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
