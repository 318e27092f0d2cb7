"""Benchmark `assess`: per case in process, and the whole `sendadvisor assess --json` command,
each beside its floor (a bare `python -c pass` in the same environment for the command)."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CASES = sorted((ROOT / "tests" / "scenarios").rglob("*.json"))


def _summary(name: str, samples: list[float], floor: list[float] | None, budget: float | None, note: str = "") -> dict:
    median = statistics.median(samples)
    spread = (max(samples) - min(samples)) / 2 if len(samples) > 1 else 0.0
    floor_ms = statistics.median(floor) if floor else None
    return {"name": name, "median_ms": median, "spread_ms": spread, "floor_ms": floor_ms,
            "budget_ms": budget, "note": note}


def in_process(rounds: int = 7) -> dict:
    from sendadvisor.rules import assess

    cases = [json.loads(p.read_text())["circumstances"] for p in CASES]
    assess(cases[0])  # load the rules once, as the app does
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for case in cases:
            assess(case)
        samples.append((time.perf_counter() - start) * 1000 / len(cases))
    return _summary(f"assess, per case in process ({len(cases)} scenarios)", samples, None, 5.0)


def _run(argv: list[str], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def command(rounds: int = 15) -> dict:
    python = sys.executable
    # The installed console script, as an adviser runs it; bytecode compiled as pip does on install.
    script = shutil.which("sendadvisor", path=os.path.dirname(python)) or shutil.which("sendadvisor")
    argv = [script] if script else [python, "-m", "sendadvisor"]
    subprocess.run([python, "-m", "compileall", "-q", str(ROOT / "sendadvisor")], check=True,
                   stdout=subprocess.DEVNULL)
    case = str(ROOT / "examples" / "plan-contents.json")
    _run(argv + ["assess", case, "--json"], 2)  # warm the file cache and the rules cache
    floor = _run([python, "-c", "pass"], rounds)
    samples = _run(argv + ["assess", case, "--json"], rounds)
    budget = 4 * statistics.median(floor)
    return _summary("sendadvisor assess CASE.json --json (whole command)", samples, floor, budget,
                    "budget: 4x the floor (python -c pass)")


def figures() -> list[dict]:
    quick = bool(os.environ.get("SENDADVISOR_BENCH_QUICK"))
    return [in_process(2 if quick else 7), command(3 if quick else 15)]


if __name__ == "__main__":
    for figure in figures():
        floor = f"{figure['floor_ms']:.1f}" if figure["floor_ms"] is not None else "-"
        print(f"{figure['name']}: median {figure['median_ms']:.2f} ms (+/- {figure['spread_ms']:.2f}), "
              f"floor {floor} ms, budget {figure['budget_ms']:.1f} ms")
