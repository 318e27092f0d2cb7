"""Edges of the sync found in review, against a real PostgreSQL: what arrives in the last pull
is reported, "mine" keeps this file's latest value, a copied case file is merged rather than
trusted, a conflict with nowhere to go says so, refused notes of erased families are not
"waiting", no session state is left on the register (a pooler in transaction mode may stand in
front), and dates worked out while a case changed are not stored as current."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest
from register_helpers import (
    PASSPHRASE,
    Register,
    add_case,
    edit,
    holdings,
    laptop,
    register_holdings,
    run_cli,
)

from sendadvisor import casework, rules
from sendadvisor.register import server, sync
from sendadvisor.storage import CaseFile

SCHOOL = "circumstances.family.school_name"


def _after_first_pull(monkeypatch: pytest.MonkeyPatch, case_file: CaseFile, meanwhile: Any) -> None:
    """Run `meanwhile()` once, between `case_file`'s first pull and its first push."""
    real_push = sync._push
    done: list[bool] = []

    def push(conn: Any, pushing: CaseFile, device: str, report: Any) -> Any:
        if pushing is case_file and not done:
            done.append(True)
            meanwhile()
        return real_push(conn, pushing, device, report)

    monkeypatch.setattr(sync, "_push", push)


def test_what_the_last_pull_brings_is_reported_and_ours_is_not_counted_twice(
    register: Register, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = laptop(tmp_path / "a.sendadvisor", "alice")
    b = laptop(tmp_path / "b.sendadvisor", "bob")
    try:
        ours = add_case(a, "Sam Smith")
        a.add_note(ours, date(2026, 11, 20), "phone", "Rang.")
        theirs = add_case(b, "Jo Brown")
        _after_first_pull(monkeypatch, a, lambda: sync.sync(b, register.dsn("bob")))
        report = sync.sync(a, register.dsn("alice"))
        assert set(holdings(a)) == {ours, theirs}
        assert report.pushed["case"] == 1 and report.pushed["note"] == 1
        assert report.pulled["case"] == 1 and report.pulled["note"] == 0
        entry = next(e for e in a.recent_activity(20) if e["action"] == "register_synced")
        assert "1 case" in entry["detail"].split("received ")[1]
    finally:
        a.close()
        b.close()


def _conflict(register: Register, a: CaseFile, b: CaseFile) -> str:
    """A conflict on the school, waiting on b (a: Oak Academy, b: Elm School)."""
    case_id = add_case(a, "Sam Smith")
    sync.sync(a, register.dsn("alice"))
    sync.sync(b, register.dsn("bob"))
    edit(a, case_id, lambda c: c["family"].update(school_name="Oak Academy"))
    edit(b, case_id, lambda c: c["family"].update(school_name="Elm School"))
    sync.sync(a, register.dsn("alice"))
    assert [c.field for c in sync.sync(b, register.dsn("bob")).conflicts] == [SCHOOL]
    return case_id


def test_mine_keeps_a_value_edited_here_after_the_conflict_was_found(
    register: Register, tmp_path: Path
) -> None:
    a = laptop(tmp_path / "a.sendadvisor", "alice")
    b_path = tmp_path / "b.sendadvisor"
    b = laptop(b_path, "bob")
    try:
        case_id = _conflict(register, a, b)
        edit(b, case_id, lambda c: c["family"].update(school_name="Birch School"))
        [waiting] = sync.conflicts(b)
        assert (waiting.mine, waiting.theirs) == ("Birch School", "Oak Academy")
    finally:
        b.close()
    done = run_cli("sync", "--data", str(b_path), "--server", register.dsn("bob"))
    assert done.returncode == 3 and "Birch School" in done.stdout, done.stdout + done.stderr
    assert "Elm School" not in done.stdout
    b = laptop(b_path, "bob")
    try:
        sync.resolve(b, case_id, SCHOOL, "mine")
        assert b.get_case(case_id)["circumstances"]["family"]["school_name"] == "Birch School"
        sync.sync(b, register.dsn("bob"))
        sync.sync(a, register.dsn("alice"))
        assert holdings(a) == holdings(b) == register_holdings(register)
        assert holdings(a)[case_id]["circumstances"]["family"]["school_name"] == "Birch School"
    finally:
        a.close()
        b.close()


def test_theirs_for_a_field_gone_here_since_is_a_clear_refusal(
    register: Register, tmp_path: Path
) -> None:
    a = laptop(tmp_path / "a.sendadvisor", "alice")
    b_path = tmp_path / "b.sendadvisor"
    b = laptop(b_path, "bob")
    try:
        case_id = add_case(a, "Sam Smith")
        sync.sync(a, register.dsn("alice"))
        sync.sync(b, register.dsn("bob"))
        edit(a, case_id, lambda c: c["concerns"][0].update(sent_on="2026-11-03"))
        edit(b, case_id, lambda c: c["concerns"][0].update(sent_on="2026-11-04"))
        sync.sync(a, register.dsn("alice"))
        [conflict] = sync.sync(b, register.dsn("bob")).conflicts
        assert conflict.field == "circumstances.concerns[0].sent_on"
        edit(b, case_id, lambda c: c.update(concerns=[]))  # the concern is gone here since
        with pytest.raises(sync.ConflictOutdated, match=f"case {case_id} changed here"):
            sync.resolve(b, case_id, conflict.field, "theirs")
    finally:
        a.close()
        b.close()
    done = run_cli("sync", "--data", str(b_path), "--resolve", case_id, conflict.field, "theirs")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "changed here since" in done.stderr and "Traceback" not in done.stderr
    # Keeping this computer's (no concern) still works.
    done = run_cli("sync", "--data", str(b_path), "--resolve", case_id, conflict.field, "mine")
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_copied_case_file_is_merged_not_taken_as_the_newest_state(
    register: Register, tmp_path: Path
) -> None:
    a_path, c_path = tmp_path / "a.sendadvisor", tmp_path / "c.sendadvisor"
    with laptop(a_path, "alice") as a:
        case_id = add_case(a, "Sam Smith")
        sync.sync(a, register.dsn("alice"))
    shutil.copyfile(a_path, c_path)  # the same sync device in two files
    a = laptop(a_path, "alice")
    c = laptop(c_path, "alice")
    try:
        edit(a, case_id, lambda d: d["family"].update(parent_name="Pat Smith"))
        sync.sync(a, register.dsn("alice"))
        edit(a, case_id, lambda d: d["family"].update(child_name="Samuel Smith"))
        sync.sync(a, register.dsn("alice"))
        edit(c, case_id, lambda d: d["family"].update(school_name="Elm School"))
        report = sync.sync(c, register.dsn("alice"))
        assert report.merged == 1 and not report.conflicts
        family = register_holdings(register)[case_id]["circumstances"]["family"]
        assert (family["parent_name"], family["child_name"], family["school_name"]) == (
            "Pat Smith",
            "Samuel Smith",
            "Elm School",
        )
        assert holdings(c) == register_holdings(register)
    finally:
        a.close()
        c.close()


def test_a_restored_backup_gets_a_sync_device_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "a.sendadvisor"
    with laptop(path, "alice") as a:
        add_case(a, "Sam Smith")
        with a.sync_batch(changes=False) as batch:
            before = batch.device()
    [newest, *_older] = CaseFile.backups_of(path, PASSPHRASE)
    CaseFile.restore_named(path, newest[0].path.name, PASSPHRASE)
    with laptop(path, "alice") as restored:
        with restored.sync_batch(changes=False) as batch:
            after = batch.device()
    assert before and after and after != before


def test_notes_refused_because_their_family_was_erased_are_not_waiting(
    register: Register, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync, "MAX_ROUNDS", 1)
    a = laptop(tmp_path / "a.sendadvisor", "alice")
    b = laptop(tmp_path / "b.sendadvisor", "bob")
    try:
        case_id = add_case(a, "Sam Smith")
        sync.sync(a, register.dsn("alice"))
        sync.sync(b, register.dsn("bob"))
        a.add_note(case_id, date(2026, 11, 21), "email", "Private details.")
        b.delete_case(case_id)
        _after_first_pull(monkeypatch, a, lambda: sync.sync(b, register.dsn("bob")))
        report = sync.sync(a, register.dsn("alice"))
        assert report.waiting == 0 and report.dropped == 1
        assert "private" not in str(register.rows()).lower()
        # The erasure came with the pull after the push (its audit entries went).
        assert report.erased_here == [case_id] and not holdings(a)
        again = sync.sync(a, register.dsn("alice"))
        assert again.waiting == again.dropped == 0 and not again.moved
    finally:
        a.close()
        b.close()


def test_sync_leaves_no_session_state_on_the_register(register: Register, tmp_path: Path) -> None:
    """Behind PgBouncer in transaction mode each transaction may get another server session:
    nothing a sync relies on may outlive its transaction."""
    with laptop(tmp_path / "a.sendadvisor", "alice") as a:
        add_case(a, "Sam Smith")
        with server.connect(register.dsn("alice"), autocommit=True) as conn:
            assert conn.prepare_threshold is None
            with a.sync_batch(changes=False) as batch:
                device = batch.device()
            report = sync.SyncReport()
            sync._pull(conn, a, device, report)
            assert sync._push(conn, a, device, report)[0] >= 1
            left = conn.execute("SELECT to_regclass('pg_temp.push_in')").fetchone()
            assert left == (None,)
            prepared = conn.execute("SELECT count(*) FROM pg_prepared_statements").fetchone()
            assert prepared == (0,)
        # A page pushed on a session that never saw an earlier statement still works.
        edit(a, next(iter(holdings(a))), lambda c: c["family"].update(school_name="Elm"))
        with psycopg.connect(register.dsn("alice"), autocommit=True) as fresh:
            with a.sync_batch(changes=False) as batch:
                items, _after = batch.outgoing()
            versions, _orphaned = sync._push_page(fresh, items, device)
            assert len(versions) == len(items) >= 1


def test_dates_worked_out_while_the_case_changed_are_not_stored_as_current(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with laptop(tmp_path / "a.sendadvisor", "alice") as a:
        case_id = add_case(a, "Sam Smith")  # stored without dates: stale
        current = rules.computed_with()
        real = casework.worked_out
        changed = a.get_case(case_id)["circumstances"]
        changed["concerns"][0]["sent_on"] = "2026-09-01"

        def racing(circumstances: dict[str, Any]) -> Any:
            # Meanwhile the sync worker stores the case as it came from the register.
            [uuid] = _uuids(a)
            with a.sync_batch() as batch:
                data = {"case_id": case_id, "created_at": "2026-11-27", "closed_on": None}
                data["circumstances"] = changed
                batch.store_case(uuid, data, base_version=2, base_data=data, pending=False)
            monkeypatch.setattr(casework, "worked_out", real)
            return real(circumstances)

        monkeypatch.setattr(casework, "worked_out", racing)
        assert casework.refresh_stale_deadlines(a) == 0
        assert [case for case, _c in a.stale_cases(current)] == [case_id]  # found again
        assert casework.refresh_stale_deadlines(a) == 1
        expected, _with = real(changed)
        with a._transaction(changes=False) as db:
            stored = sorted(
                tuple(row)
                for row in db.execute(
                    "SELECT d.id, d.due_on FROM deadlines d JOIN cases c ON c.num = d.case_num "
                    "WHERE c.id = ?",
                    [case_id],
                )
            )
        assert stored == sorted((d["id"], d["due_on"]) for d in expected if "due_on" in d)


def _uuids(case_file: CaseFile) -> list[str]:
    with case_file._transaction(changes=False) as db:
        return [uuid for (uuid,) in db.execute("SELECT uuid FROM cases")]
