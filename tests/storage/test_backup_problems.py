"""A backup that could not be written is reported, never silent (finding 7), and files are private (14)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from storage_helpers import PASSPHRASE, Clock, circumstances

from sendadvisor.storage import BackupFailed, CaseFile, CaseFileError
from sendadvisor.storage.backups import backups_dir, list_backups


def _block_backups(case_path: Path) -> None:
    # Something that is not a folder where the backups folder should be (the review used a
    # read-only bind mount; as root, mode bits alone would not stop the write).
    folder = backups_dir(case_path)
    for backup in folder.iterdir():
        backup.unlink()
    folder.rmdir()
    folder.write_text("in the way")


def test_a_failed_background_backup_reaches_every_listener(case_path: Path, clock: Clock) -> None:
    with CaseFile.open(case_path, PASSPHRASE, create=True, clock=clock) as case_file:
        case_file.add_case(circumstances(), [])
    _block_backups(case_path)
    heard: list[CaseFileError] = []
    clock.advance(minutes=1)
    with CaseFile.open(case_path, PASSPHRASE, clock=clock) as case_file:
        case_file.wait_for_backup()  # the open backup (no backup exists) fails in the background
        case_file.on_problem(heard.append)  # a failure before subscribing is still heard
        assert isinstance(case_file.backup_problem, BackupFailed)
        assert len(heard) == 1
        assert heard[0].message.startswith("Your cases are saved, but sendadvisor could not write")
        assert str(backups_dir(case_path)) in heard[0].message
        with pytest.raises(BackupFailed):
            case_file.backup_now()
        assert len(heard) == 2
        case_file.add_case(circumstances("Bob"), [])
    # The close-time backup failed too, and was reported.
    assert len(heard) == 3 and isinstance(case_file.backup_problem, BackupFailed)


def test_a_listener_that_fails_does_not_stop_the_others(case_path: Path, clock: Clock) -> None:
    with CaseFile.open(case_path, PASSPHRASE, create=True, clock=clock):
        pass
    _block_backups(case_path)
    heard: list[str] = []

    def broken(error: CaseFileError) -> None:
        raise RuntimeError("a bug in a listener")

    with CaseFile.open(case_path, PASSPHRASE, clock=clock) as case_file:
        case_file.wait_for_backup()
        case_file.on_problem(lambda e: None)
        case_file._problem_listeners.insert(0, broken)
        case_file.on_problem(lambda e: heard.append(e.message))
        with pytest.raises(BackupFailed):
            case_file.backup_now()
    assert len(heard) >= 2


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_case_file_backups_and_their_folders_are_owner_only(tmp_path: Path, clock: Clock) -> None:
    old_umask = os.umask(0o022)  # the usual umask, which made them 0644 and 0755
    try:
        path = tmp_path / "new folder" / "cases.sendadvisor"
        with CaseFile.open(path, PASSPHRASE, create=True, clock=clock) as case_file:
            case_file.add_case(circumstances(), [])
            for suffix in ("-wal", "-shm"):
                assert _mode(path.with_name(path.name + suffix)) == 0o600
            case_file.backup_now()
    finally:
        os.umask(old_umask)
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700
    assert _mode(backups_dir(path)) == 0o700
    assert {_mode(b.path) for b in list_backups(path)} == {0o600}


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_an_existing_world_readable_file_is_made_private_when_opened(
    case_path: Path, clock: Clock
) -> None:
    with CaseFile.open(case_path, PASSPHRASE, create=True, clock=clock):
        pass
    case_path.chmod(0o644)
    backups_dir(case_path).chmod(0o755)
    for backup in list_backups(case_path):
        backup.path.chmod(0o644)
    with CaseFile.open(case_path, PASSPHRASE, clock=clock):
        pass
    assert _mode(case_path) == 0o600
    assert _mode(backups_dir(case_path)) == 0o700
    assert {_mode(b.path) for b in list_backups(case_path)} == {0o600}


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)
