"""The register in the app: Sync now on a worker thread, the quiet status, the conflicts dialog,
and nothing but a status line while the register cannot be reached."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow, QPushButton
from register_helpers import Register, add_case, edit, holdings, laptop, register_holdings

from sendadvisor.register import sync
from sendadvisor.ui.sync_status import SyncStatus

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def _window(qtbot, case_file) -> tuple[QMainWindow, SyncStatus]:  # noqa: ANN001
    window = QMainWindow()
    qtbot.addWidget(window)
    tools = window.menuBar().addMenu("&Tools")
    settings = tools.addAction("Settings")
    settings.setObjectName("settings")
    refreshed: list[bool] = []
    status = SyncStatus(window, lambda: case_file, lambda: refreshed.append(True))
    status.timer.stop()
    return window, status


def test_sync_now_runs_in_the_background_and_shows_conflicts_to_choose(
    qtbot, register: Register, tmp_path: Path
) -> None:
    a = laptop(tmp_path / "a.sendadvisor", "alice")
    b = laptop(tmp_path / "b.sendadvisor", "bob")
    try:
        case_id = add_case(a, "Sam Smith")
        sync.sync(a, register.dsn("alice"))
        window, status = _window(qtbot, b)
        assert status.action in window.menuBar().actions()[0].menu().actions()
        sync.remember_server(b, register.dsn("bob"))
        with qtbot.waitSignal(status.finished, timeout=20000):
            assert status.sync_now(asked=False)
            assert status.running  # the sync is on its worker thread; the window is free
        assert "synced" in status.label.text()
        assert set(holdings(b)) == {case_id}

        edit(a, case_id, lambda c: c["family"].update(school_name="Oak Academy"))
        edit(b, case_id, lambda c: c["family"].update(school_name="Elm School"))
        sync.sync(a, register.dsn("alice"))
        with qtbot.waitSignal(status.finished, timeout=20000):
            status.sync_now(asked=False)
        assert "1 to choose" in status.label.text()
        dialog = status.conflicts_dialog
        assert dialog is not None and dialog.isVisible()
        theirs = dialog.findChild(QPushButton, "conflict_0_theirs")
        assert theirs is not None and "Oak Academy" in theirs.text()
        with qtbot.waitSignal(status.finished, timeout=20000):
            theirs.click()  # settled: the app syncs again by itself
        assert not sync.conflicts(b)
        assert holdings(b) == register_holdings(register)
        assert holdings(b)[case_id]["circumstances"]["family"]["school_name"] == "Oak Academy"
    finally:
        a.close()
        b.close()


def test_an_unreachable_register_is_only_a_status_line(
    qtbot, register: Register, tmp_path: Path
) -> None:
    with laptop(tmp_path / "a.sendadvisor", "alice") as a:
        window, status = _window(qtbot, a)
        register.cluster.stop()
        try:
            with qtbot.waitSignal(status._done, timeout=20000):
                status.sync_now(asked=False, server=register.dsn("alice"))
            assert "offline" in status.label.text()
            assert "cannot be reached" in status.label.toolTip()
            add_case(a, "Jo Brown")  # the case file works as ever
        finally:
            register.cluster.start()
        with qtbot.waitSignal(status.finished, timeout=20000):
            status.sync_now(asked=False, server=register.dsn("alice"))
        assert len(register.rows("case")) == 1


def test_old_conflicts_wait_in_the_status_and_the_menu_not_in_a_dialog_every_five_minutes(
    qtbot, register: Register, tmp_path: Path
) -> None:
    a = laptop(tmp_path / "a.sendadvisor", "alice")
    b = laptop(tmp_path / "b.sendadvisor", "bob")
    try:
        case_id = add_case(a, "Sam Smith")
        sync.sync(a, register.dsn("alice"))
        sync.sync(b, register.dsn("bob"))
        edit(a, case_id, lambda c: c["family"].update(school_name="Oak Academy"))
        edit(b, case_id, lambda c: c["family"].update(school_name="Elm School"))
        sync.sync(a, register.dsn("alice"))
        assert sync.sync(b, register.dsn("bob")).conflicts  # found before the app started
        window, status = _window(qtbot, b)
        sync.remember_server(b, register.dsn("bob"))
        with qtbot.waitSignal(status.finished, timeout=20000):
            status.sync_now(asked=False)  # the automatic sync: nothing new to choose
        assert status.conflicts_dialog is None
        assert "1 to choose" in status.label.text() and "<a " in status.label.text()
        action = status.conflicts_action
        assert action.isEnabled() and action.text()
        assert action in window.menuBar().actions()[0].menu().actions()
        action.trigger()  # from the Tools menu (or the label's link)
        dialog = status.conflicts_dialog
        assert dialog is not None and dialog.isVisible()
        dialog.close()
        status.conflicts_dialog = None
        with qtbot.waitSignal(status.finished, timeout=20000):
            status.sync_now(asked=True)  # Sync now: the adviser asked, so the dialog opens
        assert status.conflicts_dialog is not None and status.conflicts_dialog.isVisible()
    finally:
        a.close()
        b.close()


def test_the_dialog_says_when_a_conflict_can_no_longer_be_settled_that_way(
    qtbot, register: Register, tmp_path: Path
) -> None:
    from sendadvisor.ui.sync_conflicts import ConflictsDialog

    a = laptop(tmp_path / "a.sendadvisor", "alice")
    b = laptop(tmp_path / "b.sendadvisor", "bob")
    try:
        case_id = add_case(a, "Sam Smith")
        sync.sync(a, register.dsn("alice"))
        sync.sync(b, register.dsn("bob"))
        edit(a, case_id, lambda c: c["concerns"][0].update(sent_on="2026-11-03"))
        edit(b, case_id, lambda c: c["concerns"][0].update(sent_on="2026-11-04"))
        sync.sync(a, register.dsn("alice"))
        waiting = sync.sync(b, register.dsn("bob")).conflicts
        edit(b, case_id, lambda c: c.update(concerns=[]))
        dialog = ConflictsDialog(waiting, lambda: b)
        qtbot.addWidget(dialog)
        dialog.findChild(QPushButton, "conflict_0_theirs").click()
        assert "changed here since" in dialog.problem.text()
        assert sync.conflicts(b)  # still waiting; nothing was lost
    finally:
        a.close()
        b.close()
