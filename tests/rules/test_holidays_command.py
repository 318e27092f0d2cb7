"""An adviser can load a newer gov.uk bank-holidays.json without a code change, and it is used."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sendadvisor.app import main
from sendadvisor.resources import resource_path
from sendadvisor.rules import holidays as holiday_source


@pytest.fixture(autouse=True)
def _fresh_holidays():
    holiday_source._loaded = None
    yield
    holiday_source._extra.clear()
    holiday_source._loaded = None


YEAR_2029 = [
    {"title": title, "date": day, "notes": "", "bunting": True}
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


def _newer_file(tmp_path: Path) -> Path:
    data = json.loads(resource_path("holidays", "bank-holidays.json").read_text())
    events = data["england-and-wales"]["events"]
    events.extend(YEAR_2029)
    events.append(
        {"title": "A proclaimed holiday", "date": "2029-06-11", "notes": "", "bunting": True}
    )
    path = tmp_path / "bank-holidays.json"
    path.write_text(json.dumps(data))
    return path


def test_loading_a_newer_file_moves_the_horizon_and_changes_dates(tmp_path: Path, capsys) -> None:
    assert main(["holidays", "load", str(_newer_file(tmp_path))]) == 0
    err = capsys.readouterr().err
    assert "31 December 2029" in err
    assert "added 2029-06-11: A proclaimed holiday" in err  # says what changed
    assert main(["holidays"]) == 0
    out = capsys.readouterr().out
    assert "Monday 31 December 2029" in out
    assert "loaded by the adviser" in out
    case = tmp_path / "case.json"
    case.write_text(
        json.dumps(
            {
                "schema": "sendadvisor.circumstances/1",
                "as_of": "2029-04-12",
                "ehc_plan": "final",
                "concerns": [{"kind": "plan_contents", "sections": ["I"], "sent_on": "2029-04-11"}],
            }
        )
    )
    assert main(["assess", str(case), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    appeal = result["concerns"][0]["deadlines"][0]
    assert (
        appeal["due_on"] == "2029-06-12"
    )  # 11 June 2029 is the proclaimed holiday in the new file
    assert "holidays_beyond_data" not in [w["id"] for w in result["warnings"]]


def test_an_older_or_broken_file_is_refused(tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{}")
    assert main(["holidays", "load", str(broken)]) == 2
    data = json.loads(resource_path("holidays", "bank-holidays.json").read_text())
    data["england-and-wales"]["events"] = data["england-and-wales"]["events"][:10]
    older = tmp_path / "older.json"
    older.write_text(json.dumps(data))
    assert main(["holidays", "load", str(older)]) == 2
    assert "already reaches" in capsys.readouterr().err


def test_the_quick_path_to_the_holiday_file_agrees_with_platformdirs(monkeypatch) -> None:
    from sendadvisor import app

    monkeypatch.delenv("SENDADVISOR_HOME", raising=False)
    assert app._user_holidays_path_quickly() == str(app.user_holidays_file())
    monkeypatch.setenv("XDG_CONFIG_HOME", "/tmp/xdg-test")
    assert app._user_holidays_path_quickly() == str(app.user_holidays_file())


def test_the_quick_cache_folder_agrees_with_platformdirs(monkeypatch) -> None:
    from sendadvisor import app

    monkeypatch.delenv("SENDADVISOR_HOME", raising=False)
    assert app.rules_cache_file() == str(app._home()[2] / "rules.json")
    monkeypatch.setenv("XDG_CACHE_HOME", "/tmp/xdg-cache-test")
    assert app.rules_cache_file() == str(app._home()[2] / "rules.json")
