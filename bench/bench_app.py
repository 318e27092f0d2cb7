"""Benchmark of the desktop app: start-up, the case list with 20,000 cases, autosave and typing stalls.

Start-up is timed on the real `python -m sendadvisor --data FILE` in a fresh process (offscreen Qt),
against a bare PySide6 `QMainWindow` shown in the same environment (the floor). The app prints
`unlocked`, `painted` and `list` as they happen when SENDADVISOR_STARTUP_PROBE=1; this script
times when each line arrives. Autosave and typing are measured in-process on a real case file.
Run: `.venv/bin/python bench/bench_app.py [--cases N]`. Figures are medians and spreads (p75 - p25)
in milliseconds; budgets from issue 5: first window within 1.5x the bare window, the case list
usable within 1 s of unlocking, no UI freeze over 100 ms while typing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from common import summary  # noqa: E402

PASSPHRASE = "benchmark passphrase"
TODAY = date(2026, 11, 28)

BARE_WINDOW = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(800, 600)
class Probe(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, lambda: (print("painted", flush=True), app.quit()))
        return False
probe = Probe()
window.installEventFilter(probe)
window.show()
app.exec()
"""


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "QT_QPA_PLATFORM": "offscreen",
            "SENDADVISOR_STARTUP_PROBE": "1",
            "SENDADVISOR_HOME": str(home),
            "PYTHONPATH": str(ROOT),
        }
    )
    env.pop("SENDADVISOR_PASSPHRASE", None)
    env.update(extra)
    return env


def _timed_lines(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run a process; {line: milliseconds after start when it was printed} (plus 'exit')."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT
    )
    seen: dict[str, float] = {}
    assert process.stdout is not None
    for line in process.stdout:
        word, _, value = line.strip().partition(" ")
        seen[word] = (time.perf_counter() - started) * 1000
        if value:
            seen[word + "_value"] = float(value)
    process.wait(timeout=120)
    seen["exit"] = (time.perf_counter() - started) * 1000
    if process.returncode != 0:
        raise RuntimeError(f"{command} exited with {process.returncode}")
    return seen


def _row(
    name: str, times: list[float], floor: float | None, budget: float | None, **extra: Any
) -> dict[str, Any]:
    median, spread = summary(times)
    return {
        "name": name,
        "median_ms": round(median, 1),
        "spread_ms": round(spread, 1),
        "floor_ms": None if floor is None else round(floor, 1),
        "budget_ms": budget,
        "worst_ms": round(max(times), 1),
        **extra,
    }


def _case_file(folder: Path, cases: int) -> Path:
    """A case file of `cases` synthetic families (and five notes each), built as bench_storage does."""
    from bench_storage import PASSPHRASE as STORAGE_PASSPHRASE
    from bench_storage import _build

    assert STORAGE_PASSPHRASE == PASSPHRASE
    encrypted, _plain = _build(folder, cases, cases * 5)
    return encrypted


def _startup(runs: int, cases: int, folder: Path, big: Path) -> list[dict[str, Any]]:
    python = sys.executable
    home = folder / "home"
    bare = [_timed_lines([python, "-c", BARE_WINDOW], _env(home))["painted"] for _ in range(runs)]
    floor = statistics.median(bare)

    # First start on a new machine: no case file yet, so the first window is the create dialog.
    first = [
        _timed_lines(
            [python, "-m", "sendadvisor", "--data", str(folder / f"none-{i}.sendadvisor")],
            _env(home),
        )["painted"]
        for i in range(runs)
    ]
    unlock_dialog = [
        _timed_lines([python, "-m", "sendadvisor", "--data", str(big)], _env(home))["painted"]
        for _ in range(runs)
    ]
    listed, memory = [], []
    for _ in range(runs):
        seen = _timed_lines(
            [python, "-m", "sendadvisor", "--data", str(big)],
            _env(home, SENDADVISOR_PASSPHRASE=PASSPHRASE),
        )
        listed.append(seen["list"] - seen["unlocked"])
        memory.append(seen["maxrss_kb_value"] / 1024)
    return [
        _row("bare PySide6 QMainWindow: first paint (floor)", bare, None, None),
        _row("app: first window painted (new case file)", first, floor, round(1.5 * floor, 1)),
        _row(
            f"app: unlock window painted ({cases:,} cases)",
            unlock_dialog,
            floor,
            round(1.5 * floor, 1),
        ),
        _row(f"app: unlocked -> case list of {cases:,} painted", listed, None, 1000.0),
        {
            "name": f"app: peak memory with {cases:,} cases",
            "median_ms": round(statistics.median(memory), 1),
            "spread_ms": round(summary(memory)[1], 1),
            "floor_ms": None,
            "budget_ms": None,
            "unit": "MB",
        },
    ]


def _typing(keys: int, folder: Path, big: Path, cases: int) -> list[dict[str, Any]]:
    """Type into the wizard and the search box on real case files: UI-thread time per key and per search."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from sendadvisor.settings import Settings
    from sendadvisor.storage import CaseFile
    from sendadvisor.ui import theme
    from sendadvisor.ui.main_window import MainWindow
    from sendadvisor.ui.session import Session

    app = QApplication.instance() or QApplication([])
    theme.apply(app)
    path = folder / "typing.sendadvisor"
    case_file = CaseFile.open(path, PASSPHRASE, create=True)
    window = MainWindow(
        Session(path, case_file), Settings(idle_lock_minutes=0), None, lambda: TODAY
    )
    window.show()
    wizard = window.new_case()
    app.processEvents()
    name = wizard.field("family.child_name")
    name.setFocus()
    per_key = []
    text = "Amelia-Rose Fitzgerald-Smythe and family "
    for index in range(keys):
        started = time.perf_counter()
        QTest.keyClick(name, text[index % len(text)])  # delivers the key and runs every handler
        app.processEvents()
        per_key.append((time.perf_counter() - started) * 1000)
    # Change a field, then wait until the background writer has that answer on disk.
    to_disk = []
    for index in range(30):
        started = time.perf_counter()
        QTest.keyClick(name, Qt.Key.Key_Backspace if index % 2 else Qt.Key.Key_A)
        case_file.flush()
        to_disk.append((time.perf_counter() - started) * 1000)
    wizard.done(0)
    window.session.close()
    window.close()

    # Search as you type on the big file. The query runs on a worker thread; what matters is how
    # long the UI thread is ever blocked, measured as the longest gap between ticks of a 2 ms timer.
    from PySide6.QtCore import QElapsedTimer, QTimer

    big_file = CaseFile.open(big, PASSPHRASE)
    window = MainWindow(Session(big, big_file), Settings(idle_lock_minutes=0), None, lambda: TODAY)
    window.show()
    window.refresh_list()
    while window.list_loader.busy:
        app.processEvents()
    clock = QElapsedTimer()
    clock.start()
    ticks: list[int] = []
    heartbeat = QTimer()
    heartbeat.setInterval(2)
    heartbeat.timeout.connect(lambda: ticks.append(clock.elapsed()))
    heartbeat.start()
    per_search: list[float] = []
    for word in (
        "khan",
        "sam smi",
        "priya pat",
        "tribunal",
        "oak",
        "ruby",
        "physiotherapy",
        "zara",
        "ma",
        "a",
    ):
        window.list_page.search.clear()
        for letter in word:
            QTest.keyClick(window.list_page.search, letter)
            QTest.qWait(60)  # a quick typist: about 16 keys a second
        started = time.perf_counter()
        while window.list_page.search_timer.isActive() or window.list_loader.busy:
            app.processEvents()
        per_search.append((time.perf_counter() - started) * 1000)
    heartbeat.stop()
    gaps = [later - earlier for earlier, later in zip(ticks, ticks[1:], strict=False)]
    window.session.close()
    window.close()
    return [
        _row(
            f"search as you type, {cases:,} cases: longest UI-thread stall",
            [float(max(gaps))],
            2.0,
            100.0,
            note=f"gaps between 2 ms heartbeats while typing 10 searches; median gap {statistics.median(gaps)} ms",
        ),
        _row(
            f"search, {cases:,} cases: last key -> results shown (150 ms pause included)",
            per_search,
            None,
            None,
        ),
        _row(
            "typing: UI-thread time per key press (wizard + autosave)",
            per_key,
            None,
            100.0,
            note=f"longest of {keys} key presses: {max(per_key):.1f} ms (budget: no freeze over 100 ms)",
        ),
        _row("autosave: field change -> answer on disk", to_disk, None, None),
    ]


def figures(cases: int | None = None) -> list[dict[str, Any]]:
    quick = bool(os.environ.get("SENDADVISOR_BENCH_QUICK"))
    cases = cases or (500 if quick else 20_000)
    runs = 2 if quick else 5
    with tempfile.TemporaryDirectory(prefix="sendadvisor-bench-app-") as tmp:
        folder = Path(tmp)
        big = _case_file(folder, cases)
        return _startup(runs, cases, folder, big) + _typing(
            60 if quick else 400, folder, big, cases
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=None)
    args = parser.parse_args()
    for row in figures(args.cases):
        unit = row.get("unit", "ms")
        print(
            f"{row['name']}: median {row['median_ms']} {unit}, spread {row['spread_ms']}, "
            f"floor {row['floor_ms']}, budget {row['budget_ms']}"
            + (f"  ({row['note']})" if row.get("note") else "")
        )


if __name__ == "__main__":
    main()
