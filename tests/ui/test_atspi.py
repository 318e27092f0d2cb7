"""Issue 12 (14): the first wizard page read through AT-SPI, as Orca reads it (not Qt's own
QAccessible API): every input has a role and a name.

Needs Debian's xvfb, at-spi2-core, dbus-daemon and gir1.2-atspi-2.0 (with python3-gi) for the
system python, and the xcb libraries Qt's xcb platform loads (.ci/run installs them). Qt's AT-SPI
bridge only runs on a real platform (offscreen has none), hence Xvfb."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

SESSION = Path(__file__).with_name("atspi_session.py")
INPUTS = {"text", "combo box", "check box", "push button", "spin button", "radio button"}


def _missing() -> str:
    for tool in ("Xvfb", "dbus-run-session"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (Debian: xvfb, dbus-daemon)"
    if not Path("/usr/libexec/at-spi-bus-launcher").exists():
        return "at-spi-bus-launcher is not installed (Debian: at-spi2-core)"
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


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or bool(_missing()),
    reason=f"AT-SPI cannot start here: {_missing() or 'not Linux'}",
)
def test_every_input_on_the_first_wizard_page_has_a_role_and_a_name_through_atspi() -> None:
    done = subprocess.run(
        ["dbus-run-session", "--", sys.executable, str(SESSION)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    nodes = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("[")]
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
