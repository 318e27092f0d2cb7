"""One command for every benchmark: `python bench/run.py [--quick]`.

Prints, for each figure, the median and spread over repeated runs, the floor measured in the same
run (what the figure cannot beat), the ratio to it, and the budget from the issues; a missed
budget is marked MISSED. `--quick` runs each benchmark briefly on small data (a smoke test).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

MODULES = ("bench_assess", "bench_letters", "bench_storage", "bench_app", "bench_register")


def _fmt(value: float | None) -> str:
    return "-" if value is None else (f"{value:.2f}" if value < 10 else f"{value:.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a fast smoke run on small data")
    parser.add_argument(
        "--only", action="append", choices=MODULES, help="run only these benchmarks"
    )
    args = parser.parse_args(argv)
    if args.quick:
        os.environ["SENDADVISOR_BENCH_QUICK"] = "1"
    rows: list[dict] = []
    failures = []
    started = time.perf_counter()
    for name in args.only or MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            failures.append(f"{name}: not available ({error})")
            continue
        try:
            rows.extend(module.figures())
        except Exception as error:  # report and go on: one broken benchmark must not hide the rest
            failures.append(f"{name}: failed ({type(error).__name__}: {error})")
    width = max([len(r["name"]) for r in rows] + [10])
    print(
        f"{'figure'.ljust(width)}  {'median':>9}  {'spread':>8}  {'floor':>9}  {'ratio':>6}  {'budget':>9}  verdict"
    )
    missed = 0
    for row in rows:
        ratio = row["median_ms"] / row["floor_ms"] if row.get("floor_ms") else None
        budget = row.get("budget_ms")
        verdict = "" if budget is None else ("ok" if row["median_ms"] <= budget else "MISSED")
        missed += verdict == "MISSED"
        unit = row.get("unit", "ms")
        print(
            f"{row['name'].ljust(width)}  {_fmt(row['median_ms']):>7}{unit:>2}  {_fmt(row.get('spread_ms')):>8}  "
            f"{_fmt(row.get('floor_ms')):>9}  {_fmt(ratio):>6}  {_fmt(budget):>9}  {verdict}"
        )
        if row.get("note"):
            print(f"{''.ljust(width)}    {row['note']}")
    for failure in failures:
        print(f"! {failure}")
    print(
        f"\n{len(rows)} figures in {time.perf_counter() - started:.0f} s; {missed} budget(s) missed; "
        f"{len(failures)} benchmark(s) failed"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
