"""Two laptops and the register, against a real PostgreSQL: changes meet, conflicts wait for the
adviser, erasures reach everywhere."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from register_helpers import (
    Register,
    add_case,
    edit,
    holdings,
    laptop,
    register_holdings,
    run_cli,
)

from sendadvisor.register import sync


def test_two_laptops_and_the_register_converge_after_offline_edits_on_both(
    register: Register, tmp_path: Path
) -> None:
    a = laptop(tmp_path / "a.sendadvisor", "alice")
    b = laptop(tmp_path / "b.sendadvisor", "bob")
    try:
        first = add_case(a, "Sam Smith")
        a.add_note(first, date(2026, 11, 20), "home_visit", "Visited; plan arrived late.")
        a.record_letter(first, by="alice", rules_version="r1", pdf_sha256="aa", large_print=False)
        second = add_case(b, "Jo Brown")
        report = sync.sync(a, register.dsn("alice"))
        assert report.pushed["case"] == 1 and report.pushed["note"] == 1
        assert report.pushed["letter"] == 1
        sync.sync(b, register.dsn("bob"))
        sync.sync(a, register.dsn("alice"))
        assert holdings(a) == holdings(b) == register_holdings(register)
        assert set(holdings(a)) == {first, second}

        # Offline, each laptop changes a different field of the same case, and more.
        edit(a, second, lambda c: c["family"].update(school_name="Oak Academy"))
        edit(b, second, lambda c: c["family"].update(parent_name="Pat Brown"))
        a.close_case(first, date(2026, 11, 28))
        b.add_note(first, date(2026, 11, 29), "phone", "Mother rang about the appeal.")
        third = add_case(b, "Ali Khan")

        assert not sync.sync(a, register.dsn("alice")).conflicts
        report = sync.sync(b, register.dsn("bob"))
        assert report.merged == 1 and not report.conflicts
        sync.sync(a, register.dsn("alice"))

        mine, theirs = holdings(a), holdings(b)
        assert mine == theirs == register_holdings(register)
        assert set(mine) == {first, second, third}
        assert mine[second]["circumstances"]["family"]["school_name"] == "Oak Academy"
        assert mine[second]["circumstances"]["family"]["parent_name"] == "Pat Brown"
        assert mine[first]["closed_on"] == "2026-11-28"
        assert len(mine[first]["notes"]) == 2
        # The register says who wrote each record; nothing is there twice.
        rows = register.rows()
        assert {r["adviser"] for r in rows} == {"alice", "bob"}
        assert len({r["uuid"] for r in rows}) == len(rows)
        # Nothing waits: a further sync moves nothing of substance.
        again = sync.sync(a, register.dsn("alice"))
        assert again.pulled["case"] == 0 and again.pushed["case"] == 0
    finally:
        a.close()
        b.close()


def test_a_same_field_conflict_is_reported_kept_and_settled_by_the_adviser(
    register: Register, tmp_path: Path
) -> None:
    a = laptop(tmp_path / "a.sendadvisor", "alice")
    b_path = tmp_path / "b.sendadvisor"
    b = laptop(b_path, "bob")
    try:
        case_id = add_case(a, "Sam Smith")
        sync.sync(a, register.dsn("alice"))
        sync.sync(b, register.dsn("bob"))
        edit(a, case_id, lambda c: c["family"].update(school_name="Oak Academy", parent_name="Al"))
        edit(b, case_id, lambda c: c["family"].update(school_name="Elm School"))
        sync.sync(a, register.dsn("alice"))
        report = sync.sync(b, register.dsn("bob"))
        field = "circumstances.family.school_name"
        assert [(c.case_id, c.field, c.mine, c.theirs) for c in report.conflicts] == [
            (case_id, field, "Elm School", "Oak Academy")
        ]
        # Not overwritten on either side; the other field merged.
        family = b.get_case(case_id)["circumstances"]["family"]
        assert (family["school_name"], family["parent_name"]) == ("Elm School", "Al")
        registered = register_holdings(register)[case_id]["circumstances"]["family"]
        assert registered["school_name"] == "Oak Academy"
        # Syncing again neither loses it nor sends the unsettled case.
        assert sync.sync(b, register.dsn("bob")).conflicts
        assert register_holdings(register)[case_id]["circumstances"]["family"]["school_name"] == (
            "Oak Academy"
        )
    finally:
        b.close()
    # The command line says so with exit status 3, then the adviser chooses.
    done = run_cli("sync", "--data", str(b_path), "--server", register.dsn("bob"))
    assert done.returncode == 3, done.stderr
    assert field in done.stdout and "Elm School" in done.stdout and "Oak Academy" in done.stdout
    done = run_cli(
        "sync", "--data", str(b_path), "--server", register.dsn("bob"),
        "--resolve", case_id, field, "mine",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    b = laptop(b_path, "bob")
    try:
        assert not sync.conflicts(b)
        assert any(e["action"] == "sync_conflict_resolved" for e in b.recent_activity(50))
        sync.sync(a, register.dsn("alice"))
        assert holdings(a) == holdings(b) == register_holdings(register)
        assert holdings(a)[case_id]["circumstances"]["family"]["school_name"] == "Elm School"
    finally:
        a.close()
        b.close()


def test_a_conflict_settled_for_theirs_takes_the_registers_value(
    register: Register, tmp_path: Path
) -> None:
    a = laptop(tmp_path / "a.sendadvisor", "alice")
    b = laptop(tmp_path / "b.sendadvisor", "bob")
    try:
        case_id = add_case(a, "Sam Smith")
        sync.sync(a, register.dsn("alice"))
        sync.sync(b, register.dsn("bob"))
        a.close_case(case_id, date(2026, 11, 28))
        b.close_case(case_id, date(2026, 11, 29))
        sync.sync(a, register.dsn("alice"))
        assert [c.field for c in sync.sync(b, register.dsn("bob")).conflicts] == ["closed_on"]
        sync.resolve(b, case_id.lower(), "closed_on", "theirs")
        assert not sync.sync(b, register.dsn("bob")).conflicts
        assert b.get_case(case_id)["closed_on"] == "2026-11-28"
        assert holdings(a) == holdings(b) == register_holdings(register)
    finally:
        a.close()
        b.close()


def test_a_family_erased_on_one_laptop_is_erased_everywhere(
    register: Register, tmp_path: Path
) -> None:
    a = laptop(tmp_path / "a.sendadvisor", "alice")
    b = laptop(tmp_path / "b.sendadvisor", "bob")
    try:
        gone = add_case(a, "Sam Smith")
        kept = add_case(a, "Jo Brown")
        a.add_note(gone, date(2026, 11, 20), "phone", "Private details.")
        sync.sync(a, register.dsn("alice"))
        sync.sync(b, register.dsn("bob"))
        # Offline, one laptop erases the family while the other adds a note to it.
        a.delete_case(gone)
        b.add_note(gone, date(2026, 11, 21), "email", "More private details.")
        assert sync.sync(a, register.dsn("alice")).pushed["erasure"] == 1
        report = sync.sync(b, register.dsn("bob"))
        assert report.erased_here == [gone]
        assert set(holdings(b)) == set(holdings(a)) == {kept}
        # In the register only tombstones are left of the family: no data at all.
        case_uuid = [r["uuid"] for r in register.rows("case") if r["erased"]]
        assert len(case_uuid) == 1
        of_family = [r for r in register.rows() if case_uuid[0] in (r["uuid"], r["case_uuid"])]
        assert of_family and all(r["erased"] and r["data"] is None for r in of_family)
        assert "private" not in str(register.rows()).lower()
    finally:
        a.close()
        b.close()


def test_with_the_server_stopped_sync_exits_2_quickly_and_a_later_sync_works(
    register: Register, tmp_path: Path
) -> None:
    path = tmp_path / "a.sendadvisor"
    with laptop(path, "alice") as a:
        add_case(a, "Sam Smith")
    register.cluster.stop()
    try:
        started = time.monotonic()
        done = run_cli("sync", "--data", str(path), "--server", register.dsn("alice"))
        assert done.returncode == 2
        assert time.monotonic() - started < 15
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "cannot be reached" in lines[0], done.stderr
        assert "Traceback" not in done.stderr
        with laptop(path, "alice") as a:  # the case file works as ever meanwhile
            add_case(a, "Jo Brown")
    finally:
        register.cluster.start()
    done = run_cli("sync", "--data", str(path), "--server", register.dsn("alice"))
    assert done.returncode == 0, done.stderr
    assert "sent: 2 cases" in done.stdout
    assert len(register.rows("case")) == 2


def test_a_refused_register_exits_2_with_one_line(register: Register, tmp_path: Path) -> None:
    path = tmp_path / "a.sendadvisor"
    with laptop(path, "dave"):
        pass
    cases = [
        (register.dsn("no_such_role"), "refused"),  # no such role
        (register.dsn("alice") + " password=secret", "PGPASSWORD"),
        ("host=register.example.org dbname=x sslmode=require", "verify-full"),
        (register.cluster.dsn("postgres", "alice"), "not set up"),  # a database with no register
    ]
    for dsn, words in cases:
        done = run_cli("sync", "--data", str(path), "--server", dsn)
        assert done.returncode == 2, (dsn, done.stdout, done.stderr)
        assert words in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
