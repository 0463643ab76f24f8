"""A service's runtime (consumers and/or outbox relay, no HTTP) as its own process for the
benchmarks: ``service_process.py billing`` reads BILLING_* settings from the environment
(BILLING_CONSUMERS_ENABLED / BILLING_RELAY_ENABLED choose the parts), prints 'ready' once
started and stops on SIGTERM."""

from __future__ import annotations

import asyncio
import importlib
import signal
import sys

import uvloop


async def main(service: str) -> None:
    bootstrap = importlib.import_module(f"{service}.bootstrap")
    config = importlib.import_module(f"{service}.config")
    settings_cls = getattr(config, f"{service.capitalize()}Settings")
    runtime = bootstrap.build_runtime(settings_cls())
    await runtime.start()
    print("ready", flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await runtime.stop()


if __name__ == "__main__":
    uvloop.run(main(sys.argv[1]))
