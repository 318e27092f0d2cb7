"""The user guide's pictures: each one the guide names exists with alt text, ships in the
resources (so the wheel and the standalone bundle carry it), and loads in the help window."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sendadvisor.resources import resource_path

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

HELP = resource_path("help")
PICTURE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")


def named_in_the_guide() -> list[tuple[str, str]]:
    """(alt text, file name) of each picture in guide.md, in order."""
    return PICTURE.findall((HELP / "guide.md").read_text(encoding="utf-8"))


def test_every_picture_the_guide_names_exists_and_says_what_it_shows() -> None:
    pictures = named_in_the_guide()
    assert len(pictures) >= 5
    for alt, name in pictures:
        assert len(alt.split()) >= 5, f"{name}: alt text says what the picture shows"
        assert not Path(name).is_absolute() and ".." not in Path(name).parts, name
        assert (HELP / name).is_file(), f"{name} is named in guide.md but missing"
    shipped = {path.relative_to(HELP).as_posix() for path in (HELP / "images").iterdir()}
    assert shipped == {name for _, name in pictures}, "every picture shipped is shown"


def test_the_help_window_shows_every_picture_whole_and_within_its_width(qtbot) -> None:
    from sendadvisor.ui.help_window import HelpWindow

    window = HelpWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.pictures() == [name for _, name in named_in_the_guide()]
    for name in window.pictures():
        picture = window.picture(name)
        assert picture is not None, f"{name}: a broken picture in the help window"
        assert picture.width() > 100 and picture.height() > 100, name
    browser = window.browser
    qtbot.waitUntil(lambda: browser.horizontalScrollBar().maximum() == 0)
    # Narrower than the pictures: they shrink with the window; nothing scrolls sideways.
    window.resize(window.width() * 2 // 3, window.height())
    qtbot.waitUntil(lambda: browser.horizontalScrollBar().maximum() == 0)
