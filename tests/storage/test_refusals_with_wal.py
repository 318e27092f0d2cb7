"""Refusals change nothing even when a crash left a write-ahead log beside the file (finding 2).

A program that saves cases and is then killed (SIGKILL) leaves the file, its `-wal` holding
committed changes, its `-shm` and its `.lock`. Before the fix, a wrong passphrase or a damaged
file still folded the WAL into the file and deleted the `-wal`, `-shm` and lock.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from storage_helpers import PASSPHRASE, snapshot

from sendadvisor.storage import CaseFile, DamagedCaseFile, NewerCaseFile, WrongPassphrase

TODAY = date(2026, 11, 28)
REPO = Path(__file__).resolve().parents[2]

# Opens the file, saves 60 cases (one transaction each, so the WAL holds committed frames) and
# kills itself before anything could checkpoint. With "newer", it then also records a migration
# this version does not know, as a newer sendadvisor would.
CRASHING_WRITER = """
import os, signal, sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from storage_helpers import circumstances
from sendadvisor.storage import CaseFile
case_file = CaseFile.open(Path(sys.argv[1]), sys.argv[2], create=True)
case_file.wait_for_backup()
for n in range(60):
    case_file.add_case(circumstances(f"Child {n} " + "x" * 3000), [])
if len(sys.argv) > 4:
    case_file._conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('sendadvisor', '9999_from_the_future', '2030-01-01')")
os.kill(os.getpid(), signal.SIGKILL)
"""


def _crash_leaving_a_wal(path: Path, *extra: str) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            CRASHING_WRITER,
            str(path),
            PASSPHRASE,
            str(Path(__file__).parent),
            *extra,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode < 0, done.stderr  # killed, as meant
    for suffix in ("-wal", "-shm", ".lock"):
        assert path.with_name(path.name + suffix).exists()
    assert path.with_name(path.name + "-wal").stat().st_size > 100_000


def _refuses_unchanged(path: Path, passphrase: str, error: type[Exception]) -> None:
    before = snapshot(path.parent)
    with pytest.raises(error):
        CaseFile.open(path, passphrase)
    assert snapshot(path.parent) == before


def test_a_wrong_passphrase_leaves_file_wal_shm_and_lock_byte_for_byte(case_path: Path) -> None:
    case_path.parent.mkdir()
    _crash_leaving_a_wal(case_path)
    _refuses_unchanged(case_path, "not the passphrase", WrongPassphrase)
    # Nothing was lost: the right passphrase then opens every case the crashed writer saved.
    with CaseFile.open(case_path, PASSPHRASE) as case_file:
        assert len(case_file.list_cases(today=TODAY)) == 60


def test_a_damaged_file_with_a_wal_is_refused_and_left_for_recovery(case_path: Path) -> None:
    case_path.parent.mkdir()
    _crash_leaving_a_wal(case_path)
    with open(case_path, "r+b") as handle:  # the review's damage: 8 zero bytes in page 41
        handle.seek(4096 * 40 + 100)
        handle.write(b"\0" * 8)
    _refuses_unchanged(case_path, PASSPHRASE, DamagedCaseFile)
    _refuses_unchanged(case_path, PASSPHRASE, DamagedCaseFile)  # and again: still all there


def test_a_newer_file_with_a_wal_is_refused_unchanged(case_path: Path) -> None:
    case_path.parent.mkdir()
    _crash_leaving_a_wal(case_path, "newer")
    _refuses_unchanged(case_path, PASSPHRASE, NewerCaseFile)


def test_after_a_crash_the_right_passphrase_opens_and_tidies_up(case_path: Path) -> None:
    case_path.parent.mkdir()
    _crash_leaving_a_wal(case_path)
    with CaseFile.open(case_path, PASSPHRASE) as case_file:
        assert len(case_file.list_cases(today=TODAY)) == 60
    leftovers = sorted(p.name for p in case_path.parent.iterdir())
    assert leftovers == [case_path.name, case_path.name + ".backups"]
