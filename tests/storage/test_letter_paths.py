"""Migration 0007: where each letter was saved is kept in the case file, not only for a session."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations
from storage_helpers import PASSPHRASE, Clock, circumstances

from sendadvisor.storage import CaseFile, schema


def _file_before_letter_paths(path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> str:
    """A case file made by the version before this step (every other step applied), with one
    letter recorded."""
    older = Migrations(schema.MIGRATION_SET)
    for migration in schema.migrations.pending(Database(memory=True)):
        if migration.name != "0007_letter_paths":
            older(name=migration.name)(migration.fn)
    with monkeypatch.context() as patched:
        patched.setattr(schema, "migrations", older)
        with CaseFile.open(path, PASSPHRASE, create=True, clock=clock) as case_file:
            case_id = case_file.add_case(circumstances(), [])
            assert "path" not in case_file._db["letters"].columns_dict
            with case_file._transaction() as db:  # as that version's record_letter wrote it
                db.table("letters").insert(
                    {
                        "case_num": case_file._num(db, case_id),
                        "issued_at": "2026-11-27T10:00:00+00:00",
                        "issued_by": "Jo",
                        "rules_version": "r1",
                        "pdf_sha256": "aa" * 32,
                        "large_print": 0,
                    }
                )
    return case_id


def test_an_older_file_upgrades_and_its_letters_have_no_saved_place(
    case_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = _file_before_letter_paths(case_path, clock, monkeypatch)
    with CaseFile.open(case_path, PASSPHRASE, clock=clock) as case_file:
        assert "0007_letter_paths" in schema.applied_migrations(case_file._db)
        [old] = case_file.letters(case_id)
        assert (old["pdf_sha256"], old["by"], old["path"]) == ("aa" * 32, "Jo", None)
        case_file.record_letter(
            case_id,
            by="Jo",
            rules_version="r1",
            pdf_sha256="bb" * 32,
            large_print=True,
            path="/home/jo/Documents/Letter for Sam.pdf",
        )
    with CaseFile.open(case_path, PASSPHRASE, clock=clock) as case_file:
        paths = [letter["path"] for letter in case_file.letters(case_id)]
    assert paths == [None, "/home/jo/Documents/Letter for Sam.pdf"]


def test_a_letter_printed_first_and_saved_later_keeps_where_it_was_saved(
    case_file: CaseFile,
) -> None:
    case_id = case_file.add_case(circumstances(), [])
    case_file.record_letter(
        case_id, by="Jo", rules_version="r1", pdf_sha256="cc" * 32, large_print=False
    )
    case_file.letter_saved(case_id, "cc" * 32, "/tmp/saved.pdf")
    [letter] = case_file.letters(case_id)
    assert letter["path"] == "/tmp/saved.pdf"
    case_file.letter_saved(case_id, "cc" * 32, "/tmp/moved.pdf")  # saved again elsewhere
    assert [letter["path"] for letter in case_file.letters(case_id)] == ["/tmp/moved.pdf"]
