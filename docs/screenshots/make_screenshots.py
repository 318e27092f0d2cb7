"""Screenshots of every main screen at 100% and 150% on a 1366x768 screen and 200% on 1920x1080.

Run: `.venv/bin/python docs/screenshots/make_screenshots.py` (no display needed). Each scale runs in
its own process on Qt's offscreen platform with a virtual screen of the laptop's size (the
platform's `configfile=` option: `size=` is not one it reads) and `QT_SCALE_FACTOR`, so the app
sees the same logical screen a real laptop at that scaling gives it. Saves
`docs/screenshots/<screen>-<scale>.png` (or into $SENDADVISOR_SCREENSHOTS, as the layout test
does) and prints, for each window, its size against the screen and
any label or button narrower than its text; exits 1 when a window is larger than the screen.
Each shot is drawn on a canvas the size of the screen, so a window that does not fit shows cut off.

`make_screenshots.py --guide` (also run at the end of a full run into this folder) copies a few of
the 100% pictures into `resources/help/images/` for the user guide: cut to the window (without
the screen around it) and scaled to fit the help window. The guide names each with its alt text.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SCALES = (("100", 1.0, 1366, 768), ("150", 1.5, 1366, 768), ("200", 2.0, 1920, 1080))
OUT = Path(os.environ.get("SENDADVISOR_SCREENSHOTS") or HERE)
TODAY = date(2026, 11, 28)
PASSPHRASE = "screenshots passphrase 42"
CASES = (  # scenario files (tests/scenarios) loaded into the case list, with a family each
    ("worked/ex01.json", "Zoë O'Connor", "Siobhán O'Connor"),
    ("corrections/cert_awaited_after_two_months.json", "Kofi Mensah", "Ama Mensah"),
    ("corrections/council_limit_refusal_late.json", "Yusuf Haddad", "Leila Haddad"),
    ("corrections/dr_provision_not_delivered.json", "Sam Smith", "Alex Smith"),
)


def main(only: list[str]) -> int:
    """Each scale (or only those named, e.g. `150 200`) in its own process; 1 if any had a problem."""
    failed = False
    for name, factor, width, height in SCALES:
        if only and name not in only:
            continue
        with tempfile.TemporaryDirectory() as scratch:
            config = Path(scratch) / "screen.json"
            screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height}
            config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
            env = dict(os.environ)
            env.update(
                QT_QPA_PLATFORM=f"offscreen:configfile={config}",
                QT_SCALE_FACTOR=str(factor),
                HOME=scratch,
                XDG_CONFIG_HOME=scratch,
                XDG_DATA_HOME=scratch,
            )
            done = subprocess.run(
                [sys.executable, __file__, "--one", name, scratch], env=env, cwd=ROOT
            )
            failed |= done.returncode != 0
    if not only and OUT == HERE and not failed:
        guide_images()
    return 1 if failed else 0


# --- the user guide's pictures --------------------------------------------------------------

GUIDE = ROOT / "resources" / "help" / "images"
# The 100% pictures the guide shows, one for each step of a visit.
GUIDE_SHOTS = (
    "unlock-new",
    "case-list",
    "wizard-family",
    "wizard-check",
    "results",
    "letter",
    "case-view-notes",
)
GUIDE_WIDTH = 520  # pixels: as wide as the help window's text at its usual size


def guide_images() -> None:
    """The guide's copies of the 100% pictures: the window alone, scaled to `GUIDE_WIDTH`."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage

    GUIDE.mkdir(parents=True, exist_ok=True)
    screen = QColor("#3c3c3c").rgb()  # the canvas colour `one_scale` fills the screen with
    for name in GUIDE_SHOTS:
        image = QImage(str(OUT / f"{name}-100.png"))
        if image.isNull():
            raise SystemExit(f"{name}-100.png is missing: run make_screenshots.py 100 first")
        window = image.copy(_window_box(image, screen))
        width = min(GUIDE_WIDTH, window.width())
        small = window.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        small.save(str(GUIDE / f"{name}.png"), "PNG")
        print(f"resources/help/images/{name}.png {small.width()}x{small.height()}")


def _window_box(image, screen: int):  # noqa: ANN202 (a QRect; Qt is imported only when run)
    """The rectangle of `image` the windows cover: everything not the screen's own colour."""
    from PySide6.QtCore import QRect

    def shown(x: int, y: int) -> bool:
        return image.pixel(x, y) != screen

    step = 4  # a coarse look first, then each edge exactly along the middle of the box
    found = [
        (x, y)
        for y in range(0, image.height(), step)
        for x in range(0, image.width(), step)
        if shown(x, y)
    ]
    xs, ys = [x for x, _ in found], [y for _, y in found]
    middle_x, middle_y = (min(xs) + max(xs)) // 2, (min(ys) + max(ys)) // 2
    row = [x for x in range(image.width()) if shown(x, middle_y)]
    column = [y for y in range(image.height()) if shown(middle_x, y)]
    return QRect(row[0], column[0], row[-1] - row[0] + 1, column[-1] - column[0] + 1)


# --- one scale, in its own process ----------------------------------------------------------


def _scenario(relative: str) -> dict:
    path = ROOT / "tests" / "scenarios" / relative
    if not path.exists():  # scenario files are renamed now and then: take any worked example
        path = sorted((ROOT / "tests" / "scenarios" / "worked").glob("*.json"))[0]
    return json.loads(path.read_text())["circumstances"]


def one_scale(scale: str, scratch: str) -> int:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPixmap
    from PySide6.QtWidgets import QApplication, QLabel, QWidget

    from sendadvisor import rules
    from sendadvisor.settings import Settings
    from sendadvisor.storage import CaseFile
    from sendadvisor.ui import theme
    from sendadvisor.ui.main_window import MainWindow
    from sendadvisor.ui.session import Session
    from sendadvisor.ui.unlock_dialog import UnlockDialog

    app = QApplication(["sendadvisor"])
    theme.apply(app)
    screen = QGuiApplication.primaryScreen().availableGeometry()
    print(f"--- {scale}%: screen {screen.width()}x{screen.height()} logical pixels")
    problems: list[str] = []

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def shot(name: str, *windows: QWidget) -> None:
        """The windows as they would sit on the screen (dialogs centred on their parent)."""
        settle()
        canvas = QPixmap(screen.size() * app.devicePixelRatio())
        canvas.setDevicePixelRatio(app.devicePixelRatio())
        canvas.fill(QColor("#3c3c3c"))
        painter = QPainter(canvas)
        for window in windows:
            frame = window.frameGeometry()
            if frame.width() > screen.width() or frame.height() > screen.height():
                problems.append(
                    f"{name}: {window.objectName()} is {frame.width()}x{frame.height()}, "
                    f"larger than the screen"
                )
            painter.drawPixmap(window.pos(), window.grab())
        painter.end()
        canvas.save(str(OUT / f"{name}-{scale}.png"), "PNG")
        for window in windows:
            for clipped in narrower_than_text(window):
                problems.append(f"{name}: {clipped}")

    def narrower_than_text(root: QWidget) -> list[str]:
        from PySide6.QtWidgets import QAbstractButton

        found = []
        for widget in root.findChildren(QWidget):
            if not widget.isVisibleTo(root) or widget.width() <= 0:
                continue
            if isinstance(widget, QLabel) and not widget.wordWrap() and widget.text():
                if widget.textFormat() == Qt.TextFormat.RichText or "<" in widget.text():
                    continue
                if widget.width() < widget.minimumSizeHint().width():
                    found.append(f"label {widget.text()[:40]!r} cut ({widget.width()}px)")
            elif isinstance(widget, QAbstractButton) and widget.text():
                if widget.width() < widget.minimumSizeHint().width():
                    found.append(f"button {widget.text()!r} cut ({widget.width()}px)")
        return found

    def centre_on(child: QWidget, parent: QWidget) -> None:
        at = parent.frameGeometry().center() - child.rect().center()
        child.move(QPoint(max(at.x(), 0), max(at.y(), 0)))

    # The unlock dialog: a new case file (the longer form) and an existing one after a wrong try.
    new_file = Path(scratch) / "new.sendadvisor"
    unlock = UnlockDialog(new_file)
    unlock.show()
    centre_on(unlock, unlock)
    unlock.move(
        (screen.width() - unlock.width()) // 2, max((screen.height() - unlock.height()) // 2, 0)
    )
    shot("unlock-new", unlock)
    unlock.close()

    path = Path(scratch) / "cases.sendadvisor"
    case_file = CaseFile.open(path, PASSPHRASE, create=True, user="Jo Adviser")
    ids = []
    for relative, child, parent in CASES:
        circumstances = _scenario(relative)
        family = circumstances.setdefault("family", {})
        family.update(child_name=child, parent_name=parent)
        flat = rules.flatten_deadlines(rules.assess(circumstances))
        ids.append(case_file.add_case(circumstances, flat))
    unlock = UnlockDialog(path, reason="The case file was locked after 10 minutes without use.")
    unlock.show()
    unlock.move(
        (screen.width() - unlock.width()) // 2, max((screen.height() - unlock.height()) // 2, 0)
    )
    shot("unlock", unlock)
    unlock.close()

    session = Session(path, case_file, user="Jo Adviser")
    settings = Settings(
        adviser_name="Jo Adviser",
        service_name="Dorset SENDIASS",
        council="dorset",
        idle_lock_minutes=0,
    )
    window = MainWindow(session, settings, Path(scratch) / "settings.json", lambda: TODAY)
    window.show()
    window.move(0, 0)
    window.activateWindow()
    window.refresh_list()
    for _ in range(200):  # the list loads on a worker thread
        app.processEvents()
        if window.list_page.model.rowCount() >= len(ids):
            break
        QThreadSleep(10)
    window.list_page.search.setFocus() if hasattr(window.list_page, "search") else None
    shot("case-list", window)

    wizard = window.new_case()
    centre_on(wizard, window)
    wizard.activateWindow()  # as the window manager would: the focus is drawn in the wizard
    answers = {
        "family.parent_name": "Siobhán O'Connor",
        "family.child_name": "Zoë O'Connor",
        "family.child_date_of_birth": "12/03/2018",
    }
    from tests.ui.support import fill_page, set_answer

    fill_page(wizard, answers)
    shot("wizard-family", window, wizard)
    wizard.next()
    set_answer(wizard, "ehc_plan", "final")
    shot("wizard-plan", window, wizard)
    wizard.next()
    set_answer(wizard, "concerns.0.kind", "plan_contents")
    set_answer(wizard, "concerns.0.letter_dated", "03/11/2026")
    set_answer(wizard, "concerns.0.sections.F", True)
    set_answer(wizard, "concerns.0.sections.I", True)
    section = wizard.findChild(QWidget, "concerns.0.sections.F")
    section.setFocus()
    wizard.currentPage().scroll_area.ensureWidgetVisible(section, 50, 150)
    shot("wizard-concern", window, wizard)
    wizard.next()
    if getattr(wizard.currentPage(), "page_name", "") == "timeline":
        shot("wizard-timeline", window, wizard)
        wizard.next()
    shot("wizard-check", window, wizard)
    wizard.done(0)
    settle()

    window.show_case(ids[0])
    window.activateWindow()
    window.case_view.results.setFocus()
    focusable = [
        w
        for w in window.case_view.results.findChildren(QLabel)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]
    if focusable:
        focusable[0].setFocus()
    shot("results", window)
    window.case_view.tabs.setCurrentIndex(1)
    shot("case-view-notes", window)
    window.case_view.tabs.setCurrentIndex(0)

    letter = window.open_letter()
    assert letter is not None
    centre_on(letter, window)
    letter.activateWindow()
    shot("letter", window, letter)
    letter.done(0)

    for problem in problems:
        print("  " + problem)
    print(f"  {len(problems)} problem(s)")
    case_file.close()
    return 1 if problems else 0


def QThreadSleep(ms: int) -> None:  # noqa: N802 (reads like the Qt call it stands for)
    from PySide6.QtCore import QThread

    QThread.msleep(ms)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        sys.exit(one_scale(sys.argv[2], sys.argv[3]))
    if sys.argv[1:] == ["--guide"]:
        sys.exit(guide_images())
    sys.exit(main(sys.argv[1:]))
