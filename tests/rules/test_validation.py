"""Bad input gets one clear message naming the field, through the API and the command line."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from sendadvisor.app import main
from sendadvisor.domain.circumstances import end_of_compulsory_school_age, parse_circumstances
from sendadvisor.domain.errors import InputError
from sendadvisor.rules import assess

EXAMPLE = json.loads((Path(__file__).parents[2] / "examples" / "plan-contents.json").read_text())


def changed(path: str, value: object) -> dict:
    data = copy.deepcopy(EXAMPLE)
    *parents, last = path.split(".")
    target = data
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "field", "words"),
    [
        (
            "concerns.0.sent_on",
            "2026-02-30",
            "concerns[0].sent_on",
            "2026-02-30 is not a real date",
        ),
        ("concerns.0.sent_on", "02/11/2026", "concerns[0].sent_on", "YYYY-MM-DD"),
        ("concerns.0.sent_on", "2026-12-01", "concerns[0].sent_on", "after as_of"),
        ("concerns.0.sent_on", "2012-01-01", "concerns[0].sent_on", "2014"),
        ("concerns.0.kind", "plan_content", "concerns[0].kind", "did you mean plan_contents"),
        ("concerns.0.sections", ["F", "Z"], "concerns[0].sections", "'Z'"),
        ("concerns.0.sections", KeyError, "concerns[0].sections", "is needed"),
        (
            "concerns.0.sendt_on",
            "2026-11-02",
            "concerns[0].sendt_on",
            "unknown field (did you mean sent_on?)",
        ),
        (
            "concerns.0.mediation.certificate_issued_on",
            "2026-10-01",
            "concerns[0].mediation.certificate_issued_on",
            "before the decision was sent",
        ),
        (
            "concerns.0.mediation.wants_mediation",
            "no",
            "concerns[0].mediation.wants_mediation",
            "true or false",
        ),
        ("schema", "sendadvisor.circumstances/2", "schema", "must be exactly"),
        ("as_of", KeyError, "as_of", "is required"),
        ("concerns", [], "concerns", "at least one"),
        ("ehc_plan", "none", "concerns[0].kind", "needs an EHC plan"),
        ("family.child_date_of_birth", "2030-01-01", "family.child_date_of_birth", "future"),
        (
            "timeline.annual_review_meeting_on",
            "2026-13-01",
            "timeline.annual_review_meeting_on",
            "not a real date",
        ),
        ("appellant", "grandparent", "appellant", "not one of"),
    ],
)
def test_bad_input_names_the_field(path: str, value: object, field: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        assess(changed(path, value))
    assert caught.value.field == field
    assert words in str(caught.value)
    assert str(caught.value).startswith(f"{field}: ")


def test_young_person_is_worked_out_from_the_date_of_birth() -> None:
    assert (
        end_of_compulsory_school_age(__import__("datetime").date(2008, 8, 31)).isoformat()
        == "2024-06-28"
    )
    assert (
        end_of_compulsory_school_age(__import__("datetime").date(2008, 9, 1)).isoformat()
        == "2025-06-27"
    )
    data = changed("family.child_date_of_birth", "2008-03-01")
    del data["appellant"]
    circumstances = parse_circumstances(data)
    assert circumstances.appellant == "young_person"
    assert "appellant_worked_out" in [w["id"] for w in assess(data)["warnings"]]
    data = changed("family.child_date_of_birth", "2014-05-01")
    del data["appellant"]
    assert parse_circumstances(data).appellant == "parent"


def test_cli_bad_date_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = tmp_path / "case.json"
    case.write_text(json.dumps(changed("concerns.0.sent_on", "2026-02-30")))
    assert main(["assess", str(case), "--json"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip() == "sendadvisor: concerns[0].sent_on: 2026-02-30 is not a real date"


@pytest.mark.parametrize("content", ["{not json", "[]", ""])
def test_cli_unreadable_json_exits_2(
    tmp_path: Path, content: str, capsys: pytest.CaptureFixture[str]
) -> None:
    case = tmp_path / "case.json"
    case.write_text(content)
    assert main(["assess", str(case)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_cli_missing_file_and_unknown_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "/nonexistent/case.json"]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["assess"]) == 2
    assert main(["frobnicate"]) == 2


def test_cli_json_from_stdin_as_a_subprocess() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sendadvisor", "assess", "-", "--json"],
        input=json.dumps(EXAMPLE),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assessment = json.loads(done.stdout)
    assert assessment == json.loads(json.dumps(assess(EXAMPLE)))
    appeal = {d["id"]: d for d in assessment["concerns"][0]["deadlines"]}["tribunal_appeal"]
    assert appeal["due_on"] == "2027-01-04"


def test_cli_plain_english_names_every_deadline_in_full(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(Path(__file__).parents[2] / "examples" / "plan-contents.json")
    assert main(["assess", path]) == 0
    out = capsys.readouterr().out
    assert "Monday 4 January 2027" in out
    assert "Appeal to the SEND Tribunal (needs a mediation certificate)" in out
    assert "Traceback" not in out


def test_as_of_only_changes_the_status_not_the_dates() -> None:
    before = assess(EXAMPLE)
    later = assess(changed("as_of", "2027-02-01"))

    def dates(a: dict) -> list:
        return [(d["id"], d["due_on"]) for d in a["concerns"][0]["deadlines"]]

    def statuses(a: dict) -> dict:
        return {d["id"]: d["status"] for d in a["concerns"][0]["deadlines"]}

    assert dates(before) == dates(later)
    # The adviser was contacted (done either way); the appeal's last day is what as_of decides.
    assert statuses(before) == {"mediation_adviser_contact": "done", "tribunal_appeal": "upcoming"}
    assert statuses(later) == {"mediation_adviser_contact": "done", "tribunal_appeal": "passed"}


def test_missing_decision_date_gives_a_warning_naming_the_field() -> None:
    data = changed("concerns.0.sent_on", KeyError)
    del data["concerns"][0]["mediation"]
    result = assess(data)
    assert [d["id"] for d in result["concerns"][0]["deadlines"]] == []
    fields = {w.get("field") for w in result["warnings"] if w["id"] == "missing_fact"}
    assert "concerns[0].sent_on" in fields


def test_dates_beyond_the_holiday_data_give_a_warning() -> None:
    from datetime import date

    from sendadvisor.rules.holidays import default_bank_holidays

    # A list with a known reach, so the test never depends on when the shipped list ends.
    shipped = default_bank_holidays()
    short = shipped._replace(
        days={d: n for d, n in shipped.days.items() if d <= date(2026, 12, 31)},
        horizon=date(2026, 12, 31),
    )
    warned = [w["id"] for w in assess(EXAMPLE, holidays=short)["warnings"]]
    assert "holidays_beyond_data" in warned  # the appeal's working reaches into January 2027
    longer = shipped._replace(horizon=max(shipped.horizon, date(2027, 12, 31)))
    assert "holidays_beyond_data" not in [
        w["id"] for w in assess(EXAMPLE, holidays=longer)["warnings"]
    ]


def test_stored_dates_keep_a_step_already_done_with_its_day() -> None:
    from sendadvisor.rules import flatten_deadlines

    rows = flatten_deadlines(assess(EXAMPLE))
    # The adviser was contacted on 20 November: kept as done, with the day, for the service report
    # (the case list ignores done rows); the appeal is still to come.
    assert rows == [
        {
            "concern": 0,
            "id": "mediation_adviser_contact",
            "due_on": "2027-01-02",
            "who": "family",
            "status": "done",
            "done_on": "2026-11-20",
        },
        {
            "concern": 0,
            "id": "tribunal_appeal",
            "due_on": "2027-01-04",
            "who": "family",
            "status": "upcoming",
        },
    ]


def test_a_closed_pipe_ends_quietly() -> None:
    path = str(Path(__file__).parents[2] / "examples" / "plan-contents.json")
    done = subprocess.run(
        f"'{sys.executable}' -m sendadvisor assess '{path}' --json | head -c 5",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout == '{\n  "'
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (
            "concerns.0.mediation.certificate_issued_on",
            "2026-11-19",
            "concerns[0].mediation.certificate_issued_on",
        ),
        (
            "timeline",
            {"annual_review_meeting_on": "2026-11-10", "amendment_notice_sent_on": "2026-11-01"},
            "timeline.amendment_notice_sent_on",
        ),
        (
            "timeline",
            {"assessment_requested_on": "2026-11-10", "draft_plan_served_on": "2026-11-01"},
            "timeline.draft_plan_served_on",
        ),
    ],
)
def test_a_later_step_dated_before_the_step_it_follows_is_refused(
    path: str, value: object, field: str
) -> None:
    with pytest.raises(InputError) as refused:
        assess(changed(path, value))
    assert refused.value.field == field
    assert "is before" in refused.value.message
