"""Wait for the local stack behind the gateway, then load the demo estate into it.

By default: 300 accounts and a year of weekly debits and payments — the 52 weeks up to the
last full week, across the April rent-year boundary, so the books are current and no
payment is dated in the future. Extra arguments go to
`rentctl demo load` and win (e.g. --accounts 5000 --seed 7, or --weeks 26 --year-start
2026-04-06 for half of this rent year).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta

import httpx

from shared.calendar import week_start

GATEWAY = os.environ.get("RENTCTL_GATEWAY", "http://127.0.0.1:8080")
SERVICES = ("billing", "payments", "recovery", "refunds", "notifications")


def wait_ready(timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    pending = list(SERVICES)
    while pending and time.monotonic() < deadline:
        for name in list(pending):
            try:
                if httpx.get(f"{GATEWAY}/{name}/ready", timeout=2).status_code == 200:
                    pending.remove(name)
            except httpx.HTTPError:
                pass
        time.sleep(0.5)
    if pending:
        sys.exit(f"not ready behind the gateway {GATEWAY} after {timeout:.0f}s: {', '.join(pending)} "
                 "(see .stack/stack.log)")


def year_before(today: date) -> date:
    """The Monday 52 weeks before this week's: the history ends with the last full week."""
    return week_start(today) - timedelta(weeks=52)


ALREADY_LOADED = 6  # rentctl's exit code when this seed's estate is in the databases already


def run_stopping_on_sigterm(command: list[str]) -> int:
    """Run the load; bin/run-stack stopping with SIGTERM stops it too."""
    load = subprocess.Popen(command)  # noqa: S603
    stopped: list[int] = []

    def stop(signum: int, _frame: object) -> None:
        # Only pass it on: the wait below (which this handler interrupts) reaps the load.
        stopped.append(signum)
        load.terminate()

    signal.signal(signal.SIGTERM, stop)
    code = load.wait()
    return 128 + stopped[0] if stopped else code


def main() -> None:
    wait_ready()
    rentctl = os.path.join(os.path.dirname(sys.executable), "rentctl")
    # Defaults first: options given on the command line come later and win.
    args = ["--accounts", "300", "--weeks", "52", "--year-start", year_before(date.today()).isoformat(),
            "--manifest", ".stack/estate.json", *sys.argv[1:]]
    code = run_stopping_on_sigterm([rentctl, "demo", "load", "--gateway", GATEWAY, *args])
    if code == ALREADY_LOADED:
        print("The demo estate of this seed was loaded by an earlier run; it is still there.")
        code = 0
    sys.exit(code)


if __name__ == "__main__":
    main()
