"""A service's runtime (consumers and/or outbox relay, no HTTP) as its own process for
the billing benchmarks: ``billing_service_process.py recovery|billing``, configured by
that service's environment variables (RECOVERY_*, BILLING_*); prints 'ready' once
started and stops on SIGTERM."""

from __future__ import annotations

import asyncio
import signal
import sys


def build(service: str):
    if service == "recovery":
        from recovery.bootstrap import build_runtime
        from recovery.config import RecoverySettings

        return build_runtime(RecoverySettings())
    if service == "billing":
        from billing.bootstrap import build_runtime as build_billing
        from billing.config import BillingSettings

        return build_billing(BillingSettings())
    raise SystemExit(f"unknown service {service!r}")


async def main(service: str) -> None:
    runtime = build(service)
    await runtime.start()
    print("ready", flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await runtime.stop()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
