"""Changing the passphrase: afterwards every file is under the new one, even after a crash (finding 8).

The review killed a passphrase change just after the main file was re-keyed: backups stayed
under the old passphrase for good, and the old passphrase then got a false "damaged, restore a
backup" instead of "wrong passphrase".
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from storage_helpers import PASSPHRASE, Clock, circumstances, snapshot

from sendadvisor.storage import CaseFile, WrongPassphrase, backups, cipher

NEW = "a brand new passphrase for the file"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def with_backups(case_path: Path, clock: Clock) -> Path:
    """A case file with four backups (open, two manual, close)."""
    with CaseFile.open(case_path, PASSPHRASE, create=True, clock=clock) as case_file:
        case_file.wait_for_backup()
        for name in ("Ann", "Bob"):
            clock.advance(minutes=1)
            case_file.add_case(circumstances(name), [])
            case_file.backup_now()
        clock.advance(minutes=1)
        case_file.add_case(circumstances("Cat"), [])
    assert len(backups.list_backups(case_path)) == 4
    return case_path


def _keys(path: Path) -> tuple[bytes, bytes]:
    salt = cipher.read_head(path, cipher.SALT_BYTES)
    return cipher.derive_key(PASSPHRASE, salt), cipher.derive_key(NEW, salt)


def _under(path: Path, key: bytes) -> list[bool]:
    return [backups.opens_with(b.path, key) for b in backups.list_backups(path)]


def test_every_file_moves_to_the_new_passphrase(with_backups: Path) -> None:
    with CaseFile.open(with_backups, PASSPHRASE) as case_file:
        with pytest.raises(WrongPassphrase):
            case_file.change_passphrase(NEW, current="not the passphrase")
        case_file.change_passphrase(NEW, current=PASSPHRASE)
    old, new = _keys(with_backups)
    assert _under(with_backups, new) == [True] * 4
    assert _under(with_backups, old) == [False] * 4
    before = snapshot(with_backups.parent)
    with pytest.raises(WrongPassphrase):
        CaseFile.open(with_backups, PASSPHRASE)
    assert snapshot(with_backups.parent) == before
    with CaseFile.open(with_backups, NEW) as case_file:
        assert case_file.recent_activity(2)[1]["action"] == "passphrase_changed"


# Changes the passphrase, killed (SIGKILL) after the main file and one backup are re-keyed.
INTERRUPTED_CHANGE = """
import os, signal, sys
from pathlib import Path
from sendadvisor.storage import CaseFile, backups
real, done = backups.rekey, []
def rekey_then_die(*args):
    if done:
        os.kill(os.getpid(), signal.SIGKILL)
    real(*args)
    done.append(1)
backups.rekey = rekey_then_die
case_file = CaseFile.open(Path(sys.argv[1]), sys.argv[2])
case_file.change_passphrase(sys.argv[3])
"""


def test_a_change_cut_short_is_finished_at_the_next_open(with_backups: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", INTERRUPTED_CHANGE, str(with_backups), PASSPHRASE, NEW],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode < 0, done.stderr
    old, new = _keys(with_backups)
    assert _under(with_backups, old).count(True) >= 2  # the state the review found
    # The old passphrase is told it is wrong (not "damaged"), and changes nothing.
    before = snapshot(with_backups.parent)
    with pytest.raises(WrongPassphrase):
        CaseFile.open(with_backups, PASSPHRASE)
    assert snapshot(with_backups.parent) == before
    # The new one opens the file and finishes the change: every backup under the new key.
    with CaseFile.open(with_backups, NEW) as case_file:
        assert len(case_file.list_cases(today=__import__("datetime").date(2026, 11, 28))) == 3
        assert _under(with_backups, new) == [True] * len(backups.list_backups(with_backups))
        assert _under(with_backups, old) == [False] * len(backups.list_backups(with_backups))
        leftovers = list(backups.backups_dir(with_backups).glob(".*"))
        assert leftovers == []
