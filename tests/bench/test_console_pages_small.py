"""bench/console_pages.py in its small form: the stack behind the gateway with a 100-account
estate, four officers signed in through the issuer's authorize page, each page answered.
Asserts only that it completes with every page measured and no errors — the latency target
is for the full run by hand (bench/RESULTS.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(400)
def test_the_console_pages_benchmark_completes_in_small_form(servers, tmp_path):
    pg, amqp = servers
    out = tmp_path / "console_pages.json"
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "console_pages.py"), "--small", "--pg", pg, "--amqp", amqp,
         "--json-out", str(out)], cwd=REPO, capture_output=True, text=True, timeout=380)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    result = json.loads(out.read_text())
    assert list(result["pages"]) == ["search", "account", "statement", "worktray"]
    for page, figures in result["pages"].items():
        assert figures["count"] > 0 and figures["errors"] == 0, (page, figures)
        assert figures["p50_ms"] > 0 and figures["p95_ms"] >= figures["p50_ms"], (page, figures)
    assert sum(result["recommended"].values()) > 0  # the worktray's Recommended tab is not empty
    assert "target p95" in done.stdout
