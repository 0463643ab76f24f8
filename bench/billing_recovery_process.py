"""Recovery's runtime (consumers and relay, no HTTP) as its own process for the billing
benchmarks, configured by RECOVERY_* environment variables; prints 'ready' once its
consumers are attached and stops on SIGTERM."""

from __future__ import annotations

import asyncio
import signal

from recovery.bootstrap import build_runtime
from recovery.config import RecoverySettings


async def main() -> None:
    runtime = build_runtime(RecoverySettings())
    await runtime.start()
    print("ready", flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await runtime.stop()


if __name__ == "__main__":
    asyncio.run(main())
