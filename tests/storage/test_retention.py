"""Retention and rights: purge after the retention period, export everything, erase a family."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from storage_helpers import circumstances, deadline

from sendadvisor.domain.errors import InputError
from sendadvisor.storage import CaseFile, NoSuchCase

TODAY = date(2026, 11, 28)


def _tables_mentioning(case_file: CaseFile, text: str) -> list[str]:
    """Tables (full-text indexes included, via their vocabularies) where the word still appears."""
    db = case_file._db
    found = []
    for table in ("cases", "notes", "drafts", "audit", "letters", "deadlines"):
        columns = [c.name for c in db[table].columns]
        where = " OR ".join(f"CAST({c} AS TEXT) LIKE ?" for c in columns)
        if db.execute(
            f"SELECT count(*) FROM {table} WHERE {where}", [f"%{text}%"] * len(columns)
        ).fetchone()[0]:
            found.append(table)
    for index in ("cases_fts", "notes_fts"):
        db.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{index}_words "
            f"USING fts5vocab(main, {index}, 'row')"
        )
        if db.execute(
            f"SELECT count(*) FROM temp.{index}_words WHERE term = ?", [text.lower()]
        ).fetchone()[0]:
            found.append(index)
    return found


def test_purge_erases_only_cases_closed_longer_than_the_period(case_file: CaseFile) -> None:
    old = case_file.add_case(circumstances("Oldclosed Child"), [deadline("2025-01-01")])
    case_file.add_note(old, date(2025, 1, 1), "phone", "Oldnote text")
    boundary = case_file.add_case(circumstances("Boundary Child"), [])
    recent = case_file.add_case(circumstances("Recent Child"), [])
    still_open = case_file.add_case(circumstances("Open Child"), [])
    case_file.close_case(old, TODAY - timedelta(days=400))
    case_file.close_case(boundary, TODAY - timedelta(days=365))  # exactly the period: kept
    case_file.close_case(recent, TODAY - timedelta(days=30))
    assert case_file.purge_closed(older_than_days=365, today=TODAY) == 1
    remaining = {r.id for r in case_file.list_cases(today=TODAY, include_closed=True)}
    assert remaining == {boundary, recent, still_open}
    with pytest.raises(NoSuchCase):
        case_file.export_case(old)
    assert _tables_mentioning(case_file, "Oldclosed") == []
    assert _tables_mentioning(case_file, "Oldnote") == []
    [entry] = [a for a in case_file.recent_activity() if a["action"] == "closed_cases_purged"]
    assert entry["case_id"] is None
    assert entry["detail"] == "1 closed before 2025-11-28 (365 days)"
    assert case_file.purge_closed(older_than_days=365, today=TODAY) == 0


def test_purge_refuses_a_negative_period(case_file: CaseFile) -> None:
    with pytest.raises(InputError, match="older_than_days"):
        case_file.purge_closed(older_than_days=-1, today=TODAY)


def test_erasing_a_family_leaves_no_trace_of_their_details(case_file: CaseFile) -> None:
    gone = case_file.add_case(
        circumstances("Erasable Person", parent="Parentname Gone"), [deadline("2027-01-04")]
    )
    kept = case_file.add_case(circumstances("Kept Person"), [])
    case_file.add_note(gone, TODAY, "home_visit", "Uniqueword about the family")
    case_file.record_letter(
        gone, by="Jo", rules_version="1", pdf_sha256="cd" * 32, large_print=False
    )
    case_file.save_draft(
        f"case-{gone}", {"case_id": gone, "answers": {"family.child_name": "Erasable Person"}}
    )
    assert _tables_mentioning(case_file, "Uniqueword") == [
        "notes",
        "notes_fts",
    ]  # the check can see it
    case_file.delete_case(gone)
    for word in ("Erasable", "Parentname", "Uniqueword", "cd" * 32):
        assert _tables_mentioning(case_file, word) == [], word
    assert [r.id for r in case_file.list_cases(today=TODAY)] == [kept]
    # The audit log keeps that it happened (and the case id), not the data.
    assert case_file.recent_activity(1)[0] | {"at": None} == {
        "at": None,
        "user": "adviser",
        "action": "case_deleted",
        "case_id": gone,
        "detail": "",
    }
    # Deleted words are dropped from the full-text index at once (FTS5 secure-delete).
    for index in ("cases_fts", "notes_fts"):
        assert case_file._db.execute(
            f"SELECT v FROM {index}_config WHERE k = 'secure-delete'"
        ).fetchone() == (1,)


def test_subject_access_export_holds_everything_about_one_family(case_file: CaseFile) -> None:
    case_id = case_file.add_case(circumstances("Subject Child"), [deadline("2027-01-04")])
    other = case_file.add_case(circumstances("Someone Else"), [])
    case_file.add_note(case_id, date(2026, 11, 20), "email", "Emailed the plan")
    case_file.add_note(other, date(2026, 11, 20), "email", "Not theirs")
    case_file.record_letter(
        case_id, by="Jo", rules_version="2026.11.1", pdf_sha256="ef" * 32, large_print=True
    )
    case_file.save_draft(f"case-{case_id}", {"case_id": case_id, "answers": {}})
    case_file.close_case(case_id, date(2026, 11, 27))
    export = case_file.export_case(case_id)
    assert export["case_id"] == case_id and export["closed_on"] == "2026-11-27"
    assert export["circumstances"] == circumstances("Subject Child")
    assert export["deadlines"] == [
        {
            "concern": 0,
            "id": "tribunal_appeal",
            "due_on": "2027-01-04",
            "who": "family",
            "status": "upcoming",
        }
    ]
    assert [n["text"] for n in export["notes"]] == ["Emailed the plan"]
    assert [letter["pdf_sha256"] for letter in export["letters"]] == ["ef" * 32]
    assert [d["key"] for d in export["drafts"]] == [f"case-{case_id}"]
    assert [a["action"] for a in export["audit"]] == [
        "case_added",
        "note_added",
        "letter_recorded",
        "case_closed",
        "case_exported",
    ]
    assert "Someone Else" not in repr(export) and "Not theirs" not in repr(export)
