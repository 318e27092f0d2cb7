"""Benchmark the family letter: one letter in process (after import), and the whole
`sendadvisor letter` command, each beside a minimal one-paragraph ReportLab document as the floor."""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CASE = ROOT / "tests" / "letters" / "cases" / "plan_contents.json"

# The floor: the least any ReportLab PDF costs, one short paragraph in a built-in font.
MINIMAL_DOCUMENT = """
import io
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate
def minimal():
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, invariant=1).build(
        [Paragraph("Your options and important dates.", getSampleStyleSheet()["Normal"])])
    return buffer.getvalue()
"""


def _summary(name: str, samples: list[float], floor: list[float] | None, budget: float | None,
             note: str = "") -> dict:
    median = statistics.median(samples)
    spread = (max(samples) - min(samples)) / 2 if len(samples) > 1 else 0.0
    floor_ms = statistics.median(floor) if floor else None
    return {"name": name, "median_ms": median, "spread_ms": spread, "floor_ms": floor_ms,
            "budget_ms": budget, "note": note}


def _time(function, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def in_process(rounds: int = 20) -> list[dict]:
    from sendadvisor.councils import load_council
    from sendadvisor.domain.circumstances import parse_circumstances
    from sendadvisor.letters import build_letter_content, render_letter
    from sendadvisor.rules import assess

    namespace: dict = {}
    exec(MINIMAL_DOCUMENT, namespace)  # noqa: S102 (our own constant)
    minimal = namespace["minimal"]
    circumstances = parse_circumstances(json.loads(CASE.read_text(encoding="utf-8")))
    assessment = assess(circumstances)
    council = load_council("dorset")

    def content():
        return build_letter_content(circumstances, assessment, council=council, adviser_name="Jo Adviser",
                                    service_name="Dorset SENDIASS", issued_on=date(2026, 11, 27))

    # Warm up once, as the app does on its first letter: fonts registered, wording read.
    render_letter(content())
    render_letter(content(), large_print=True)
    minimal()
    floor = _time(minimal, rounds)
    pages = f"{len(re.findall(rb'/Type /Page[^s]', render_letter(content())))}-page"
    return [
        _summary("letter content only (pure Python, no ReportLab)", _time(content, rounds), None, None),
        _summary(f"letter, standard print, in process ({pages} realistic case)",
                 _time(lambda: render_letter(content()), rounds), floor, 100.0,
                 "floor: a one-paragraph ReportLab document; budget from issue 4"),
        _summary("letter, large print, in process",
                 _time(lambda: render_letter(content(), large_print=True), rounds), floor, 100.0),
    ]


def _run(argv: list[str], rounds: int, env: dict) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=env)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def command(rounds: int = 10) -> dict:
    python = sys.executable
    script = shutil.which("sendadvisor", path=os.path.dirname(python)) or shutil.which("sendadvisor")
    argv = [script] if script else [python, "-m", "sendadvisor"]
    subprocess.run([python, "-m", "compileall", "-q", str(ROOT / "sendadvisor")], check=True,
                   stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "SENDADVISOR_HOME": folder}
        out = str(Path(folder) / "letter.pdf")
        letter = argv + ["letter", str(CASE), "-o", out]
        floor_argv = [python, "-c", MINIMAL_DOCUMENT + "\nminimal()\n"]
        _run(letter, 1, env)  # warm the file cache and the rules cache
        _run(floor_argv, 1, env)
        floor = _run(floor_argv, rounds, env)
        samples = _run(letter, rounds, env)
    return _summary("sendadvisor letter CASE.json -o OUT.pdf (whole command)", samples, floor, 1000.0,
                    "floor: python importing ReportLab and writing a one-paragraph document; "
                    "budget: 1 s (our choice)")


def figures() -> list[dict]:
    quick = bool(os.environ.get("SENDADVISOR_BENCH_QUICK"))
    return in_process(3 if quick else 20) + [command(2 if quick else 10)]


if __name__ == "__main__":
    for figure in figures():
        floor = f"{figure['floor_ms']:.1f}" if figure["floor_ms"] is not None else "-"
        budget = f"{figure['budget_ms']:.0f}" if figure["budget_ms"] is not None else "-"
        print(f"{figure['name']}: median {figure['median_ms']:.1f} ms (+/- {figure['spread_ms']:.1f}), "
              f"floor {floor} ms, budget {budget} ms")
