"""Legal situations written as data: facts in, routes and dates out (tests/scenarios/**/*.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sendadvisor.rules import assess

SCENARIOS = sorted((Path(__file__).parent.parent / "scenarios").rglob("*.json"))


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


def _check_text(expected: dict, actual: list[dict], key: str, where: str) -> None:
    found = _by_id(actual)
    for deadline_id, fragments in expected.items():
        text = " ".join(found[deadline_id][key])
        for fragment in fragments:
            assert fragment in text, f"{where}: {deadline_id}.{key} lacks {fragment!r}: {text}"


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario(path: Path) -> None:
    scenario = json.loads(path.read_text(encoding="utf-8"))
    expect = scenario["expect"]
    result = assess(scenario["circumstances"])
    name = scenario["name"]
    for index, want in enumerate(expect.get("concerns", [])):
        concern = result["concerns"][index]
        where = f"{name} / concern {index}"
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
