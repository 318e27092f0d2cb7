"""The three-way merge: what each side changed is kept; the same field changed differently on
both sides is a conflict, never a loss."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from sendadvisor.register.merge import MISSING, field_name, merge, same, with_value

BASE = {"family": {"child_name": "Sam", "address": ["1 High St"]}, "concerns": [{"kind": "a"}]}


def test_different_fields_merge() -> None:
    mine = {**BASE, "family": {**BASE["family"], "child_name": "Samuel"}}
    theirs = {**BASE, "family": {**BASE["family"], "address": ["2 Low St"]}, "council": "dorset"}
    merged, conflicts = merge(BASE, mine, theirs)
    assert not conflicts
    assert merged == {
        "family": {"child_name": "Samuel", "address": ["2 Low St"]},
        "concerns": [{"kind": "a"}],
        "council": "dorset",
    }


def test_the_same_field_changed_on_both_sides_is_a_conflict_keeping_mine() -> None:
    mine = {**BASE, "concerns": [{"kind": "b"}]}
    theirs = {**BASE, "concerns": [{"kind": "c"}]}
    merged, conflicts = merge(BASE, mine, theirs)
    assert merged == mine
    assert [(c.field, c.mine, c.theirs) for c in conflicts] == [("concerns[0].kind", "b", "c")]


def test_a_field_removed_on_one_side_and_changed_on_the_other_is_a_conflict() -> None:
    mine = {"concerns": BASE["concerns"]}
    theirs = {**BASE, "family": {"child_name": "Sam", "address": ["9 New St"]}}
    _, conflicts = merge(BASE, mine, theirs)
    assert [(c.field, c.mine, c.theirs) for c in conflicts] == [
        ("family", MISSING, theirs["family"])
    ]


def test_true_is_not_one() -> None:
    assert not same(True, 1) and not same({"a": [1]}, {"a": [True]})
    _, conflicts = merge({"x": 0}, {"x": True}, {"x": 1})
    assert len(conflicts) == 1


def test_field_names_and_setting_a_value() -> None:
    assert field_name(("circumstances", "concerns", 0, "sent_on")) == (
        "circumstances.concerns[0].sent_on"
    )
    changed = with_value(BASE, ("family", "child_name"), "Jo")
    assert changed["family"]["child_name"] == "Jo" and BASE["family"]["child_name"] == "Sam"
    assert "family" not in with_value(BASE, ("family",), MISSING)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from(["a", "b", "c"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("xyz"), inner, max_size=3)
    ),
    max_leaves=8,
)


@given(json_values, json_values, json_values)
def test_no_edit_is_ever_lost(base: Any, mine: Any, theirs: Any) -> None:
    """Choosing mine for every conflict gives mine wherever theirs did not change, and choosing
    theirs gives theirs wherever mine did not change."""
    merged, conflicts = merge(base, mine, theirs)
    if same(theirs, base):
        assert same(merged, mine)
    if same(mine, base):
        assert same(merged, theirs)
    if not conflicts:
        return
    chosen = merged
    for conflict in conflicts:
        chosen = with_value(chosen, conflict.path, conflict.theirs)
    if same(mine, base):
        assert same(chosen, theirs)


def test_a_concern_added_on_one_side_and_another_edited_on_the_other_merge() -> None:
    base = {"concerns": [{"kind": "plan_contents", "sent_on": "2026-11-02"}]}
    mine = {"concerns": [{"kind": "plan_contents", "sent_on": "2026-11-03"}]}
    theirs = {
        "concerns": [
            {"kind": "plan_contents", "sent_on": "2026-11-02"},
            {"kind": "school_transport", "received_on": "2026-11-10"},
        ]
    }
    merged, conflicts = merge(base, mine, theirs)
    assert not conflicts
    assert merged["concerns"] == [
        {"kind": "plan_contents", "sent_on": "2026-11-03"},
        {"kind": "school_transport", "received_on": "2026-11-10"},
    ]


def test_concerns_added_on_both_sides_are_all_kept() -> None:
    base = {"concerns": [{"kind": "plan_contents"}]}
    mine = {"concerns": [{"kind": "plan_contents"}, {"kind": "sen_support"}]}
    theirs = {"concerns": [{"kind": "plan_contents"}, {"kind": "school_transport"}]}
    merged, conflicts = merge(base, mine, theirs)
    assert not conflicts
    assert [c["kind"] for c in merged["concerns"]] == [
        "plan_contents",
        "sen_support",
        "school_transport",
    ]


def test_lines_added_differently_on_both_sides_or_a_shorter_list_are_conflicts() -> None:
    base = {"address": ["1 High Street"]}
    merged, conflicts = merge(
        base, {"address": ["1 High Street", "Dorchester"]}, {"address": ["1 High Street", "Poole"]}
    )
    assert [c.field for c in conflicts] == ["address"]
    merged, conflicts = merge(
        {"concerns": [{"kind": "a"}, {"kind": "b"}]},
        {"concerns": [{"kind": "a"}]},
        {"concerns": [{"kind": "a"}, {"kind": "c"}]},
    )
    assert [c.field for c in conflicts] == ["concerns"]
