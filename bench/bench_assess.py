"""Benchmark `assess`: per case in process, and the whole `sendadvisor assess --json` command,
each beside its floor (a bare `python -c pass` in the same environment for the command)."""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import command_times, figure, sendadvisor_command  # noqa: E402

CASES = sorted((ROOT / "tests" / "scenarios").rglob("*.json"))


def in_process(rounds: int = 7) -> dict:
    from sendadvisor.rules import assess

    scenarios = [json.loads(p.read_text()) for p in CASES]
    # Scenarios of refused input (contradictions) are not assessments to time.
    cases = [s["circumstances"] for s in scenarios if "error" not in s["expect"]]
    assess(cases[0])  # load the rules once, as the app does
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for case in cases:
            assess(case)
        samples.append((time.perf_counter() - start) * 1000 / len(cases))
    return figure(f"assess, per case in process ({len(cases)} scenarios)", samples, budget=5.0)


def command(rounds: int = 15) -> dict:
    assess = sendadvisor_command(ROOT) + [
        "assess",
        str(ROOT / "examples" / "plan-contents.json"),
        "--json",
    ]
    command_times(assess, 2, cwd=ROOT)  # warm the file cache and the rules cache
    floor = command_times([sys.executable, "-c", "pass"], rounds, cwd=ROOT)
    samples = command_times(assess, rounds, cwd=ROOT)
    budget = 4 * statistics.median(floor)
    return figure(
        "sendadvisor assess CASE.json --json (whole command)",
        samples,
        floor=floor,
        budget=budget,
        note="budget: 4x the floor (python -c pass)",
    )


def figures() -> list[dict]:
    quick = bool(os.environ.get("SENDADVISOR_BENCH_QUICK"))
    return [in_process(2 if quick else 7), command(3 if quick else 15)]


if __name__ == "__main__":
    for figure in figures():
        floor = f"{figure['floor_ms']:.1f}" if figure["floor_ms"] is not None else "-"
        print(
            f"{figure['name']}: median {figure['median_ms']:.2f} ms (+/- {figure['spread_ms']:.2f}), "
            f"floor {floor} ms, budget {figure['budget_ms']:.1f} ms"
        )
