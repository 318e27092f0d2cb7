"""Wizard drafts: autosave never blocks, coalesces, survives a reopen, and reports failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlcipher3 import dbapi2
from storage_helpers import PASSPHRASE, Clock, circumstances

from sendadvisor.storage import CaseFile, DiskFull


def _other_connection(path: Path) -> dbapi2.Connection:
    conn = dbapi2.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    return conn


def _serial(path: Path) -> int:
    conn = _other_connection(path)
    try:
        return int(conn.execute("SELECT value FROM meta WHERE key = 'change_serial'").fetchone()[0])
    finally:
        conn.close()


def test_autosaves_are_read_back_at_once_and_after_reopening(case_path: Path, clock: Clock) -> None:
    with CaseFile.open(case_path, PASSPHRASE, create=True, clock=clock) as case_file:
        for n in range(20):
            case_file.autosave_draft("new-1", {"answers": {"family.child_name": "S" * n}})
        assert case_file.load_draft("new-1") == {"answers": {"family.child_name": "S" * 19}}
    # No flush: close() itself writes what is pending.
    with CaseFile.open(case_path, PASSPHRASE, clock=clock) as case_file:
        assert case_file.load_draft("new-1") == {"answers": {"family.child_name": "S" * 19}}
        assert case_file.load_draft("never-saved") is None


def test_autosave_keeps_the_data_as_it_was_when_called(case_file: CaseFile) -> None:
    data = {"answers": {"as_of": "2026-11-27"}}
    case_file.autosave_draft("k", data)
    data["answers"]["as_of"] = "changed later by the caller"
    case_file.flush()
    assert case_file.load_draft("k") == {"answers": {"as_of": "2026-11-27"}}


def test_autosave_returns_while_the_disk_is_busy_and_coalesces(
    case_file: CaseFile, case_path: Path
) -> None:
    case_file.save_draft("k", {"n": -1})
    before = _serial(case_path)
    blocker = _other_connection(case_path)
    blocker.execute("BEGIN IMMEDIATE")  # a slow disk: nobody else can write meanwhile
    try:
        for n in range(200):
            case_file.autosave_draft("k", {"n": n})  # must not wait for the blocked writer
        assert case_file.load_draft("k") == {"n": 199}
    finally:
        blocker.execute("COMMIT")
        blocker.close()
    case_file.flush()
    assert case_file.load_draft("k") == {"n": 199}
    # 200 changes reached the disk in at most two transactions: the one waiting, then the rest.
    assert 1 <= _serial(case_path) - before <= 2


def test_a_failed_autosave_keeps_the_draft_and_is_reported_then_retried(
    case_path: Path, clock: Clock
) -> None:
    with CaseFile.open(case_path, PASSPHRASE, create=True, clock=clock) as case_file:
        case_file.save_draft("small", {"ok": True})
        writer = case_file._writer_conn
        assert writer is not None
        pages = writer.execute("PRAGMA page_count").fetchone()[0]
        writer.execute(f"PRAGMA max_page_count = {pages}")  # the disk fills up
        big = {"notes": "x" * 200_000}
        case_file.autosave_draft("big", big)
        with pytest.raises(DiskFull):
            case_file.flush()
        assert isinstance(case_file.autosave_problem, DiskFull)
        assert case_file.load_draft("big") == big  # still held in memory
        writer.execute("PRAGMA max_page_count = 1073741823")  # space freed
        case_file.flush()  # tries again
        assert case_file.autosave_problem is None
    with CaseFile.open(case_path, PASSPHRASE, clock=clock) as case_file:
        assert case_file.load_draft("big") == big
        assert case_file.load_draft("small") == {"ok": True}


def test_save_draft_is_on_disk_when_it_returns(case_file: CaseFile, case_path: Path) -> None:
    case_file.save_draft("new-2", {"page": "plan"})
    conn = _other_connection(case_path)
    assert conn.execute("SELECT data FROM drafts WHERE key = 'new-2'").fetchone() == (
        '{"page": "plan"}',
    )
    conn.close()


def test_drafts_list_newest_first_and_discard(case_file: CaseFile, clock: Clock) -> None:
    case_file.save_draft("a", {"n": 1})
    clock.advance(minutes=1)
    case_file.autosave_draft("b", {"n": 2})  # listed even before the writer has saved it
    assert [(k, d) for k, d, _ in case_file.drafts()] == [("b", {"n": 2}), ("a", {"n": 1})]
    assert case_file.drafts()[0][2] == "2026-11-28T09:01:00+00:00"
    case_file.discard_draft("a")
    assert [k for k, _, _ in case_file.drafts()] == ["b"]
    assert case_file.load_draft("a") is None


def test_deleting_a_case_erases_its_drafts_too(case_file: CaseFile) -> None:
    case_id = case_file.add_case(circumstances(), [])
    case_file.autosave_draft(f"case-{case_id}", {"case_id": case_id, "answers": {}})
    case_file.autosave_draft("new-other", {"answers": {}})
    case_file.delete_case(case_id)
    assert [k for k, _, _ in case_file.drafts()] == ["new-other"]
