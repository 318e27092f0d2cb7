"""In the app: restore a backup from the damaged-file message, change the passphrase in settings,
and see a failed backup (findings 6, 7, 8)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from storage_helpers import PASSPHRASE, circumstances  # noqa: E402

from sendadvisor.storage import BackupFailed, CaseFile, WrongPassphrase  # noqa: E402
from sendadvisor.storage.backups import backups_dir, list_backups  # noqa: E402

pytestmark = pytest.mark.gui
TODAY = date(2026, 11, 28)
NEW = "a completely new passphrase here"


@pytest.fixture
def saved(case_path: Path) -> Path:
    with CaseFile.open(case_path, PASSPHRASE, create=True) as case_file:
        for name in ("Ann", "Bob"):
            case_file.add_case(circumstances(name), [])
    return case_path


def test_the_damaged_file_message_offers_a_backup_and_restores_it(qtbot, saved: Path) -> None:
    from sendadvisor.ui.unlock_dialog import UnlockDialog

    with open(saved, "r+b") as handle:
        handle.seek(4096 * 3 + 100)
        handle.write(b"\xff" * 8)
    dialog = UnlockDialog(saved)
    qtbot.addWidget(dialog)
    assert dialog.restore_button.isHidden()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.try_open()
    assert dialog.case_file is None and "damaged" in dialog.message.text()
    assert not dialog.restore_button.isHidden()
    dialog.restore_button.click()
    assert "kept as cases.sendadvisor.damaged-" in dialog.message.text()
    assert len(list(saved.parent.glob("cases.sendadvisor.damaged-*"))) == 1
    dialog.passphrase.setText(PASSPHRASE)
    dialog.try_open()
    assert dialog.case_file is not None
    with dialog.case_file as case_file:
        assert sorted(r.child_name for r in case_file.list_cases(today=TODAY)) == ["Ann", "Bob"]


def test_a_wrong_passphrase_offers_no_restore(qtbot, saved: Path) -> None:
    from sendadvisor.ui.unlock_dialog import UnlockDialog

    dialog = UnlockDialog(saved)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText("not the passphrase")
    dialog.try_open()
    assert dialog.restore_button.isHidden() and "does not open" in dialog.message.text()


def test_change_passphrase_in_settings(qtbot, saved: Path) -> None:
    from sendadvisor.settings import Settings
    from sendadvisor.ui.settings_dialog import SettingsDialog

    case_file = CaseFile.open(saved, PASSPHRASE)
    try:
        dialog = SettingsDialog(
            Settings(),
            (("dorset", "Dorset"),),
            change_passphrase=lambda current, new: case_file.change_passphrase(
                new, current=current
            ),
        )
        qtbot.addWidget(dialog)
        change = dialog.passphrase_dialog()
        assert change is not None
        change.current.setText("not it")
        change.new.setText("short")
        change.repeat.setText("short")
        assert not change.ok.isEnabled()  # the same strength rule as a new file
        change.new.setText(NEW)
        change.repeat.setText(NEW)
        assert change.ok.isEnabled()
        change.try_change()  # wrong current passphrase: said, nothing changed
        assert "passphrase" in change.message.text() and change.result() == 0
        change.current.setText(PASSPHRASE)
        change.try_change()
        assert change.result() == change.DialogCode.Accepted
    finally:
        case_file.close()
    with pytest.raises(WrongPassphrase):
        CaseFile.open(saved, PASSPHRASE)
    with CaseFile.open(saved, NEW) as case_file:
        assert len(case_file.list_cases(today=TODAY)) == 2


def test_a_failed_backup_shows_in_the_status_bar_and_once_in_a_message(
    qtbot, saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from sendadvisor.settings import Settings
    from sendadvisor.ui.main_window import MainWindow
    from sendadvisor.ui.session import Session

    folder = backups_dir(saved)
    for backup in list_backups(saved):
        backup.path.unlink()
    folder.rmdir()
    folder.write_text("in the way")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    case_file = CaseFile.open(saved, PASSPHRASE)
    session = Session(saved, case_file)
    window = MainWindow(session, Settings(idle_lock_minutes=0), None, lambda: TODAY)
    qtbot.addWidget(window)
    case_file.wait_for_backup()  # the open backup fails on its own thread
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert "could not write a backup" in window.statusBar().currentMessage()
    with pytest.raises(BackupFailed):
        case_file.backup_now()
    qtbot.wait(50)
    assert len(shown) == 1  # once a session; the status bar says it each time
    assert "could not write a backup" in window.statusBar().currentMessage()
    session.close()
