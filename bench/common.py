"""What every benchmark shares: timing a call, and one figure row as bench/run.py prints it."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def summary(times: list[float]) -> tuple[float, float]:
    """The median and the spread (interquartile range, p75 - p25) of some timings."""
    quartiles = statistics.quantiles(times, n=4) if len(times) > 1 else [times[0]] * 3
    return statistics.median(times), quartiles[2] - quartiles[0]


def timed(action: Callable[[], object], rounds: int) -> list[float]:
    """Milliseconds taken by each of `rounds` calls."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def figure(
    name: str,
    samples: list[float],
    *,
    floor: list[float] | float | None = None,
    budget: float | None = None,
    note: str = "",
    **extra: Any,
) -> dict[str, Any]:
    """One row of bench/run.py's table; `floor` is the same thing's floor (samples or a median)."""
    median, spread = summary(samples)
    if isinstance(floor, list):
        floor = statistics.median(floor)
    return {
        "name": name,
        "median_ms": median,
        "spread_ms": spread,
        "floor_ms": floor,
        "budget_ms": budget,
        "worst_ms": max(samples),
        "note": note,
        **extra,
    }


def command_times(argv: list[str], rounds: int, **options: Any) -> list[float]:
    """Milliseconds taken by each of `rounds` runs of a whole command (its output discarded)."""
    import subprocess

    return timed(
        lambda: subprocess.run(
            argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **options
        ),
        rounds,
    )


def sendadvisor_command(root: Any) -> list[str]:
    """The installed `sendadvisor` console script (as an adviser runs it), with the package's
    bytecode compiled first, as pip does on install."""
    import os
    import shutil
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(root / "sendadvisor")],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    script = shutil.which("sendadvisor", path=os.path.dirname(sys.executable)) or shutil.which(
        "sendadvisor"
    )
    return [script] if script else [sys.executable, "-m", "sendadvisor"]
