"""The benchmarks run (a smoke test on small data; their budgets are never asserted here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_bench_run_quick_prints_a_table() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--quick",
            "--only",
            "bench_assess",
            "--only",
            "bench_letters",
            "--only",
            "bench_storage",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "sendadvisor assess CASE.json --json" in done.stdout
    assert "0 benchmark(s) failed" in done.stdout


def test_synthetic_cases_are_valid_and_varied(monkeypatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "bench"))  # undone after the test
    from synthetic import Synthetic

    from sendadvisor.rules import assess

    source = Synthetic(7)
    kinds = set()
    for _ in range(300):
        data = source.circumstances()
        kinds.add(data["concerns"][0]["kind"])
        assess(data)  # raises on anything invalid
    assert len(kinds) >= 12
    assert Synthetic(7).circumstances() == Synthetic(7).circumstances()
