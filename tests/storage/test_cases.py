"""Cases, notes, letters, the case list and search, read back from a real encrypted file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from storage_helpers import PASSPHRASE, Clock, circumstances, deadline

from sendadvisor.domain.errors import InputError
from sendadvisor.storage import CaseFile, CaseFileClosed, NoSuchCase

TODAY = date(2026, 11, 28)


def test_a_saved_case_reads_back_exactly_after_reopening(case_path: Path, clock: Clock) -> None:
    data = circumstances("Ada Lovelace")
    data["concerns"][0]["mediation"] = {
        "wants_mediation": False,
        "certificate_issued_on": "2026-11-24",
    }
    with CaseFile.open(case_path, PASSPHRASE, create=True, clock=clock) as case_file:
        case_id = case_file.add_case(data, [deadline("2027-01-04")])
    with CaseFile.open(case_path, PASSPHRASE, clock=clock) as case_file:
        case = case_file.get_case(case_id)
    assert case["id"] == case_id
    assert case["circumstances"] == data
    assert case["closed_on"] is None
    assert case["created_at"] == "2026-11-28T09:00:00+00:00"


def test_case_ids_are_short_distinct_and_forgiving_of_typos(case_file: CaseFile) -> None:
    ids = {case_file.add_case(circumstances(f"Child {n}"), []) for n in range(50)}
    assert len(ids) == 50
    assert all(len(i) == 8 and i.isalnum() and i.upper() == i for i in ids)
    some = min(ids)
    assert case_file.get_case(f"  {some.lower()} ")["id"] == some


def test_save_case_replaces_circumstances_and_deadlines(case_file: CaseFile) -> None:
    case_id = case_file.add_case(circumstances("Ben"), [deadline("2026-12-01")])
    changed = circumstances("Ben Jones")
    case_file.save_case(case_id, changed, [deadline("2027-02-01", id="ombudsman_lgsco")])
    assert case_file.get_case(case_id)["circumstances"] == changed
    [row] = case_file.list_cases(today=TODAY)
    assert (row.child_name, row.next_deadline_id, row.next_deadline_on) == (
        "Ben Jones",
        "ombudsman_lgsco",
        date(2027, 2, 1),
    )


def test_missing_cases_are_reported_plainly(case_file: CaseFile) -> None:
    for call in (
        lambda: case_file.get_case("ZZZZZZZZ"),
        lambda: case_file.save_case("ZZZZZZZZ", circumstances(), []),
        lambda: case_file.notes("ZZZZZZZZ"),
        lambda: case_file.close_case("ZZZZZZZZ", TODAY),
        lambda: case_file.delete_case("ZZZZZZZZ"),
    ):
        with pytest.raises(NoSuchCase) as raised:
            call()
        assert raised.value.message == "There is no case ZZZZZZZZ in this case file."
        assert isinstance(raised.value, KeyError)


def test_list_shows_next_upcoming_deadline_and_overdue_council_limits(case_file: CaseFile) -> None:
    late = case_file.add_case(
        circumstances("Late Council"),
        [
            deadline("2026-11-01", who="council", id="annual_review_decision", concern=None),
            deadline("2026-11-27", who="council", id="council_final_plan", concern=None),
            deadline("2026-11-20", who="family", id="tribunal_appeal"),  # the family's: not counted
            deadline("2027-03-01", who="family", id="tribunal_appeal"),
        ],
    )
    soon = case_file.add_case(
        circumstances("Soon"), [deadline("2026-11-28", id="exclusion_review")]
    )
    none = case_file.add_case(circumstances("Aaron None"), [])
    rows = case_file.list_cases(today=TODAY)
    # Soonest next deadline first (today counts as upcoming); cases without one last.
    assert [r.id for r in rows] == [soon, late, none]
    by_id = {r.id: r for r in rows}
    assert by_id[late].overdue_council == 2
    assert (by_id[late].next_deadline_id, by_id[late].next_deadline_on) == (
        "tribunal_appeal",
        date(2027, 3, 1),
    )
    assert by_id[soon].overdue_council == 0
    assert by_id[none].next_deadline_on is None and by_id[none].next_deadline_id is None
    # A later "today" moves the next deadline on and counts more limits as overdue.
    later = {r.id: r for r in case_file.list_cases(today=date(2026, 11, 29))}
    assert later[soon].next_deadline_on is None
    assert later[late].overdue_council == 2
    assert len(case_file.list_cases(today=TODAY, limit=2)) == 2


def test_list_row_carries_school_and_latest_concern(case_file: CaseFile) -> None:
    concerns = [
        {"kind": "refuse_assessment", "sent_on": "2026-10-01"},
        {"kind": "disability_discrimination", "conduct_on": "2026-11-10"},
        {"kind": "council_delay", "noticed_on": "2026-09-01"},
    ]
    case_file.add_case(circumstances("Cara", school="Oak Academy", concerns=concerns), [])
    [row] = case_file.list_cases(today=TODAY)
    assert row.school == "Oak Academy"
    assert row.latest_concern == "disability_discrimination"


def test_search_finds_names_by_prefix_notes_ids_and_ignores_accents(case_file: CaseFile) -> None:
    sam = case_file.add_case(circumstances("Sam Smith"), [])
    zoe = case_file.add_case(
        circumstances("Zoë Brontë", parent="Chloé Brontë", school="Oak Academy"), []
    )
    case_file.add_case(circumstances("Other Child"), [])
    case_file.add_note(sam, date(2026, 11, 20), "home_visit", "Talked about speech therapy hours")

    def found(text: str) -> set[str]:
        return {r.id for r in case_file.list_cases(text, today=TODAY)}

    assert found("sam smi") == {sam}
    assert found("zoe") == {zoe}  # accents do not matter
    assert found("chloe") == {zoe}
    assert found("oak") == {zoe}
    assert found("speech therapy") == {sam}  # the note
    assert found(zoe.lower()) == {zoe}
    assert len(found("dt1")) == 3  # the postcode in every address
    assert found("nobody") == set()
    # Search syntax typed by an adviser is just words, never an error.
    assert found('"sam" AND NOT (smith') == set()
    assert found("?!") == set()
    assert len(found("")) == 3


def test_closed_cases_leave_the_list_unless_asked_for(case_file: CaseFile) -> None:
    open_id = case_file.add_case(circumstances("Open"), [])
    closed_id = case_file.add_case(circumstances("Closed"), [])
    case_file.close_case(closed_id, date(2026, 11, 1))
    assert [r.id for r in case_file.list_cases(today=TODAY)] == [open_id]
    rows = {r.id: r for r in case_file.list_cases(today=TODAY, include_closed=True)}
    assert rows[closed_id].closed_on == date(2026, 11, 1)
    assert case_file.get_case(closed_id)["closed_on"] == "2026-11-01"
    case_file.reopen_case(closed_id)
    assert {r.id for r in case_file.list_cases(today=TODAY)} == {open_id, closed_id}


def test_notes_are_kept_in_date_order_with_who_wrote_them(case_path: Path, clock: Clock) -> None:
    with CaseFile.open(
        case_path, PASSPHRASE, create=True, user="Jo Adviser", clock=clock
    ) as case_file:
        case_id = case_file.add_case(circumstances(), [])
        second = case_file.add_note(case_id, date(2026, 11, 20), "phone", "  Called mum back.  ")
        first = case_file.add_note(case_id, date(2026, 11, 2), "home_visit", "First visit.")
        notes = case_file.notes(case_id)
    assert [n["id"] for n in notes] == [first, second]
    assert notes[1] == {
        "id": second,
        "on": "2026-11-20",
        "channel": "phone",
        "text": "Called mum back.",
        "user": "Jo Adviser",
        "created_at": "2026-11-28T09:00:00+00:00",
    }


def test_bad_notes_and_deadlines_are_refused_naming_the_field(case_file: CaseFile) -> None:
    case_id = case_file.add_case(circumstances(), [])
    with pytest.raises(InputError, match="^channel: 'fax' is not one of"):
        case_file.add_note(case_id, TODAY, "fax", "text")
    with pytest.raises(InputError, match="^text: "):
        case_file.add_note(case_id, TODAY, "email", "   ")
    with pytest.raises(InputError, match=r"^deadlines\[1\]\.due_on: 2027-02-30 is not a date"):
        case_file.add_case(circumstances("X"), [deadline("2027-01-01"), deadline("2027-02-30")])
    with pytest.raises(InputError, match=r"^deadlines\[0\]\.who: is missing"):
        case_file.save_case(case_id, circumstances("Y"), [{"id": "a", "due_on": "2027-01-01"}])
    # Nothing half-saved: the refused case is absent and the existing one unchanged.
    assert [r.id for r in case_file.list_cases(today=TODAY)] == [case_id]
    assert case_file.get_case(case_id)["circumstances"] == circumstances()
    assert case_file.notes(case_id) == []


def test_letters_are_recorded_with_rules_version_and_hash(case_file: CaseFile) -> None:
    case_id = case_file.add_case(circumstances(), [])
    case_file.record_letter(
        case_id, by="Jo", rules_version="2026.11.1", pdf_sha256="ab" * 32, large_print=True
    )
    assert case_file.letters(case_id) == [
        {
            "issued_at": "2026-11-28T09:00:00+00:00",
            "by": "Jo",
            "rules_version": "2026.11.1",
            "pdf_sha256": "ab" * 32,
            "large_print": True,
            "path": None,
        }
    ]


def test_audit_log_records_who_did_what_without_personal_details(
    case_path: Path, clock: Clock
) -> None:
    with CaseFile.open(case_path, PASSPHRASE, create=True, user="Jo", clock=clock) as case_file:
        case_id = case_file.add_case(circumstances("Priya Patel"), [])
        case_file.get_case(case_id)
        case_file.add_note(case_id, TODAY, "email", "Sent the leaflet")
        case_file.export_case(case_id)
        case_file.delete_case(case_id)
        activity = case_file.recent_activity(10)
    assert [a["action"] for a in activity] == [
        "case_deleted",
        "case_exported",
        "note_added",
        "case_opened",
        "case_added",
        "file_opened",
        "file_created",
    ]
    assert all(a["user"] == "Jo" for a in activity)
    assert {a["case_id"] for a in activity[:5]} == {case_id}
    assert "Priya" not in repr(activity) and "leaflet" not in repr(activity)


def test_a_closed_case_file_refuses_further_use(case_path: Path, clock: Clock) -> None:
    case_file = CaseFile.open(case_path, PASSPHRASE, create=True, clock=clock)
    case_file.close()
    case_file.close()  # closing twice is harmless
    with pytest.raises(CaseFileClosed):
        case_file.list_cases(today=TODAY)
    with pytest.raises(CaseFileClosed):
        case_file.autosave_draft("k", {})
