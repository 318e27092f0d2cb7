"""Each refusal gives its one plain-English message and leaves every byte of the case file alone."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlcipher3 import dbapi2
from storage_helpers import PASSPHRASE, Clock, circumstances, snapshot

from sendadvisor.storage import (
    CaseFile,
    CaseFileError,
    CaseFileLocked,
    DamagedCaseFile,
    DiskFull,
    EmptyPassphrase,
    NewerCaseFile,
    NoCaseFile,
    NotACaseFile,
    ReadOnlyCaseFile,
    WrongPassphrase,
)

TODAY = date(2026, 11, 28)


@pytest.fixture
def saved(case_path: Path, clock: Clock) -> Path:
    """A closed case file holding three cases (and the backups made along the way)."""
    with CaseFile.open(case_path, PASSPHRASE, create=True, clock=clock) as case_file:
        for name in ("Ann", "Bob", "Cat"):
            case_id = case_file.add_case(circumstances(name), [])
            case_file.add_note(case_id, TODAY, "phone", f"A long note about {name}. " * 40)
    return case_path


def refuses(
    path: Path, passphrase: str, error: type[CaseFileError], **open_options: object
) -> CaseFileError:
    """Open must raise `error`, and nothing in the folder may change (not a byte, not a file)."""
    before = snapshot(path.parent)
    with pytest.raises(error) as raised:
        CaseFile.open(path, passphrase, **open_options)  # type: ignore[arg-type]
    assert snapshot(path.parent) == before
    assert raised.value.message and "\n" not in raised.value.message
    return raised.value


def _names(path: Path) -> list[str]:
    with CaseFile.open(path, PASSPHRASE) as case_file:
        return sorted(r.child_name for r in case_file.list_cases(today=TODAY))


def test_wrong_passphrase(saved: Path) -> None:
    error = refuses(saved, "Correct horse battery staple", WrongPassphrase)
    assert error.message.startswith("That passphrase does not open this case file")
    assert _names(saved) == ["Ann", "Bob", "Cat"]


def test_empty_passphrase_creates_nothing(case_path: Path) -> None:
    case_path.parent.mkdir()
    refuses(case_path, "", EmptyPassphrase, create=True)
    assert not case_path.exists()


def test_missing_file_is_not_created_unless_asked(case_path: Path) -> None:
    case_path.parent.mkdir()
    error = refuses(case_path, PASSPHRASE, NoCaseFile)
    assert str(case_path) in error.message


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"Dear Mrs Smith,\nThank you for your letter.\n" * 300,
        b"%PDF-1.7\n" + bytes(4087),
        bytes(8192),
    ],
    ids=["empty", "text", "pdf-like", "zeros"],
)
def test_files_that_are_not_case_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.sendadvisor"
    path.write_bytes(content)
    error = refuses(path, PASSPHRASE, NotACaseFile)
    assert error.message == "This file is not a sendadvisor case file, so it was not opened."


def test_an_unencrypted_sqlite_database_is_not_a_case_file(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE cases (child_name TEXT)")
    conn.commit()
    conn.close()
    refuses(path, PASSPHRASE, NotACaseFile)


def test_another_programs_sqlcipher_file_with_the_same_passphrase_is_not_a_case_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "other.db"
    conn = dbapi2.connect(str(path))
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    refuses(path, PASSPHRASE, NotACaseFile)


def test_a_folder_is_not_a_case_file(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    refuses(tmp_path / "folder", PASSPHRASE, NotACaseFile)


def _damage(path: Path, offset: int, length: int = 64) -> None:
    with open(path, "r+b") as handle:
        handle.seek(offset)
        data = handle.read(length)
        handle.seek(offset)
        handle.write(bytes(b ^ 0x5A for b in data))


@pytest.mark.parametrize("offset", [5 * 4096 + 1000, 100], ids=["inner-page", "first-page"])
def test_damaged_file_offers_the_newest_good_backup(saved: Path, clock: Clock, offset: int) -> None:
    clock.advance(hours=1)
    with CaseFile.open(saved, PASSPHRASE, clock=clock) as case_file:  # a second session...
        case_file.add_case(circumstances("Dan"), [])  # ...whose work the close-time backup keeps
    _damage(saved, offset)
    error = refuses(saved, PASSPHRASE, DamagedCaseFile)
    assert error.backup is not None and error.backup.parent == saved.with_name(
        saved.name + ".backups"
    )
    assert "a good backup saved on" in error.message
    kept = CaseFile.restore_backup(saved, error.backup, clock=clock)
    assert kept.exists() and kept != saved  # the damaged file is kept, renamed, not deleted
    assert _names(saved) == ["Ann", "Bob", "Cat", "Dan"]


def test_damaged_file_without_backups_says_so(saved: Path) -> None:
    for backup in saved.with_name(saved.name + ".backups").iterdir():
        backup.unlink()
    _damage(saved, 5 * 4096 + 1000)
    error = refuses(saved, PASSPHRASE, DamagedCaseFile)
    assert error.backup is None
    assert "no good backup" in error.message


def test_a_damaged_first_page_without_backups_is_told_from_a_wrong_passphrase(
    saved: Path,
) -> None:
    # Every page carries an HMAC under the key: with the right key only the damaged page fails,
    # with a wrong one every page does. No backup is needed to tell them apart.
    for backup in saved.with_name(saved.name + ".backups").iterdir():
        backup.unlink()
    _damage(saved, 100)
    error = refuses(saved, PASSPHRASE, DamagedCaseFile)
    assert "no good backup" in error.message
    refuses(saved, "not the passphrase at all", WrongPassphrase)


@pytest.fixture
def writable_again(saved: Path) -> Iterator[Path]:
    yield saved
    for path in (saved, saved.parent):
        path.chmod(0o755 if path.is_dir() else 0o644)


def test_read_only_file(writable_again: Path) -> None:
    writable_again.chmod(0o444)
    error = refuses(writable_again, PASSPHRASE, ReadOnlyCaseFile)
    assert "read-only" in error.message


def test_read_only_folder(writable_again: Path) -> None:
    writable_again.parent.chmod(0o555)
    refuses(writable_again, PASSPHRASE, ReadOnlyCaseFile)


def test_read_only_folder_when_creating(tmp_path: Path) -> None:
    folder = tmp_path / "locked-folder"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        refuses(folder / "new.sendadvisor", PASSPHRASE, ReadOnlyCaseFile, create=True)
    finally:
        folder.chmod(0o755)


def test_already_open_in_this_process(saved: Path, clock: Clock) -> None:
    with CaseFile.open(saved, PASSPHRASE, clock=clock) as first:
        first.backup_now()  # let its open-time work finish so the folder is still while we look
        error = refuses(saved, PASSPHRASE, CaseFileLocked)
        assert "already open in another sendadvisor window" in error.message
        assert len(first.list_cases(today=TODAY)) == 3  # the first window carries on
    assert _names(saved) == ["Ann", "Bob", "Cat"]  # and once it closes, the file opens again


HOLDER = """
import sys
from pathlib import Path
from sendadvisor.storage import CaseFile
case_file = CaseFile.open(Path(sys.argv[1]), sys.argv[2])
case_file.backup_now()
print("ready", flush=True)
sys.stdin.readline()
case_file.close()
"""


def test_already_open_in_another_process(saved: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(saved), PASSPHRASE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        refuses(saved, PASSPHRASE, CaseFileLocked)
    finally:
        holder.communicate("\n", timeout=30)
    assert holder.returncode == 0
    assert _names(saved) == ["Ann", "Bob", "Cat"]


def test_newer_case_file_is_refused_not_damaged(saved: Path) -> None:
    conn = dbapi2.connect(str(saved))
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('sendadvisor', '9999_from_a_future_version', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    error = refuses(saved, PASSPHRASE, NewerCaseFile)
    assert "newer version of sendadvisor" in error.message


def test_full_disk_mid_session_saves_nothing_and_keeps_working(saved: Path, clock: Clock) -> None:
    # Simulated inside SQLite itself: max_page_count makes any write that needs a new page fail
    # exactly as a full disk does (SQLITE_FULL), with SQLite's own rollback.
    with CaseFile.open(saved, PASSPHRASE, clock=clock) as case_file:
        pages = case_file._conn.execute("PRAGMA page_count").fetchone()[0]
        case_file._conn.execute(f"PRAGMA max_page_count = {pages}")
        big = circumstances("Eve")
        big["family"]["address"] = ["A very long address line"] * 400
        with pytest.raises(DiskFull) as raised:
            case_file.add_case(big, [])
        assert raised.value.message.startswith("The disk is full, so nothing was saved")
        assert sorted(r.child_name for r in case_file.list_cases(today=TODAY)) == [
            "Ann",
            "Bob",
            "Cat",
        ]
        case_file._conn.execute("PRAGMA max_page_count = 1073741823")  # space freed
        case_file.add_case(big, [])
    assert _names(saved) == ["Ann", "Bob", "Cat", "Eve"]
    with CaseFile.open(saved, PASSPHRASE) as case_file:
        assert case_file._conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


# --- real small filesystems (need root and mount; skipped where unavailable) -----------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
            check=False,
            capture_output=True,
        )
    except FileNotFoundError:  # no mount command at all
        done = None
    if done is None or done.returncode != 0:
        pytest.skip("cannot mount a small filesystem here (needs root and mount)")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as handle:
        for size in (65536, 4096, 1):
            try:
                while True:
                    handle.write(bytes(size))
            except OSError:
                pass
    return filler


def test_real_full_disk_refuses_to_open_and_changes_nothing(small_disk: Path) -> None:
    path = small_disk / "cases.sendadvisor"
    with CaseFile.open(path, PASSPHRASE, create=True) as case_file:
        case_file.add_case(circumstances("Kept"), [])
    filler = _fill(small_disk)
    refuses(path, PASSPHRASE, DiskFull)
    filler.unlink()
    assert _names(path) == ["Kept"]


def test_real_full_disk_when_creating_leaves_nothing_behind(small_disk: Path) -> None:
    folder = small_disk / "new"
    folder.mkdir()
    filler = _fill(small_disk)
    before = sorted(p.name for p in folder.iterdir())
    with pytest.raises(DiskFull):
        CaseFile.open(folder / "cases.sendadvisor", PASSPHRASE, create=True)
    left = sorted(p.name for p in folder.iterdir() if not p.name.endswith(".lock"))
    assert left == before, left  # no .creating.tmp, -wal or -shm left by the refusal
    filler.unlink()


def test_real_full_disk_mid_session(small_disk: Path) -> None:
    path = small_disk / "cases.sendadvisor"
    with CaseFile.open(path, PASSPHRASE, create=True) as case_file:
        case_file.add_case(circumstances("Kept"), [])
        filler = _fill(small_disk)
        with pytest.raises(DiskFull):
            for n in range(1000):
                case_file.add_case(circumstances(f"Lost {n}" * 200), [])
        assert [r.child_name for r in case_file.list_cases(today=TODAY)][:1] == ["Kept"]
        filler.unlink()
        case_file.add_case(circumstances("After"), [])
    names = _names(path)
    assert "Kept" in names and "After" in names


def test_real_read_only_filesystem(small_disk: Path) -> None:
    path = small_disk / "cases.sendadvisor"
    with CaseFile.open(path, PASSPHRASE, create=True) as case_file:
        case_file.add_case(circumstances("Kept"), [])
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        refuses(path, PASSPHRASE, ReadOnlyCaseFile)
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert _names(path) == ["Kept"]


def test_refusals_reach_the_adviser_as_one_line(saved: Path) -> None:
    env = {**os.environ, "SENDADVISOR_PASSPHRASE": "not it"}
    done = subprocess.run(
        [sys.executable, "-m", "sendadvisor", "cases", "list", "--data", str(saved)],
        check=False,
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [f"sendadvisor: {WrongPassphrase().message}"]
