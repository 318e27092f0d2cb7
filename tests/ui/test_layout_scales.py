"""Issue 12.11 at 150% on a 1366x768 screen and 200% on 1920x1080: every main screen fits the
screen and no label or button is narrower than its text.

Qt's scale factor is fixed for the life of a process, so each scale runs the screenshot script
(docs/screenshots/make_screenshots.py) in a process of its own, saving its pictures in a
temporary folder; the script exits 1 and names the widget when something is cut or too large.
(100% is checked in-process by test_issue12_rest.py.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

SCRIPT = Path(__file__).parents[2] / "docs" / "screenshots" / "make_screenshots.py"


@pytest.mark.parametrize("scale", ["150", "200"])
def test_every_main_screen_fits_and_nothing_is_cut_at(scale: str, tmp_path: Path) -> None:
    env = dict(os.environ, SENDADVISOR_SCREENSHOTS=str(tmp_path))
    done = subprocess.run(
        [sys.executable, str(SCRIPT), scale],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    assert "0 problem(s)" in done.stdout
    shots = {p.name for p in tmp_path.glob("*.png")}
    for screen in ("unlock", "case-list", "wizard-concern", "wizard-check", "results", "letter"):
        assert f"{screen}-{scale}.png" in shots, sorted(shots)
