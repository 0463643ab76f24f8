"""bench/run_all.py in CI size: every benchmark at a few hundred items, the floor, the
statement load through the gateway and the reconciliation of the demo estate. Asserts only
that it completes, reports every figure with its memory, and the books agree — the
figures themselves are for the full run by hand (bench/RESULTS.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(600)
def test_the_benchmark_suite_completes_in_small_form_and_the_books_agree(servers, tmp_path):
    pg, amqp = servers
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run_all.py"), "--small", "--pg", pg, "--amqp", amqp,
         "--json-dir", str(tmp_path)], cwd=REPO, capture_output=True, text=True, timeout=580)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    [result_file] = tmp_path.glob("run-*-small.json")
    result = json.loads(result_file.read_text())
    assert set(result["floor"]) == {"broker_publish_confirmed_per_s", "broker_consume_per_s",
                                    "postgres_copy_rows_per_s"}
    assert all(v > 0 for v in result["floor"].values())
    names = [b["name"] for b in result["benchmarks"]]
    assert names == ["weekly debit", "payment file", "recovery daily run", "statement via gateway"]
    for bench in result["benchmarks"]:
        assert bench["value"] > 0 and bench["items_per_s"] > 0, bench
        assert bench["peak_rss_mb"] and all(mb > 0 for mb in bench["peak_rss_mb"].values()), bench
    gateway = result["benchmarks"][-1]
    assert {"billing", "payments", "recovery", "refunds", "notifications", "gateway"} <= set(gateway["peak_rss_mb"])
    assert gateway["detail"]["failures"] == 0
    assert result["reconciliation"]["agrees"], result["reconciliation"]
    assert result["reconciliation"]["accounts"] > 0
    assert "÷ publish floor" in done.stdout and "Peak memory" in done.stdout
