"""A bank-holiday file cannot silently move legal deadlines (review finding 3), and there is a way back."""

from __future__ import annotations

import json
import stat
from datetime import date
from pathlib import Path

import pytest

from sendadvisor.app import main, user_holidays_file
from sendadvisor.resources import resource_path
from sendadvisor.rules import holidays as holiday_source

XMAS_CASE = {
    "schema": "sendadvisor.circumstances/1",
    "as_of": "2026-12-22",
    "ehc_plan": "final",
    "concerns": [
        {
            "kind": "plan_contents",
            "sections": ["F"],
            "sent_on": "2026-12-01",
            "mediation": {"adviser_contacted_on": "2026-12-22", "wants_mediation": False},
        }
    ],
}


YEAR_2029 = [
    {"title": title, "date": day}
    for title, day in (
        ("New Year's Day", "2029-01-01"),
        ("Good Friday", "2029-03-30"),
        ("Easter Monday", "2029-04-02"),
        ("Early May bank holiday", "2029-05-07"),
        ("Spring bank holiday", "2029-05-28"),
        ("Summer bank holiday", "2029-08-27"),
        ("Christmas Day", "2029-12-25"),
        ("Boxing Day", "2029-12-26"),
    )
]


@pytest.fixture(autouse=True)
def _fresh_holidays():
    holiday_source.forget_loaded()
    yield
    holiday_source._extra.clear()
    holiday_source.forget_loaded()


def _shipped() -> dict:
    return json.loads(resource_path("holidays", "bank-holidays.json").read_text(encoding="utf-8"))


def _certificate_due(tmp_path: Path, capsys) -> str:
    case = tmp_path / "xmas.json"
    case.write_text(json.dumps(XMAS_CASE))
    assert main(["assess", str(case), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    [due] = [
        d["due_on"]
        for d in result["concerns"][0]["deadlines"]
        if d["id"] == "mediation_certificate_due"
    ]
    return due


def _load(path: Path, capsys) -> tuple[int, str]:
    status = main(["holidays", "load", str(path)])
    return status, capsys.readouterr().err


def test_the_one_entry_file_of_the_review_is_refused_and_christmas_stays(
    tmp_path: Path, capsys
) -> None:
    before = _certificate_due(tmp_path, capsys)
    assert before == "2026-12-29"  # 3 working days, skipping Christmas Day and Boxing Day
    tiny = tmp_path / "tiny.json"
    tiny.write_text('{"england-and-wales":{"events":[{"title":"x","date":"2099-01-01"}]}}')
    status, err = _load(tiny, capsys)
    assert status == 2
    assert err.count("\n") == 1 and "tiny.json" in err
    assert not user_holidays_file().exists()
    assert _certificate_due(tmp_path, capsys) == before


@pytest.mark.parametrize(
    "spoil",
    [
        "drop_christmas",
        "weekend_day",
        "gap_year",
        "other_division",
        "scotland_as_england",
        "too_far_ahead",
        "drops_a_past_day",
    ],
)
def test_incomplete_or_implausible_files_are_refused(tmp_path: Path, capsys, spoil: str) -> None:
    data = _shipped()
    events = data["england-and-wales"]["events"]
    if spoil == "drop_christmas":
        events[:] = [e for e in events if e["date"] != "2027-12-27"]
    elif spoil == "weekend_day":
        events.append({"title": "x", "date": "2027-06-05"})
    elif spoil == "gap_year":
        events[:] = [e for e in events if not e["date"].startswith("2020")]
    elif spoil == "other_division":
        data = {"england-and-wales": {"division": "scotland", "events": events}}
    elif spoil == "scotland_as_england":
        data = {"england-and-wales": data["scotland"]}
    elif spoil == "too_far_ahead":
        for year in range(2029, 2101):
            events.extend(
                {"title": e["title"], "date": f"{year}{e['date'][4:]}"}
                for e in events
                if e["date"].startswith("2028")
            )
    elif spoil == "drops_a_past_day":
        # 2020's early May holiday moved to Friday 8 May (VE Day); a file putting it back on
        # Monday 4 May would move a past holiday.
        for event in events:
            if event["date"] == "2020-05-08":
                event["date"] = "2020-05-04"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    status, err = _load(path, capsys)
    assert status == 2, err
    assert err.startswith("sendadvisor: ") and err.count("\n") == 1
    assert not user_holidays_file().exists()


def test_a_genuine_rolling_gov_uk_file_is_merged_and_the_older_years_are_kept(
    tmp_path: Path, capsys
) -> None:
    data = _shipped()
    events = [
        e for e in data["england-and-wales"]["events"] if e["date"] >= "2019"
    ]  # gov.uk drops old years
    events.extend(YEAR_2029)
    data["england-and-wales"]["events"] = events
    path = tmp_path / "bank-holidays.json"
    path.write_text(json.dumps(data))
    status, err = _load(path, capsys)
    assert status == 0, err
    assert "added 2029-12-25: Christmas Day" in err
    assert "removed" not in err
    holidays = holiday_source.default_bank_holidays()
    assert holidays.name(date(2015, 12, 25)) == "Christmas Day"  # from the shipped list
    assert holidays.horizon.year == 2029
    assert stat.S_IMODE(user_holidays_file().stat().st_mode) == 0o600


def test_reset_goes_back_to_the_shipped_list(tmp_path: Path, capsys) -> None:
    data = _shipped()
    data["england-and-wales"]["events"].extend(YEAR_2029)
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(data))
    assert main(["holidays", "load", str(newer)]) == 0
    capsys.readouterr()
    assert main(["holidays", "reset"]) == 0
    assert "shipped with sendadvisor" in capsys.readouterr().err
    assert not user_holidays_file().exists()
    assert main(["holidays"]) == 0
    out = capsys.readouterr().out
    assert "the list shipped with sendadvisor" in out and "2028" in out
    assert main(["holidays", "reset"]) == 0  # again: nothing to do, still fine


def test_a_tampered_loaded_list_is_ignored_at_run_time(tmp_path: Path, capsys) -> None:
    target = user_holidays_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text('{"england-and-wales":{"events":[{"title":"x","date":"2099-01-01"}]}}')
    assert _certificate_due(tmp_path, capsys) == "2026-12-29"
    assert main(["holidays"]) == 0
    assert "the list shipped with sendadvisor" in capsys.readouterr().out


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe\x00not utf-8", b"[" * 100_000, b"{" + b'"a":' * 50_000 + b"1", b"1" * 5000],
)
def test_odd_files_are_one_line_and_exit_2(tmp_path: Path, capsys, content: bytes) -> None:
    path = tmp_path / "odd.json"
    path.write_bytes(content)
    status, err = _load(path, capsys)
    assert status == 2, err
    assert err.count("\n") == 1
