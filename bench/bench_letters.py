"""Benchmark the family letter: one letter in process (after import), and the whole
`sendadvisor letter` command, each beside a minimal one-paragraph ReportLab document as the floor."""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import command_times, figure, sendadvisor_command, timed  # noqa: E402

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
        return build_letter_content(
            circumstances,
            assessment,
            council=council,
            adviser_name="Jo Adviser",
            service_name="Dorset SENDIASS",
            issued_on=date(2026, 11, 27),
        )

    # Warm up once, as the app does on its first letter: fonts registered, wording read.
    render_letter(content())
    render_letter(content(), large_print=True)
    minimal()
    floor = timed(minimal, rounds)
    pages = f"{len(re.findall(rb'/Type /Page[^s]', render_letter(content())))}-page"
    return [
        figure("letter content only (pure Python, no ReportLab)", timed(content, rounds)),
        figure(
            f"letter, standard print, in process ({pages} realistic case)",
            timed(lambda: render_letter(content()), rounds),
            floor=floor,
            budget=100.0,
            note="floor: a one-paragraph ReportLab document; budget from issue 4",
        ),
        figure(
            "letter, large print, in process",
            timed(lambda: render_letter(content(), large_print=True), rounds),
            floor=floor,
            budget=100.0,
        ),
        *family_outputs(circumstances, assessment, council, floor, rounds),
    ]


def family_outputs(circumstances, assessment, council, floor, rounds: int) -> list[dict]:
    """Easy read, the calendar file and the Word copy (issue 13's budgets)."""
    from sendadvisor.letters import build_letter_content
    from sendadvisor.letters.content import build_calendar_entries, build_easy_read
    from sendadvisor.letters.docx import render_docx
    from sendadvisor.letters.easy_read import render_easy_read
    from sendadvisor.letters.ical import render_calendar

    people = {"adviser_name": "Jo Adviser", "service_name": "Dorset SENDIASS"}

    def easy() -> bytes:
        return render_easy_read(
            build_easy_read(
                circumstances, assessment, council=council, issued_on=date(2026, 11, 27), **people
            )
        )

    def ics() -> bytes:
        entries = build_calendar_entries(circumstances, assessment, council=council)
        return render_calendar(entries, issued_on=date(2026, 11, 27))

    def word() -> bytes:
        content = build_letter_content(
            circumstances, assessment, council=council, issued_on=date(2026, 11, 27), **people
        )
        return render_docx(content)

    for action in (easy, ics, word):
        action()  # warm up: imports, fonts, templates
    return [
        figure("easy read, in process", timed(easy, rounds), floor=floor, budget=150.0),
        figure("calendar file (.ics), in process", timed(ics, rounds), budget=10.0),
        figure("Word copy (.docx), in process", timed(word, rounds), budget=300.0),
    ]


def command(rounds: int = 10) -> dict:
    python = sys.executable
    argv = sendadvisor_command(ROOT)
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "SENDADVISOR_HOME": folder}
        out = str(Path(folder) / "letter.pdf")
        letter = argv + ["letter", str(CASE), "-o", out]
        floor_argv = [python, "-c", MINIMAL_DOCUMENT + "\nminimal()\n"]
        command_times(letter, 1, cwd=ROOT, env=env)  # warm the file cache and the rules cache
        command_times(floor_argv, 1, cwd=ROOT, env=env)
        floor = command_times(floor_argv, rounds, cwd=ROOT, env=env)
        samples = command_times(letter, rounds, cwd=ROOT, env=env)
    return figure(
        "sendadvisor letter CASE.json -o OUT.pdf (whole command)",
        samples,
        floor=floor,
        budget=1000.0,
        note="floor: python importing ReportLab and writing a one-paragraph document; "
        "budget: 1 s (our choice)",
    )


def figures() -> list[dict]:
    quick = bool(os.environ.get("SENDADVISOR_BENCH_QUICK"))
    return in_process(3 if quick else 20) + [command(2 if quick else 10)]


if __name__ == "__main__":
    for figure in figures():
        floor = f"{figure['floor_ms']:.1f}" if figure["floor_ms"] is not None else "-"
        budget = f"{figure['budget_ms']:.0f}" if figure["budget_ms"] is not None else "-"
        print(
            f"{figure['name']}: median {figure['median_ms']:.1f} ms (+/- {figure['spread_ms']:.1f}), "
            f"floor {floor} ms, budget {budget} ms"
        )
