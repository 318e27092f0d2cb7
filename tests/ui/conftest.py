"""UI tests run without a display: Qt's offscreen platform must be chosen before Qt is imported."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from tests.ui.support import PASSPHRASE, TODAY  # noqa: E402


@pytest.fixture(scope="session")
def themed_app(qapp):
    """The QApplication with the bundled font, en_GB locale and style, as the real app has."""
    from sendadvisor.ui import theme

    theme.apply(qapp)
    return qapp


@pytest.fixture
def case_path(tmp_path: Path) -> Path:
    return tmp_path / "cases.sendadvisor"


@pytest.fixture
def case_file(case_path: Path):
    """A real, encrypted case file in a temporary folder."""
    from sendadvisor.storage import CaseFile

    opened = CaseFile.open(case_path, PASSPHRASE, create=True, user="Jo Adviser")
    yield opened
    try:
        opened.close()
    except Exception:  # already closed by a lock in the test
        pass


@pytest.fixture
def window(qtbot, themed_app, case_path: Path, case_file, tmp_path: Path):
    """The main window on a fresh case file, with a fixed 'today'."""
    from sendadvisor.settings import Settings
    from sendadvisor.ui.main_window import MainWindow
    from sendadvisor.ui.session import Session

    session = Session(case_path, case_file, user="Jo Adviser")
    settings = Settings(
        adviser_name="Jo Adviser",
        service_name="Dorset SENDIASS",
        council="dorset",
        idle_lock_minutes=0,
    )
    main = MainWindow(session, settings, tmp_path / "settings.json", lambda: TODAY)
    qtbot.addWidget(main)
    main.show()
    with qtbot.waitSignal(main.list_page.rows_shown):
        main.refresh_list()  # the query runs on a worker thread
    yield main
    if main.wizard is not None:
        main.wizard.done(0)
