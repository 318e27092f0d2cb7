"""Run by test_case_list_fits_at_150: the real main window on a laptop-sized screen at the scale
Qt was started with, its case list holding long "Needs attention" texts. Prints one line of JSON
about the table; saves a picture of the window when given a path."""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from sendadvisor.settings import Settings
from sendadvisor.storage import CaseFile
from sendadvisor.storage.records import CaseRow
from sendadvisor.ui import theme
from sendadvisor.ui.main_window import MainWindow
from sendadvisor.ui.session import Session

TODAY = date(2026, 11, 28)


def rows() -> list[CaseRow]:
    """Cases whose "Needs attention" says a lot: passed, awaited, overdue and undated."""

    def row(number: int, name: str, **facts) -> CaseRow:
        base = dict(
            id=f"CASE{number:04d}",
            child_name=name,
            school="St Mary's Church of England Voluntary Aided Primary School",
            latest_concern="plan_contents",
            next_deadline_id=None,
            next_deadline_on=None,
            overdue_council=0,
            closed_on=None,
            updated_at="2026-11-27T10:00:00",
            family_dates=1,
        )
        return CaseRow(**{**base, **facts})

    late = ("council_final_plan", "annual_review_decision", "council_assessment_decision")
    return [
        row(
            1,
            "Alexandra Smith-Jones",
            family_passed=("tribunal_appeal", "mediation_adviser_contact"),
            council_overdue=late,
            overdue_council=3,
        ),
        row(
            2,
            "Kofi Mensah",
            next_family_id="mediation_certificate_due",
            next_family_on=date(2026, 12, 1),
            next_family_status="awaiting_certificate",
            council_overdue=late[:2],
            overdue_council=2,
        ),
        row(
            3,
            "Zoë O'Connor",
            next_family_id="tribunal_appeal",
            next_family_on=date(2026, 12, 4),
            council_overdue=late[:1],
            overdue_council=1,
        ),
        row(4, "Yusuf Haddad", family_dates=0),
    ]


def main(picture: str | None, scratch: str) -> None:
    app = QApplication(["sendadvisor"])
    theme.apply(app)
    screen = QGuiApplication.primaryScreen().availableGeometry()
    path = Path(scratch) / "cases.sendadvisor"
    case_file = CaseFile.open(path, "scale test passphrase 42", create=True, user="Jo Adviser")
    settings = Settings(adviser_name="Jo Adviser", council="dorset", idle_lock_minutes=0)
    window = MainWindow(Session(path, case_file), settings, None, lambda: TODAY)
    window.show()
    window.move(0, 0)
    page = window.list_page
    shown = []
    page.rows_shown.connect(lambda: shown.append(True))
    window.refresh_list()  # the (empty) file's rows arrive from a worker thread
    for _index in range(300):
        app.processEvents()
        if shown:
            break
        time.sleep(0.01)
    assert shown, "the case list never arrived"
    page.set_rows(rows(), TODAY, searching=False)
    for _index in range(5):
        app.processEvents()
    table = page.table
    model = table.model()
    attention = [model.index(r, 3) for r in range(model.rowCount())]
    rect = table.visualRect(attention[0])
    report = {
        "screen": [screen.width(), screen.height()],
        "window": [window.frameGeometry().width(), window.frameGeometry().height()],
        "viewport": table.viewport().width(),
        "columns": [table.columnWidth(c) for c in range(model.columnCount())],
        "scroll_max": table.horizontalScrollBar().maximum(),
        "scroll_visible": table.horizontalScrollBar().isVisible(),
        "attention_left": rect.left(),
        "attention_right": rect.right(),
        "texts": [model.data(i) for i in attention],
        "tooltips": [model.data(i, Qt.ItemDataRole.ToolTipRole) for i in attention],
        "accessible": [model.data(i, Qt.ItemDataRole.AccessibleTextRole) for i in attention],
    }
    if picture:
        window.grab().save(picture, "PNG")
    print(json.dumps(report))
    window.close()
    case_file.close()


if __name__ == "__main__":
    main(sys.argv[2] if len(sys.argv) > 2 else None, sys.argv[1])
