"""Legal situations written as data: facts in, routes and dates out (tests/scenarios/**/*.json).

Each file holds `circumstances` and `expect`. Unknown expectation keys are refused, so a typo in
a scenario can never make it pass without checking anything.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sendadvisor.domain.errors import InputError
from sendadvisor.rules import assess

SCENARIOS = sorted((Path(__file__).parent.parent / "scenarios").rglob("*.json"))

SCENARIO_KEYS = {"name", "source", "circumstances", "expect"}
EXPECT_KEYS = {
    "concerns",
    "timeline",
    "timeline_absent",
    "timeline_steps_include",
    "timeline_cautions_include",
    "warnings",
    "warnings_absent",
    "error",
}
CONCERN_KEYS = {
    "routes",
    "routes_include",
    "routes_absent",
    "needs_mediation_certificate",
    "deadlines",
    "deadlines_absent",
    "steps_include",
    "cautions_include",
    "still_possible_include",
    "route_cautions_include",
    "route_reasons_include",
}


def _by_id(entries: list[dict]) -> dict[str, dict]:
    return {entry["id"]: entry for entry in entries}


def _check_dates(expected: dict, actual: list[dict], where: str) -> None:
    found = _by_id(actual)
    for deadline_id, want in expected.items():
        assert deadline_id in found, f"{where}: {deadline_id} missing; got {sorted(found)}"
        want = {"due_on": want} if isinstance(want, str) else want
        for key, value in want.items():
            assert found[deadline_id].get(key) == value, (
                f"{where}: {deadline_id}.{key} is {found[deadline_id].get(key)!r}, expected {value!r}\n"
                + "\n".join(found[deadline_id]["steps"])
            )


def _text_of(entry: dict, key: str) -> str:
    value = entry.get(key, [])
    if isinstance(value, str):
        return value
    return " ".join(item["text"] if isinstance(item, dict) else item for item in value)


def _check_text(expected: dict, actual: list[dict], key: str, where: str) -> None:
    found = _by_id(actual)
    for entry_id, fragments in expected.items():
        assert entry_id in found, f"{where}: {entry_id} missing; got {sorted(found)}"
        text = _text_of(found[entry_id], key)
        for fragment in fragments:
            assert fragment in text, f"{where}: {entry_id}.{key} lacks {fragment!r}: {text}"


def _check_concern(want: dict, concern: dict, where: str) -> None:
    unknown = set(want) - CONCERN_KEYS
    assert not unknown, f"{where}: unknown expectation keys {sorted(unknown)}"
    route_ids = [r["id"] for r in concern["routes"]]
    if "routes" in want:
        assert route_ids == want["routes"], where
    for route_id in want.get("routes_include", []):
        assert route_id in route_ids, f"{where}: {route_id} not open; got {route_ids}"
    for route_id in want.get("routes_absent", []):
        assert route_id not in route_ids, f"{where}: {route_id} should not be open"
    if "needs_mediation_certificate" in want:
        appeal = _by_id(concern["routes"])["tribunal_appeal"]
        assert appeal["needs_mediation_certificate"] is want["needs_mediation_certificate"], where
    _check_dates(want.get("deadlines", {}), concern["deadlines"], where)
    deadline_ids = [d["id"] for d in concern["deadlines"]]
    for deadline_id in want.get("deadlines_absent", []):
        assert deadline_id not in deadline_ids, f"{where}: {deadline_id} should be absent"
    _check_text(want.get("steps_include", {}), concern["deadlines"], "steps", where)
    _check_text(want.get("cautions_include", {}), concern["deadlines"], "cautions", where)
    _check_text(
        want.get("still_possible_include", {}), concern["deadlines"], "still_possible", where
    )
    _check_text(want.get("route_cautions_include", {}), concern["routes"], "cautions", where)
    _check_text(want.get("route_reasons_include", {}), concern["routes"], "reason", where)


@pytest.mark.parametrize("path", SCENARIOS, ids=[f"{p.parent.name}/{p.stem}" for p in SCENARIOS])
def test_scenario(path: Path) -> None:
    scenario = json.loads(path.read_text(encoding="utf-8"))
    assert set(scenario) <= SCENARIO_KEYS, (
        f"unknown scenario keys {sorted(set(scenario) - SCENARIO_KEYS)}"
    )
    expect = scenario["expect"]
    name = scenario["name"]
    unknown = set(expect) - EXPECT_KEYS
    assert not unknown, f"{name}: unknown expectation keys {sorted(unknown)}"
    if "error" in expect:
        with pytest.raises(InputError) as refused:
            assess(scenario["circumstances"])
        assert refused.value.field == expect["error"], f"{name}: refused {refused.value}"
        return
    result = assess(scenario["circumstances"])
    for index, want in enumerate(expect.get("concerns", [])):
        _check_concern(want, result["concerns"][index], f"{name} / concern {index}")
    _check_dates(expect.get("timeline", {}), result["timeline"], f"{name} / timeline")
    timeline_ids = [d["id"] for d in result["timeline"]]
    for deadline_id in expect.get("timeline_absent", []):
        assert deadline_id not in timeline_ids, f"{name}: {deadline_id} should be absent"
    _check_text(expect.get("timeline_steps_include", {}), result["timeline"], "steps", name)
    _check_text(expect.get("timeline_cautions_include", {}), result["timeline"], "cautions", name)
    warning_ids = [w["id"] for w in result["warnings"]]
    for warning_id in expect.get("warnings", []):
        assert warning_id in warning_ids, f"{name}: warning {warning_id} missing; got {warning_ids}"
    for warning_id in expect.get("warnings_absent", []):
        assert warning_id not in warning_ids, f"{name}: warning {warning_id} should be absent"
