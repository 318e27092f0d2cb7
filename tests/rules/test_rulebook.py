"""The rules data itself: every entry cited and dated; typos are load errors naming file and key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sendadvisor.domain.errors import InputError
from sendadvisor.resources import resource_path
from sendadvisor.rules.rulebook import (
    DEADLINE_IDS,
    ROUTE_IDS,
    TIMELINE_IDS,
    default_rulebook,
    load_rulebook,
)

BOOK = default_rulebook()


def test_every_contract_identifier_has_a_rule() -> None:
    assert {r.id for r in BOOK.routes} == set(ROUTE_IDS)
    ids = {d.id for d in BOOK.deadlines}
    assert set(DEADLINE_IDS) <= ids
    assert set(TIMELINE_IDS) <= ids


@pytest.mark.parametrize("rule", list(BOOK.routes) + list(BOOK.deadlines), ids=lambda r: r.file)
def test_every_rule_cites_a_source_and_is_dated(rule) -> None:
    assert rule.sources, rule.file
    for source in rule.sources:
        assert source.label.strip() and source.url.startswith("https://"), rule.file
    assert rule.confidence in ("V", "S", "M")
    assert rule.last_checked >= rule.applies_from


def test_every_wording_template_gets_exactly_the_values_its_code_passes() -> None:
    """Each `say("key", a=..., b=...)` in the methods names a [wording] template whose
    placeholders are exactly those keywords (read from the code, not only what scenarios reach)."""
    import ast
    import string

    from sendadvisor.rules import methods

    tree = ast.parse(Path(methods.__file__).read_text())
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "say"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ]
    assert calls
    for call in calls:
        key = call.args[0].value
        assert key in BOOK.wording, key
        passed = {keyword.arg for keyword in call.keywords}
        wanted = {name for _, name, _, _ in string.Formatter().parse(BOOK.wording[key]) if name}
        assert wanted == passed, (key, wanted, passed)


def test_the_loader_and_the_engine_know_the_same_methods() -> None:
    from sendadvisor.rules import methods, rulebook

    assert set(rulebook.METHODS) == set(methods.METHODS)
    assert set(rulebook.METHOD_FACTS) <= set(methods.METHODS)


def test_the_contact_roles_agree_between_the_rules_and_the_councils() -> None:
    from sendadvisor import councils
    from sendadvisor.rules.rulebook import CONTACT_ROLES

    known = (
        set(councils.COUNCIL_ROLES)
        | set(councils.NATIONAL_ROLES)
        | set(councils.OPTIONAL_NATIONAL_ROLES)
    )
    assert set(CONTACT_ROLES) == known


def _copy_rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(resource_path("rules"), folder)
    return folder


def test_unknown_key_is_refused_naming_file_and_key(tmp_path: Path) -> None:
    folder = _copy_rules(tmp_path)
    path = folder / "routes" / "mediation.toml"
    path.write_text(path.read_text().replace("rank = 45", "rank = 45\nrnak = 3"))
    with pytest.raises(InputError, match=r"mediation.toml: rnak: unknown key"):
        load_rulebook(folder)


def test_unknown_condition_is_refused(tmp_path: Path) -> None:
    folder = _copy_rules(tmp_path)
    path = folder / "routes" / "tribunal_appeal.toml"
    path.write_text(
        path.read_text().replace('"sections_need_certificate"]', '"sections_need_certificat"]', 1)
    )
    with pytest.raises(
        InputError, match=r"tribunal_appeal.toml: open_when\[2\]: conditions: unknown condition"
    ):
        load_rulebook(folder)


def test_missing_source_is_refused(tmp_path: Path) -> None:
    folder = _copy_rules(tmp_path)
    path = folder / "deadlines" / "nhs_complaint.toml"
    text = path.read_text()
    path.write_text(text[: text.index("[[sources]]")])
    with pytest.raises(InputError, match=r"nhs_complaint.toml: sources: is required"):
        load_rulebook(folder)


def test_unknown_fact_and_method_are_refused(tmp_path: Path) -> None:
    folder = _copy_rules(tmp_path)
    path = folder / "deadlines" / "judicial_review.toml"
    original = path.read_text()
    path.write_text(original.replace('"concern.noticed_on"]', '"concern.noticed"]'))
    with pytest.raises(InputError, match=r"judicial_review.toml: start"):
        load_rulebook(folder)
    path.write_text(original.replace('method = "months_after"', 'method = "months_afterwards"'))
    with pytest.raises(InputError, match=r"judicial_review.toml: method"):
        load_rulebook(folder)


def test_rules_cache_is_reused_and_rebuilt_when_a_file_changes(tmp_path: Path) -> None:
    from sendadvisor.rules.rulebook import load_rulebook_cached

    folder = _copy_rules(tmp_path)
    cache_file = tmp_path / "cache" / "rules.pickle"
    first = load_rulebook_cached(folder, cache_file)
    assert cache_file.exists()
    assert load_rulebook_cached(folder, cache_file) == first
    path = folder / "routes" / "mediation.toml"
    path.write_text(path.read_text().replace('title = "Mediation"', 'title = "Mediation (free)"'))
    changed = load_rulebook_cached(folder, cache_file)
    assert [r.title for r in changed.routes if r.id == "mediation"] == ["Mediation (free)"]
    cache_file.write_bytes(b"not a pickle")
    assert load_rulebook_cached(folder, cache_file) == changed


def test_unknown_placeholder_in_wording_is_refused(tmp_path: Path) -> None:
    folder = _copy_rules(tmp_path)
    path = folder / "routes" / "exclusion_review.toml"
    path.write_text(path.read_text().replace("{Child} has been", "{Chlid} has been"))
    with pytest.raises(
        InputError,
        match=r"exclusion_review.toml: open_when\[0\]: reason: unknown placeholder \{Chlid\}",
    ):
        load_rulebook(folder)


def test_reasoned_rules_carry_a_note_for_the_adviser() -> None:
    from sendadvisor.rules import assess

    data = {
        "schema": "sendadvisor.circumstances/1",
        "as_of": "2026-03-04",
        "concerns": [
            {"kind": "order_not_complied", "order": {"made_on": "2026-03-03", "kind": "remit"}}
        ],
    }
    entry = {d["id"]: d for d in assess(data)["concerns"][0]["deadlines"]}["order_reconsider"]
    assert entry["confidence"] == "M"
    assert any("not been confirmed" in note for note in entry["adviser_notes"])
    assert entry["due_on"] == "2026-03-17"


def test_wording_follows_who_holds_the_rights() -> None:
    from sendadvisor.rules import assess

    base = {
        "schema": "sendadvisor.circumstances/1",
        "as_of": "2026-03-20",
        "concerns": [{"kind": "permanent_exclusion", "board_decision_notified_on": "2026-03-16"}],
    }
    parent = assess({**base, "appellant": "parent"})["concerns"][0]["routes"][0]["reason"]
    young = assess({**base, "appellant": "young_person"})["concerns"][0]["routes"][0]["reason"]
    assert parent.startswith("Your child has been permanently excluded")
    assert young.startswith("The young person has been permanently excluded")
