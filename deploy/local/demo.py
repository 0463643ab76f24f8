"""Wait for the local stack behind the gateway, then load the demo estate into it.

Extra arguments go to `rentctl demo load` (e.g. --accounts 5000 --weeks 52 --seed 7).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx

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


ALREADY_LOADED = 6  # rentctl's exit code when this seed's estate is in the databases already


def main() -> None:
    wait_ready()
    rentctl = os.path.join(os.path.dirname(sys.executable), "rentctl")
    # Defaults first: options given on the command line come later and win.
    args = ["--accounts", "300", "--weeks", "26", "--manifest", ".stack/estate.json", *sys.argv[1:]]
    code = subprocess.run([rentctl, "demo", "load", "--gateway", GATEWAY, *args], check=False).returncode  # noqa: S603
    if code == ALREADY_LOADED:
        print("The demo estate of this seed was loaded by an earlier run; it is still there.")
        code = 0
    sys.exit(code)


if __name__ == "__main__":
    main()
