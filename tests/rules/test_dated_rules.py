"""Rules dated as the law is: values keyed by the day they apply from, a repeal as an end, and the
rules version computed from the content (issue: the law right everywhere, point 11)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sendadvisor.domain.errors import InputError
from sendadvisor.resources import resource_path
from sendadvisor.rules import assess
from sendadvisor.rules.rulebook import default_rulebook, load_rulebook


def _rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(resource_path("rules"), folder)
    return folder


def _transport(sent_on: str, as_of: str = "2026-11-27") -> dict:
    return {
        "schema": "sendadvisor.circumstances/1",
        "as_of": as_of,
        "concerns": [{"kind": "school_transport", "sent_on": sent_on}],
    }


def _due(book, data: dict, deadline_id: str) -> str | None:
    found = {d["id"]: d for d in assess(data, rulebook=book)["concerns"][0]["deadlines"]}
    return found[deadline_id]["due_on"] if deadline_id in found else None


CHANGED = """
[[changes]]
on = "2026-06-01"
params = { days = 30 }
sources = [{ label = "A substituted time limit (test)", url = "https://www.legislation.gov.uk/example" }]
"""


def test_a_decision_on_each_side_of_a_change_gets_the_value_in_force_on_its_day(
    tmp_path: Path,
) -> None:
    folder = _rules(tmp_path)
    path = folder / "deadlines" / "transport_review.toml"
    path.write_text(path.read_text() + CHANGED)
    book = load_rulebook(folder)
    shipped = default_rulebook()
    # Sent before the change: the old 20 working days, as the shipped rules give.
    before = _transport("2026-05-20")
    assert (
        _due(book, before, "transport_review")
        == _due(shipped, before, "transport_review")
        == "2026-06-18"
    )
    # Sent on or after the change: 30 working days, with the new source.
    after = _transport("2026-06-01")
    assert _due(shipped, after, "transport_review") == "2026-06-29"
    assert _due(book, after, "transport_review") == "2026-07-13"
    entry = next(
        d
        for d in assess(after, rulebook=book)["concerns"][0]["deadlines"]
        if d["id"] == "transport_review"
    )
    assert [s["label"] for s in entry["sources"]] == ["A substituted time limit (test)"]


def test_a_repealed_rule_gives_no_date_for_decisions_after_the_repeal(tmp_path: Path) -> None:
    folder = _rules(tmp_path)
    path = folder / "deadlines" / "transport_review.toml"
    path.write_text(path.read_text() + '\n[[changes]]\non = "2026-06-01"\nrepealed = true\n')
    book = load_rulebook(folder)
    assert _due(book, _transport("2026-05-29"), "transport_review") == "2026-06-26"
    assert _due(book, _transport("2026-06-01"), "transport_review") is None


def test_a_decision_before_a_rule_applied_gets_no_date_from_it(tmp_path: Path) -> None:
    folder = _rules(tmp_path)
    path = folder / "deadlines" / "transport_review.toml"
    path.write_text(
        path.read_text().replace('applies_from = "2014-09-01"', 'applies_from = "2026-06-01"')
    )
    book = load_rulebook(folder)
    assert _due(book, _transport("2026-05-29"), "transport_review") is None
    assert _due(book, _transport("2026-06-01"), "transport_review") == "2026-06-29"


def test_changes_must_be_in_date_order_and_say_what_changed(tmp_path: Path) -> None:
    folder = _rules(tmp_path)
    path = folder / "deadlines" / "transport_review.toml"
    original = path.read_text()
    path.write_text(original + '\n[[changes]]\non = "2010-01-01"\nrepealed = true\n')
    with pytest.raises(
        InputError,
        match=r"transport_review.toml: changes\[0\]: on: 2010-01-01 must be after 2014-09-01",
    ):
        load_rulebook(folder)
    path.write_text(original + '\n[[changes]]\non = "2026-06-01"\n')
    with pytest.raises(InputError, match=r"changes\[0\]: on: a change needs"):
        load_rulebook(folder)
    path.write_text(original + '\n[[changes]]\non = "2026-06-01"\nparams = { weeks = 3 }\n')
    with pytest.raises(InputError, match=r"changes\[0\]: params: unknown parameter 'weeks'"):
        load_rulebook(folder)


def test_the_rules_version_follows_the_content(tmp_path: Path) -> None:
    folder = _rules(tmp_path)
    first = load_rulebook(folder).version
    assert first == default_rulebook().version
    assert load_rulebook(folder).version == first  # the same content, the same version
    path = folder / "deadlines" / "transport_review.toml"
    path.write_text(path.read_text().replace("days = 20", "days = 21"))
    assert load_rulebook(folder).version != first
