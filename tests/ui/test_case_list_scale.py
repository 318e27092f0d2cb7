"""Issue 12 (a): at 150% on a 1366x768 laptop the case list needs no sideways scrolling, however
long "Needs attention" says; a cut text ends in "…" and is whole in its tooltip and accessible text.

Qt's scale factor is fixed for the life of a process, so the window is made in a process of its
own (tests/ui/case_list_scale_child.py) on an offscreen screen of the laptop's size."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

ROOT = Path(__file__).parents[2]
CHILD = Path(__file__).with_name("case_list_scale_child.py")


def run_at(scale: str, scratch: Path) -> dict:
    screen = {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768}
    config = scratch / "screen.json"
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=f"offscreen:configfile={config}",
        QT_SCALE_FACTOR=scale,
        HOME=str(scratch),
        XDG_CONFIG_HOME=str(scratch),
        XDG_DATA_HOME=str(scratch),
        PYTHONPATH=str(ROOT),
    )
    done = subprocess.run(
        [sys.executable, str(CHILD), str(scratch)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("scale", ["1.5", "1"])
def test_case_list_needs_no_sideways_scrolling_with_long_attention_texts(
    scale: str, tmp_path: Path
) -> None:
    shown = run_at(scale, tmp_path)
    if scale == "1.5":
        assert shown["screen"] == [911, 512], "the laptop's logical screen at 150%"
    assert shown["window"][0] <= shown["screen"][0]
    assert shown["scroll_max"] == 0, f"sideways scrolling needed: columns {shown['columns']}"
    assert not shown["scroll_visible"]
    assert sum(shown["columns"]) <= shown["viewport"]
    assert 0 <= shown["attention_left"] < shown["attention_right"] < shown["viewport"]
    # "Needs attention" keeps the largest share of a narrow table.
    assert shown["columns"][3] == max(shown["columns"])
    longest = max(shown["texts"], key=len)
    assert len(longest) > 120, "the test needs attention texts too long for any column"
    # The whole text, never the cut one, is the tooltip and what a screen reader reads.
    assert shown["tooltips"] == shown["texts"]
    assert shown["accessible"] == shown["texts"]
    assert shown["texts"][0].startswith("Family date passed: ")
