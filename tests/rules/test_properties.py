"""Properties over generated circumstances (hypothesis): a certificate awaited after the adviser
was contacted in time never leaves the appeal "passed"; no review deadline falls after the move
it prepares for."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from sendadvisor.dates import add_months
from sendadvisor.rules import assess

CERTIFICATE_KINDS = [
    "refuse_assessment",
    "refuse_plan",
    "refuse_reassessment",
    "refuse_amendment",
    "cease_plan",
]
PLAN_STATE = {"refuse_assessment": "assessment_requested", "refuse_plan": "being_assessed"}
DAYS = st.dates(min_value=date(2015, 1, 1), max_value=date(2027, 10, 1))


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(CERTIFICATE_KINDS + ["plan_contents"]),
    sent=DAYS,
    contact_after=st.floats(min_value=0, max_value=1),
    wants=st.booleans(),
    told_council=st.booleans(),
    later=st.integers(min_value=0, max_value=500),
)
def test_an_awaited_certificate_never_leaves_the_appeal_passed(
    kind, sent, contact_after, wants, told_council, later
) -> None:
    last_contact_day = add_months(sent, 2)
    contacted = sent + timedelta(days=int((last_contact_day - sent).days * contact_after))
    mediation: dict = {"adviser_contacted_on": contacted.isoformat(), "wants_mediation": wants}
    if wants and told_council:
        mediation["council_told_on"] = contacted.isoformat()
    concern: dict = {"kind": kind, "sent_on": sent.isoformat(), "mediation": mediation}
    if kind == "plan_contents":
        concern["sections"] = ["B", "F"]
    as_of = contacted + timedelta(days=later)
    data = {
        "schema": "sendadvisor.circumstances/1",
        "as_of": as_of.isoformat(),
        "ehc_plan": PLAN_STATE.get(kind, "final"),
        "concerns": [concern],
    }
    deadlines = assess(data)["concerns"][0]["deadlines"]
    family = [d for d in deadlines if d["who"] == "family"]
    assert all(d["status"] != "passed" for d in family), [(d["id"], d["status"]) for d in family]
    appeal = next(d for d in deadlines if d["id"] == "tribunal_appeal")
    assert appeal["status"] == "awaiting_certificate"


@settings(max_examples=300, deadline=None)
@given(
    move=st.dates(min_value=date(2016, 1, 1), max_value=date(2028, 12, 1)),
    kind=st.sampled_from(["school", "post16", "between_post16"]),
)
def test_no_review_deadline_falls_after_the_move(move, kind) -> None:
    data = {
        "schema": "sendadvisor.circumstances/1",
        "as_of": "2026-11-27",
        "ehc_plan": "final",
        "concerns": [{"kind": "council_delay", "noticed_on": "2026-11-01"}],
        "timeline": {"phase_transfer_on": move.isoformat(), "phase_transfer_to": kind},
    }
    result = assess(data)
    found = [d for d in result["timeline"] if d["id"] == "phase_transfer_plan"]
    if found:
        assert date.fromisoformat(found[0]["due_on"]) < move
    else:
        assert "phase_transfer_after_move" in {w["id"] for w in result["warnings"]}
