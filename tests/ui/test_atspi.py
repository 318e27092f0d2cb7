"""Issue 12 (14): the app read through AT-SPI, as Orca reads it (not Qt's own QAccessible API),
with real key presses (synthesised through AT-SPI, XTest underneath).

One start of the app (`atspi_session.py`) serves every test here: the first wizard page's
inputs have a role and a name; an impossible date and a missing choice reach the focused field's
description; Tab on each wizard page goes round the stops in the order they sit on the page and
the wizard says which step it is on; every route, reason, source, date, status and next step of
a known scenario is exposed as text after Finish and in the saved case. The expected words come
from the core (`rules.assess`, `presentation`), not from the screen.

Needs Debian's xvfb, at-spi2-core, dbus-daemon and gir1.2-atspi-2.0 (with python3-gi) for the
system python, and the xcb libraries Qt's xcb platform loads (.ci/run installs them). Qt's AT-SPI
bridge only runs on a real platform (offscreen has none), hence Xvfb."""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.support import TODAY

pytestmark = pytest.mark.gui

SESSION = Path(__file__).with_name("atspi_session.py")
SCENARIO = Path(__file__).resolve().parents[2] / "examples" / "plan-contents.json"
BAD_DATE = "31/02/2026"
INPUTS = {"text", "combo box", "check box", "push button", "spin button", "radio button"}


def _missing() -> str:
    for tool, package in (("Xvfb", "xvfb"), ("dbus-run-session", "dbus-daemon")):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (Debian: {package})"
    for path, package in (
        ("/usr/libexec/at-spi-bus-launcher", "at-spi2-core"),
        ("/usr/bin/python3", "python3"),
    ):
        if not Path(path).exists():
            return f"{path} is not installed (Debian: {package})"
    probe = subprocess.run(
        [
            "/usr/bin/python3",
            "-c",
            "import gi; gi.require_version('Atspi', '2.0'); from gi.repository import Atspi",
        ],
        capture_output=True,
    )
    if probe.returncode != 0:
        return "the system python cannot import Atspi (Debian: python3-gi, gir1.2-atspi-2.0)"
    return ""


@functools.cache
def _why_not() -> str:
    return _missing() if sys.platform.startswith("linux") else "not Linux"


@pytest.fixture(scope="module")
def session() -> dict:
    """The session's output: the first page's nodes, and the checks by kind."""
    reason = _why_not()
    if reason:
        pytest.skip(f"AT-SPI cannot start here: {reason}")
    done = subprocess.run(
        ["dbus-run-session", "--", sys.executable, str(SESSION), str(SCENARIO), BAD_DATE],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found: dict = {"nodes": [], "error": [], "tabs": [], "texts": []}
    for line in done.stdout.splitlines():
        if line.startswith("["):
            found["nodes"].append(json.loads(line))
        elif line.startswith("{"):
            record = json.loads(line)
            found.setdefault(record["check"], []).append(record)
    return found


def test_every_input_on_the_first_wizard_page_has_a_role_and_a_name_through_atspi(
    session: dict,
) -> None:
    nodes = session["nodes"]
    assert nodes and nodes[0][0] == "dialog" and "step 1 of" in nodes[0][1], nodes[:3]
    inputs = [(role, name) for role, name, showing, _labels in nodes if showing and role in INPUTS]
    unnamed = [role for role, name in inputs if not name.strip()]
    assert not unnamed, f"inputs with no name through AT-SPI: {unnamed}"
    names = {name for role, name in inputs if role == "text"}
    assert {"Date of this advice", "Child or young person's name"} <= names, sorted(names)
    assert sum(role in ("text", "combo box") for role, _name in inputs) >= 6
    # A combo box's name is its current choice on Linux; Orca speaks its question from the label
    # that names it (QLabel.setBuddy), so every one showing must have that relation.
    combos = [
        (name, labels) for role, name, showing, labels in nodes if showing and role == "combo box"
    ]
    assert combos and all(labels and labels[0].strip() for _name, labels in combos), combos
    questions = {label.replace("&", "") for _name, labels in combos for label in labels}
    assert "Council" in questions or any("Council" in q for q in questions), sorted(questions)


def test_every_error_reaches_the_focused_fields_description(session: dict) -> None:
    """Typed, then Enter (Next): the field that has the focus afterwards says what is wrong."""
    from sendadvisor.wizard import flow

    errors = {record["what"]: record["node"] for record in session["error"]}
    date_field = errors["impossible date"]
    problem = flow.check_date_text(BAD_DATE, as_of=TODAY, past_only=True)
    assert problem, "the core must find the date impossible"
    assert date_field is not None and date_field["name"] == "Date of this advice", date_field
    assert date_field["description"].startswith("Problem:"), date_field
    assert problem in date_field["description"], (problem, date_field)
    kind = errors["no concern chosen"]
    assert kind is not None and kind["role"] == "combo box", kind
    assert kind["description"].startswith("Problem:"), kind
    assert "unhappy about" in kind["description"], kind


def _visual_order(stops: list[dict]) -> list[dict]:
    """Top to bottom, then left to right within a row (boxes that overlap by half their height
    are one row); the page before the wizard's own button row below it."""
    ordered: list[dict] = []
    for row_of_buttons in (False, True):
        group = sorted(
            (s for s in stops if s["buttons_row"] == row_of_buttons),
            key=lambda s: s["place"][1] + s["place"][3] / 2,
        )
        rows: list[list[dict]] = []
        for item in group:
            centre, height = item["place"][1] + item["place"][3] / 2, item["place"][3]
            if rows:
                last = rows[-1][-1]
                last_centre = last["place"][1] + last["place"][3] / 2
                if abs(centre - last_centre) < min(height, last["place"][3]) / 2:
                    rows[-1].append(item)
                    continue
            rows.append([item])
        for row in rows:
            ordered += sorted(row, key=lambda s: s["place"][0])
    return ordered


def _words(stop: dict) -> str:
    return f"{stop['role']}: {stop['name']}"


def test_tab_order_on_each_wizard_page_follows_the_page_and_the_wizard_says_the_step(
    session: dict,
) -> None:
    pages = session["tabs"]
    assert [p["page"] for p in pages] == ["family", "plan", "concern:0", "timeline", "check"]
    for number, page in enumerate(pages, start=1):
        where = page["page"]
        heard = page["dialog"]["name"] + " " + page["dialog"]["description"]
        assert f"step {number} of {len(pages)}" in heard, (where, heard)
        *stops, closing = page["tab"]
        # Tab went all the way round, back to where the page started.
        assert closing.get("back_to") and _words(closing["back_to"]) == _words(stops[0]), (
            where,
            closing,
        )
        silent = [s for s in stops if not s["name"].strip() or s["role"] == "scroll pane"]
        assert not silent, f"{where}: Tab stops a screen reader cannot name: {silent}"
        reached = {_words(s) for s in stops}
        skipped = [i for i in page["inputs"] if i not in reached]
        assert not skipped, f"{where}: inputs Tab never reaches: {skipped}"
        # The same round, started from the stop that comes first on the page.
        visual = [_words(s) for s in _visual_order(stops)]
        at = [_words(s) for s in stops].index(visual[0])
        tabbed = [_words(s) for s in stops[at:] + stops[:at]]
        assert tabbed == visual, f"{where}: Tab order\n{tabbed}\nbut on screen\n{visual}"
        # The page starts on its first question (never a hidden one), the check page on Finish.
        first = stops[0]
        if where == "check":
            assert first["name"] == "Finish", first
            # What the check page says is ready is said on arriving there, not only on screen.
            assert "Everything needed for Sam Smith is here" in heard, heard
        else:
            assert _words(first) == visual[0], (where, first, visual[0])


def _expected_results() -> tuple[list, list, list, list[str]]:
    """From the core: (route title, its words), (deadline title, its words), general words, and
    each date's "day: status" as the timeline picture says it."""
    from sendadvisor import presentation
    from sendadvisor.dates import format_long
    from sendadvisor.rules import assess
    from sendadvisor.wizard import flow

    circumstances = json.loads(SCENARIO.read_text())
    assessment = assess(circumstances)
    routes = []
    general = []
    for concern in assessment["concerns"]:
        general += [f"Take care: {caution}" for caution in concern.get("cautions", [])]
        for route in concern["routes"]:
            words = [route["reason"]] if route.get("reason") else []
            words += [s["label"] if isinstance(s, dict) else str(s) for s in route["sources"]]
            if route.get("needs_mediation_certificate"):
                words.append("A mediation certificate is needed before appealing.")
            routes.append((route.get("title") or route["id"], words))
    general += [flow.plain_field_names(w["text"]) for w in assessment.get("warnings", [])]
    deadlines, statuses = [], []
    # As the app shows a case: each date's status on the day it is looked at.
    for view in presentation.views({**assessment, "as_of": TODAY.isoformat()}):
        words = [format_long(view.due_on), view.time_left, view.who_words, *view.next_steps]
        if view.status != "upcoming":  # "in 37 days" says it is to come
            words.append(view.status_words)
        deadlines.append((view.title, words))
        day, said = flow.format_date_text(view.due_on), view.status_words
        statuses.append(f"{view.title}: {day}, {said[:1].lower()}{said[1:]}.")
    return routes, deadlines, general, statuses


def test_every_result_date_reason_and_source_is_exposed_as_text(session: dict) -> None:
    routes, deadlines, general, statuses = _expected_results()
    assert routes and deadlines
    assert any("certificate is needed" in w for _t, words in routes for w in words)
    long_date = re.compile(
        r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d+ \w+ \d{4}"
    )
    where = [record["where"] for record in session["texts"]]
    assert where == ["finish", "saved"], where
    for record in session["texts"]:
        said = [
            " ".join((n["name"], n["description"], n["text"])).replace("\n", " ")
            for n in record["nodes"]
        ]
        everything = " ".join(said)
        for title, words in routes:
            holders = [s for s in said if title in s]
            assert holders, f"{record['where']}: route {title!r} not exposed"
            # Its reason, sources and certificate warning are read with it, in one node.
            missing = [w for w in words if not any(w in s for s in holders)]
            assert not missing, f"{record['where']}: {title}: not exposed with it: {missing}"
        for title, words in deadlines:
            holders = [s for s in said if title in s and long_date.search(s)]
            assert holders, f"{record['where']}: the date for {title!r} not exposed"
            missing = [w for w in words if not any(w in s for s in holders)]
            assert not missing, f"{record['where']}: {title}: not exposed with it: {missing}"
        missing = [w for w in general if w not in everything]
        assert not missing, f"{record['where']}: not exposed: {missing}"
        # The timeline picture says each date and its status as the results word it (a day's
        # and a month's name keep their capitals: braille shows them).
        picture = next(n for n in record["nodes"] if n["name"] == "Timeline picture of the dates")
        for status in statuses:
            assert status in picture["description"], (status, picture["description"])
