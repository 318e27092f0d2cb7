"""Encryption at rest: no family's words in the file, WAL or backups; the key stays in memory."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import date
from pathlib import Path

import pytest
from sqlcipher3 import dbapi2
from storage_helpers import PASSPHRASE, Clock, circumstances, contains, deadline

from sendadvisor.storage import CaseFile, WrongPassphrase, cipher

CHILD = "Zebedee Quillfeather"
NOTE = "Mum says the taxi never came on Tuesday"
SECRETS = (CHILD, "Quillfeather", NOTE, "taxi never came", "Hill Primary", "DT1 1AA")


def _strings(path: Path) -> str:
    """What binutils `strings` finds in the file (any run of 4+ printable characters)."""
    return subprocess.run(
        ["strings", "-a", "-n", "4", str(path)], capture_output=True, text=True, check=True
    ).stdout.lower()


def _leaks(folder: Path) -> list[str]:
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        for secret in SECRETS:
            if contains(path, secret):
                found.append(f"{path.name}: {secret}")
        if shutil.which("strings"):
            text = _strings(path)
            found += [f"{path.name} (strings): {s}" for s in SECRETS if s.lower() in text]
    return found


def test_no_plain_text_in_the_file_its_wal_or_backups(case_path: Path, clock: Clock) -> None:
    case_file = CaseFile.open(case_path, PASSPHRASE, create=True, clock=clock)
    try:
        for n in range(30):
            case_id = case_file.add_case(circumstances(f"{CHILD} {n}"), [deadline("2027-01-04")])
            case_file.add_note(case_id, date(2026, 11, 20), "phone", f"{NOTE} ({n})")
        case_file.autosave_draft("new-1", circumstances(CHILD))
        case_file.flush()
        wal = case_path.with_name(case_path.name + "-wal")
        assert wal.exists() and wal.stat().st_size > 0  # the WAL is checked while it holds the data
        assert _leaks(case_path.parent) == []
    finally:
        case_file.close()
    assert list(case_file.backups())  # the backup made at close is checked too
    assert _leaks(case_path.parent) == []


def test_the_file_opens_with_the_passphrase_in_any_sqlcipher_4_tool(
    case_file: CaseFile, case_path: Path
) -> None:
    case_id = case_file.add_case(circumstances(CHILD), [])
    case_file.close()
    conn = dbapi2.connect(str(case_path))
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    assert conn.execute("SELECT child_name FROM cases WHERE id = ?", [case_id]).fetchone() == (
        CHILD,
    )
    conn.close()


def test_plain_sqlite_sees_only_noise(case_file: CaseFile, case_path: Path) -> None:
    case_file.add_case(circumstances(CHILD), [])
    case_file.close()
    conn = sqlite3.connect(case_path)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        conn.execute("SELECT * FROM sqlite_master").fetchall()
    conn.close()


def test_neither_passphrase_nor_key_is_written_anywhere(case_path: Path, clock: Clock) -> None:
    with CaseFile.open(case_path, PASSPHRASE, create=True, clock=clock) as case_file:
        case_file.add_case(circumstances(CHILD), [])
        key = case_file._key
    salt = cipher.read_head(case_path, cipher.SALT_BYTES)
    assert key == cipher.derive_key(PASSPHRASE, salt)
    for path in (p for p in case_path.parent.rglob("*") if p.is_file()):
        data = path.read_bytes()
        assert key not in data and key.hex().encode() not in data, path
        assert not contains(path, PASSPHRASE), path


def test_changing_the_passphrase_rekeys_the_file_and_its_backups(
    case_path: Path, clock: Clock
) -> None:
    with CaseFile.open(case_path, PASSPHRASE, create=True, clock=clock) as case_file:
        case_id = case_file.add_case(circumstances(CHILD), [])
        case_file.backup_now()
        case_file.change_passphrase("a new passphrase")
        case_file.autosave_draft(
            "after", {"still": "works"}
        )  # the writer reconnects with the new key
        case_file.flush()
        assert case_file.get_case(case_id)["circumstances"]["family"]["child_name"] == CHILD
        made = [b.path for b in case_file.backups()]
    with pytest.raises(WrongPassphrase):
        CaseFile.open(case_path, PASSPHRASE, clock=clock)
    with CaseFile.open(case_path, "a new passphrase", clock=clock) as case_file:
        assert case_file.load_draft("after") == {"still": "works"}
        assert "passphrase_changed" in [a["action"] for a in case_file.recent_activity()]
    counts = []
    for backup in made:  # made before the change, all now open with the new passphrase only
        conn = dbapi2.connect(str(backup))
        conn.execute("PRAGMA key = 'a new passphrase'")
        counts.append(conn.execute("SELECT count(*) FROM cases").fetchone()[0])
        conn.close()
    assert len(made) >= 2 and max(counts) == 1
