"""No family's letter is left behind, and no helper program sees the passphrase (review findings
4, 5, 15 and 18): the preview and viewer copies live in a private folder that is removed when the
dialog closes, at exit, and after a crash at the next start; saved files are atomic and 0600."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from sendadvisor import fsio

MARKER = "correct horse battery staple PASSMARKER"
CHILD = "Zebediah Quux-Marmalade"
CASE = {
    "schema": "sendadvisor.circumstances/1",
    "as_of": "2026-11-27",
    "ehc_plan": "final",
    "family": {"child_name": CHILD, "parent_name": "Alex Quux"},
    "concerns": [{"kind": "plan_contents", "sections": ["F"], "sent_on": "2026-11-02"}],
}


@pytest.fixture
def helpers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Fake pdftoppm and xdg-open that log their arguments and environment, first on PATH; a
    private temporary folder; and the passphrase in the environment, as the review had it."""
    bin_dir, log = tmp_path / "fakebin", tmp_path / "helpers.log"
    bin_dir.mkdir()
    for name in ("pdftoppm", "xdg-open"):
        script = bin_dir / name
        script.write_text(f'#!/bin/sh\n{{ echo "{name} $*"; env; }} >> {log}\n')
        script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    monkeypatch.setenv("SENDADVISOR_PASSPHRASE", MARKER)
    return log


def _fake_build(circumstances, assessment, *, large_print, **_):
    """A small real PDF holding the child's name: these tests are about where letters go, not
    how they look (tests/letters covers that)."""
    import hashlib

    from reportlab.pdfgen.canvas import Canvas

    from sendadvisor.ui import services

    path = Path(os.environ["SENDADVISOR_HOME"]) / "made.pdf"
    canvas = Canvas(str(path), invariant=1)
    canvas.drawString(72, 720, f"Letter for {circumstances['family']['child_name']}")
    canvas.save()
    pdf = path.read_bytes()
    path.unlink()
    return services.Letter(pdf, large_print, hashlib.sha256(pdf).hexdigest(), "test")


def _dialog(qtbot, monkeypatch):
    from sendadvisor.ui import services
    from sendadvisor.ui.letter_dialog import LetterDialog

    monkeypatch.setattr(services, "build_letter", _fake_build)

    dialog = LetterDialog(
        circumstances=CASE,
        assessment={},
        council_slug="dorset",
        adviser_name="Jo Adviser",
        service_name="Dorset SENDIASS",
        issued_on=date(2026, 11, 27),
        suggested_name=f"Letter for {CHILD} 2026-11-27.pdf",
        record=lambda letter: None,
    )
    qtbot.addWidget(dialog)
    return dialog


def _wait_for(log: Path, text: str, qtbot) -> str:
    qtbot.waitUntil(lambda: log.exists() and text in log.read_text(), timeout=5000)
    return log.read_text()


def test_open_in_viewer_leaves_nothing_after_the_dialog_closes(
    helpers: Path, qtbot, themed_app, tmp_path, monkeypatch
) -> None:
    temp = tmp_path / "tmp"
    dialog = _dialog(qtbot, monkeypatch)
    dialog.open_in_viewer()
    logged = _wait_for(helpers, "xdg-open", qtbot)
    opened = Path(logged.split("xdg-open ", 1)[1].split("\n", 1)[0])
    assert opened.name == "letter.pdf" and CHILD.split()[0] not in str(
        opened
    )  # no personal data in the name
    assert stat.S_IMODE(opened.stat().st_mode) == 0o600
    assert stat.S_IMODE(opened.parent.stat().st_mode) == 0o700
    dialog.reject()  # closing the dialog, by any button or the window's close box
    assert not opened.exists()
    assert list(temp.iterdir()) == []


def test_helpers_get_a_minimal_environment_without_the_passphrase(
    helpers: Path, qtbot, themed_app, monkeypatch
) -> None:
    dialog = _dialog(qtbot, monkeypatch)  # the preview runs pdftoppm
    dialog.open_in_viewer()
    logged = _wait_for(helpers, "xdg-open", qtbot)
    assert "pdftoppm -r" in logged
    assert MARKER not in logged
    assert "SENDADVISOR" not in logged
    dialog.accept()


def test_the_app_takes_the_passphrase_out_of_the_environment(
    helpers: Path, themed_app, tmp_path: Path
) -> None:
    from sendadvisor.ui.main import unlock

    case_file = unlock(tmp_path / "cases.sendadvisor", lambda: "Jo Adviser")
    try:
        assert case_file is not None
        assert "SENDADVISOR_PASSPHRASE" not in os.environ
    finally:
        case_file.close()


def test_a_crashed_session_s_letters_are_removed_at_the_next_start(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    crash = (
        "import os, sys; from sendadvisor import fsio; "
        "folder = fsio.private_temp_folder(); "
        "fsio.write_atomically(os.path.join(folder, 'letter.pdf'), b'%PDF a family letter'); "
        "print(folder, flush=True); os._exit(9)"
    )
    done = subprocess.run(
        [sys.executable, "-c", crash],
        env=os.environ | {"TMPDIR": str(temp)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    left = Path(done.stdout.strip())
    assert (left / "letter.pdf").exists()  # the crash left it
    older = temp / "sendadvisor-letter-oldstyle"  # made by a version that never cleaned up
    older.mkdir()
    (older / f"Letter for {CHILD}.pdf").write_bytes(b"%PDF")
    mine = fsio.private_temp_folder()  # this process's own folder is in use: kept
    try:
        removed = fsio.sweep_stale_temp_folders(temp_dir=str(temp))
        assert sorted(removed) == sorted([str(left), str(older)])
        assert list(temp.iterdir()) == []
        assert Path(mine).exists()
    finally:
        fsio.remove_folder(mine)


def test_save_pdf_and_export_are_atomic_and_private(
    qtbot, themed_app, tmp_path: Path, monkeypatch
) -> None:
    dialog = _dialog(qtbot, monkeypatch)
    target = tmp_path / "letter.pdf"
    target.write_bytes(b"%PDF the good letter already saved")
    real_fsync = os.fsync

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        dialog.save_to(target)
    assert target.read_bytes() == b"%PDF the good letter already saved"  # never half a letter
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    monkeypatch.setattr(os, "fsync", real_fsync)
    dialog.save_to(target)
    assert target.read_bytes().startswith(b"%PDF-")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    dialog.accept()


def test_write_atomically_refuses_pipes_devices_and_folders(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    with pytest.raises(FileExistsError):
        fsio.write_atomically(fifo, b"x")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    with pytest.raises(IsADirectoryError):
        fsio.write_atomically(tmp_path, b"x")
    settings = tmp_path / "settings.json"
    from sendadvisor.settings import Settings, save_settings

    save_settings(settings, Settings(adviser_name="Jo"))
    assert json.loads(settings.read_text())["adviser_name"] == "Jo"
    assert stat.S_IMODE(settings.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.pdf", "settings.json"]


def test_the_status_bar_says_which_holiday_list_is_in_use(qtbot, themed_app) -> None:
    from PySide6.QtWidgets import QLabel, QMainWindow

    from sendadvisor.ui.main import show_holiday_list

    window = QMainWindow()
    qtbot.addWidget(window)
    show_holiday_list(window)
    label = window.statusBar().findChild(QLabel, "holiday_list")
    assert label.text().startswith("Bank holidays: the list shipped with sendadvisor; known up to")
