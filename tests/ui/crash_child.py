"""Run by test_draft_survives_a_killed_process: fill half a wizard in the real app, then wait to be killed."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtWidgets import QApplication  # noqa: E402

from sendadvisor.settings import Settings  # noqa: E402
from sendadvisor.ui import theme  # noqa: E402
from sendadvisor.ui.main_window import MainWindow  # noqa: E402
from sendadvisor.ui.session import Session, open_case_file  # noqa: E402
from tests.ui.support import walk  # noqa: E402


def main(path: str, passphrase: str) -> None:
    app = QApplication([])
    theme.apply(app)
    case_file = open_case_file(Path(path), passphrase, create=True)
    window = MainWindow(
        Session(Path(path), case_file),
        Settings(idle_lock_minutes=0),
        None,
        lambda: date(2026, 11, 28),
    )
    window.show()
    wizard = window.new_case()
    walk(
        wizard,
        {
            "family.child_name": "Noor Ahmed",
            "ehc_plan": "being_assessed",
            "concerns.0.kind": "refuse_assessment",
            "concerns.0.sent_on": "10/11/2026",
        },
        stop_at="concern:0",
    )
    # Typing goes through autosave only; wait until the background writer has it on disk.
    case_file.flush()
    print("filled", wizard.draft_key, flush=True)
    app.exec()  # keep running, as the adviser's app would, until killed


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
