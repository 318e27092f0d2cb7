"""The command line can reach the backups and the passphrase (findings 6, 7, 8, 14, 17)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from storage_helpers import snapshot

from sendadvisor.app import main
from sendadvisor.storage.backups import backups_dir, list_backups

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = str(REPO / "examples" / "plan-contents.json")
PASSPHRASE = "cli passphrase for the recovery tests"
NEW = "a different and long new passphrase"


@pytest.fixture(autouse=True)
def passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDADVISOR_PASSPHRASE", PASSPHRASE)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "cases.sendadvisor"
    for _ in range(3):
        assert run(capsys, "cases", "add", EXAMPLE, "--data", str(path))[0] == 0
    return path


def _one_line(err: str, *words: str) -> None:
    assert err.startswith("sendadvisor: ") and err.count("\n") == 1, err
    for word in words:
        assert word in err


def test_a_damaged_file_can_be_restored_from_the_command_line(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open(data, "r+b") as handle:  # the review's damage
        handle.seek(60000)
        handle.write(b"\xff\xff\xff\xff")
    status, _, err = run(capsys, "cases", "list", "--data", str(data))
    assert status == 2 and "damaged" in err
    status, out, err = run(capsys, "backups", "list", "--data", str(data))
    assert (status, err) == (0, "")
    lines = [line.split("\t") for line in out.splitlines()]
    assert lines[0][3] == "3 cases" and len(lines) == len(list_backups(data))
    status, out, err = run(capsys, "backups", "restore", lines[0][0], "--data", str(data))
    assert (status, err) == (0, "")
    assert "(3 cases)" in out and "kept as" in out
    assert len(list(data.parent.glob("cases.sendadvisor.replaced-*"))) == 1  # nothing deleted
    status, out, _ = run(capsys, "cases", "list", "--data", str(data))
    assert status == 0 and len(out.splitlines()) == 3


def test_restore_refuses_an_unknown_name_and_a_wrong_passphrase(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(data.parent)
    status, _, err = run(capsys, "backups", "restore", "nothing.backup", "--data", str(data))
    assert status == 2
    _one_line(err, "no backup called nothing.backup")
    monkeypatch.setenv("SENDADVISOR_PASSPHRASE", "not the passphrase")
    name = list_backups(data)[0].path.name
    status, _, err = run(capsys, "backups", "restore", name, "--data", str(data))
    assert status == 2
    _one_line(err, "passphrase")
    assert snapshot(data.parent) == before


def test_passphrase_change_moves_the_file_and_every_backup(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SENDADVISOR_NEW_PASSPHRASE", "short")
    before = snapshot(data.parent)
    status, _, err = run(capsys, "passphrase", "change", "--data", str(data))
    assert status == 2
    _one_line(err, "SENDADVISOR_NEW_PASSPHRASE", "at least 10 characters")
    assert snapshot(data.parent) == before  # refused before the file was opened
    monkeypatch.setenv("SENDADVISOR_NEW_PASSPHRASE", NEW)
    status, out, err = run(capsys, "passphrase", "change", "--data", str(data))
    assert (status, err) == (0, "") and "has been changed" in out
    status, _, err = run(capsys, "cases", "list", "--data", str(data))
    assert status == 2
    _one_line(err, "That passphrase does not open this case file")
    monkeypatch.setenv("SENDADVISOR_PASSPHRASE", NEW)
    status, out, _ = run(capsys, "backups", "list", "--data", str(data))
    assert status == 0 and "does not open" not in out


def test_a_new_case_file_needs_as_strong_a_passphrase_as_the_app(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SENDADVISOR_PASSPHRASE", "a")
    path = tmp_path / "new.sendadvisor"
    status, out, err = run(capsys, "cases", "add", EXAMPLE, "--data", str(path))
    assert (status, out) == (2, "")
    _one_line(err, "SENDADVISOR_PASSPHRASE", "too short")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_backup_is_printed_on_stderr(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = backups_dir(data)
    for backup in folder.iterdir():
        backup.unlink()
    folder.rmdir()
    folder.write_text("in the way")
    status, out, err = run(capsys, "cases", "add", EXAMPLE, "--data", str(data))
    assert status == 0 and len(out.strip()) == 8  # the case itself is saved
    _one_line(err, "warning", "could not write a backup", str(folder))


def test_purge_needs_yes(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case_id = run(capsys, "cases", "list", "--data", str(data))[1].split("\t")[0]
    assert run(capsys, "cases", "close", case_id, "--data", str(data))[0] == 0
    before = snapshot(data.parent)
    status, _, err = run(capsys, "cases", "purge", "--older-than-days", "0", "--data", str(data))
    assert status == 2
    _one_line(err, "--yes")
    assert snapshot(data.parent) == before
    status, _, err = run(
        capsys, "cases", "purge", "--older-than-days", "0", "--yes", "--data", str(data)
    )
    assert status == 0 and "erased" in err


@pytest.mark.parametrize(
    "on", ["0001-01-01", "2013-12-31", "9999-12-31", (date.today() + timedelta(days=1)).isoformat()]
)
def test_close_refuses_a_day_before_2014_or_after_today(
    data: Path, capsys: pytest.CaptureFixture[str], on: str
) -> None:
    case_id = run(capsys, "cases", "list", "--data", str(data))[1].split("\t")[0]
    before = snapshot(data.parent)
    status, _, err = run(capsys, "cases", "close", case_id, "--on", on, "--data", str(data))
    assert status == 2
    _one_line(err, "--on", on)
    assert snapshot(data.parent) == before
    assert run(capsys, "cases", "close", case_id, "--on", "2014-09-01", "--data", str(data))[0] == 0
