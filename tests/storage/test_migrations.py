"""Migrations: a first-version file opens and is brought up to date; a failed step leaves none."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from sendadvisor.storage import CaseFile, MigrationFailed, cipher, schema

FIXTURE = Path(__file__).parent / "fixtures" / "schema1.sendadvisor"
FIXTURE_PASSPHRASE = "schema one fixture"  # see fixtures/make_schema1.py


@pytest.fixture
def schema1(tmp_path: Path) -> Path:
    path = tmp_path / "old.sendadvisor"
    shutil.copyfile(FIXTURE, path)
    return path


def _applied(path: Path) -> list[str]:
    salt = cipher.read_head(path, cipher.SALT_BYTES)
    conn = cipher.connect(path, cipher.derive_key(FIXTURE_PASSPHRASE, salt))
    try:
        return schema.applied_migrations(Database(conn, execute_plugins=False))
    finally:
        conn.close()


def test_the_fixture_really_is_the_first_schema_version(schema1: Path) -> None:
    assert _applied(schema1) == ["0001_cases_notes_letters_audit"]


def test_a_first_version_file_opens_migrates_and_keeps_everything(schema1: Path) -> None:
    with CaseFile.open(schema1, FIXTURE_PASSPHRASE) as case_file:
        [row] = case_file.list_cases(today=date(2026, 11, 28))
        assert (row.id, row.child_name, row.next_deadline_id) == (
            "F1XTURE1",
            "Fixture Child",
            "tribunal_appeal",
        )
        assert (
            case_file.get_case("F1XTURE1")["circumstances"]["family"]["parent_name"]
            == "Fixture Parent"
        )
        # Full-text search did not exist in version 1: the migration indexed the old rows.
        assert [r.id for r in case_file.list_cases("fixture", today=date(2026, 11, 28))] == [
            "F1XTURE1"
        ]
        assert [r.id for r in case_file.list_cases("transport", today=date(2026, 11, 28))] == [
            "F1XTURE1"
        ]
        assert case_file.load_draft("new-fixture") == {"answers": {}}
        backups = case_file.backups()
    assert _applied(schema1) == list(schema.known_migrations())
    before = [b for b in backups if b.reason == "before-migration"]
    assert len(before) == 1
    # The backup taken before migrating is the untouched first-version file.
    assert _applied(before[0].path) == ["0001_cases_notes_letters_audit"]


def test_a_failed_migration_step_leaves_the_file_at_the_last_good_step(
    schema1: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trial = Migrations(schema.MIGRATION_SET)
    for migration in schema.migrations.pending(Database(memory=True)):
        trial(name=migration.name)(migration.fn)

    @trial(name="0003_broken")
    def broken(db: Database) -> None:
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("a bug in a migration")

    monkeypatch.setattr(schema, "migrations", trial)
    with pytest.raises(MigrationFailed) as raised:
        CaseFile.open(schema1, FIXTURE_PASSPHRASE)
    assert "nothing in it was lost" in raised.value.message
    monkeypatch.undo()
    assert _applied(schema1) == list(schema.known_migrations())  # 0002 stayed; 0003 left no trace
    with CaseFile.open(schema1, FIXTURE_PASSPHRASE) as case_file:
        assert not case_file._db["half_done"].exists()
        assert [r.id for r in case_file.list_cases("fixture", today=date(2026, 11, 28))] == [
            "F1XTURE1"
        ]


def test_migration_names_are_ordered_and_unique() -> None:
    names = schema.known_migrations()
    assert list(names) == sorted(set(names))
