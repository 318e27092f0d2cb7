"""One file, one writer: a case file reached by a second path is refused, never given a second WAL.

The review's attack (finding 1): a hard link made by a snapshot tool (`cp -al`, rsync
--link-dest) got its own `.lock` and its own `-wal`; `cases add` through it printed an id that
never reached the live file, and the stale WAL later corrupted it.
"""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest
from storage_helpers import PASSPHRASE, Clock, circumstances, snapshot

from sendadvisor.storage import CaseFile, CaseFileLocked, LinkedCaseFile

TODAY = date(2026, 11, 28)


@pytest.fixture
def live(case_path: Path, clock: Clock) -> Path:
    with CaseFile.open(case_path, PASSPHRASE, create=True, clock=clock) as case_file:
        case_file.add_case(circumstances("Ann"), [])
    return case_path


def test_a_hard_link_is_refused_through_either_name_and_nothing_changes(
    live: Path, tmp_path: Path
) -> None:
    snapshot_folder = tmp_path / "snapshot"
    snapshot_folder.mkdir()
    linked = snapshot_folder / live.name
    os.link(live, linked)  # what `cp -al` or rsnapshot does to a file that has not changed
    before = snapshot(tmp_path)
    for path in (linked, live):
        with pytest.raises(LinkedCaseFile) as raised:
            CaseFile.open(path, PASSPHRASE)
        assert "hard link" in raised.value.message and "\n" not in raised.value.message
    assert snapshot(tmp_path) == before
    assert not (snapshot_folder / (live.name + "-wal")).exists()
    linked.unlink()  # once the second name is gone, the file opens again, whole
    with CaseFile.open(live, PASSPHRASE) as case_file:
        assert [r.child_name for r in case_file.list_cases(today=TODAY)] == ["Ann"]


def test_a_hard_link_made_while_the_file_is_open_is_refused(live: Path, tmp_path: Path) -> None:
    linked = tmp_path / "snapshot.sendadvisor"
    with CaseFile.open(live, PASSPHRASE) as case_file:
        os.link(live, linked)
        with pytest.raises((LinkedCaseFile, CaseFileLocked)):
            CaseFile.open(linked, PASSPHRASE)
        assert not linked.with_name(linked.name + "-wal").exists()
        case_file.add_case(circumstances("Bob"), [])
    linked.unlink()
    with CaseFile.open(live, PASSPHRASE) as case_file:
        assert sorted(r.child_name for r in case_file.list_cases(today=TODAY)) == ["Ann", "Bob"]


def test_the_lock_follows_the_file_not_its_path(live: Path, tmp_path: Path) -> None:
    # A second path with its own name (here a symbolic link in another folder; a bind mount is
    # the same) has its own `.lock` beside it: the lock on the file's identity still refuses it.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    alias = elsewhere / "alias.sendadvisor"
    alias.symlink_to(live)
    with CaseFile.open(live, PASSPHRASE):
        before = snapshot(elsewhere)
        with pytest.raises(CaseFileLocked):
            CaseFile.open(alias, PASSPHRASE)
        assert snapshot(elsewhere) == before
        assert not (elsewhere / "alias.sendadvisor.lock").exists()
    with CaseFile.open(alias, PASSPHRASE):  # free again once the first window closed
        with pytest.raises(CaseFileLocked):
            CaseFile.open(live, PASSPHRASE)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to mount")
def test_a_bind_mount_of_the_folder_is_refused(live: Path, tmp_path: Path) -> None:
    mounted = tmp_path / "mounted"
    mounted.mkdir()
    if (
        subprocess.run(
            ["mount", "--bind", str(live.parent), str(mounted)], capture_output=True
        ).returncode
        != 0
    ):
        pytest.skip("bind mounts are not allowed here")
    try:
        with CaseFile.open(live, PASSPHRASE):
            with pytest.raises(CaseFileLocked):
                CaseFile.open(mounted / live.name, PASSPHRASE)
    finally:
        subprocess.run(["umount", str(mounted)], check=True)
