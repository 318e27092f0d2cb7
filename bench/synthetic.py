"""Realistic synthetic families for the large-file benchmarks: names, schools, addresses, every
kind of concern with dates that make sense, and adviser notes. Nothing real; seeded, so each run
builds the same data. Every case is valid circumstances (tests/test_bench_smoke.py checks)."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta
from typing import Any

AS_OF = date(2026, 11, 27)

FIRST = (
    "Sam Alex Jo Priya Mohammed Olivia Noah Amelia Jack Isla Leo Ava Oscar Mia Harry Ivy Aisha "
    "Zain Ruby Theo Freya Arlo Grace Musa Chloe Ethan Ella Yusuf Poppy Finley Daisy Hamza Evie "
    "Reggie Willow Kai Maryam Ibrahim Layla Archie Sienna Jude Hannah Ali Florence Tommy Zara "
    "Riley Lily Max Siobhán Zoë Łucja Oisín"
).split()
LAST = (
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Wright Khan Evans Thomas "
    "Roberts Walker Hughes Green Lewis Hall Clarke Begum Ahmed Wood Hussain Turner Martin Cooper "
    "Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips "
    "Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson "
    "Bailey Collins Bell Shaw Murphy Miller Cox Richards Marshall Anderson Simpson Ellis Adams "
    "Singh Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Nowak"
).split()
TOWNS = "Dorchester Weymouth Bridport Blandford Shaftesbury Sherborne Wimborne Gillingham Swanage".split()
SCHOOL_KINDS = (
    "Primary School",
    "Academy",
    "First School",
    "Middle School",
    "College",
    "Church of England School",
)
SEND_WORDS = (
    "school plan support meeting speech therapy EHCP assessment council transport anxiety sensory "
    "autism dyslexia teacher SENCO review mediation tribunal appeal letter phone visit mum dad "
    "worried refused agreed provision hours occupational physiotherapy exclusion timetable "
    "attendance deadline evidence report paediatrician CAMHS respite budget placement specialist "
    "mainstream draft final amendment annual"
).split()
# How often each concern kind comes up (a guess at a SENDIASS caseload, not data).
KINDS = {
    "plan_contents": 20,
    "refuse_assessment": 15,
    "sen_support": 12,
    "council_delay": 10,
    "provision_not_delivered": 8,
    "refuse_amendment": 6,
    "refuse_plan": 5,
    "school_transport": 5,
    "disability_discrimination": 5,
    "permanent_exclusion": 4,
    "cease_plan": 3,
    "refuse_reassessment": 3,
    "order_not_complied": 2,
    "recommendations_not_followed": 2,
}
PLAN_FOR_KIND = {
    "refuse_assessment": "none",
    "refuse_plan": "being_assessed",
    "sen_support": "none",
    "disability_discrimination": "none",
    "permanent_exclusion": "none",
    "council_delay": "assessment_requested",
}


class Synthetic:
    """A seeded source of made-up families and notes."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        syllables = "ba be bi bo bu ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu".split()
        words = set(SEND_WORDS)
        while len(words) < 3000:  # a vocabulary as wide as real notes, drawn with a Zipf-like skew
            words.add("".join(self.rng.choice(syllables) for _ in range(self.rng.randint(2, 4))))
        self.vocabulary = sorted(words)
        self.rng.shuffle(self.vocabulary)
        self.cumulative = list(
            itertools.accumulate(1 / (rank + 1) for rank in range(len(self.vocabulary)))
        )

    def _day(self, earliest: date, latest: date = AS_OF) -> date:
        return earliest + timedelta(days=self.rng.randint(0, max((latest - earliest).days, 0)))

    def note(self) -> str:
        """An adviser's note of a contact, 15 to 60 words."""
        return " ".join(
            self.rng.choices(
                self.vocabulary, cum_weights=self.cumulative, k=self.rng.randint(15, 60)
            )
        )

    def circumstances(self) -> dict[str, Any]:
        """One family's circumstances, valid for `sendadvisor assess`."""
        rng = self.rng
        surname = rng.choice(LAST)
        child = f"{rng.choice(FIRST)} {surname}"
        born = self._day(date(2009, 1, 1), date(2021, 12, 31))
        kind = rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
        decided = self._day(AS_OF - timedelta(days=120))
        concern: dict[str, Any] = {"kind": kind}
        if kind in (
            "refuse_assessment",
            "refuse_plan",
            "plan_contents",
            "refuse_reassessment",
            "refuse_amendment",
            "cease_plan",
            "school_transport",
        ):
            concern["sent_on"] = decided.isoformat()
            if kind != "school_transport" and rng.random() < 0.5:
                contacted = self._day(decided, min(decided + timedelta(days=50), AS_OF))
                concern["mediation"] = {
                    "adviser_contacted_on": contacted.isoformat(),
                    "wants_mediation": False,
                }
                if rng.random() < 0.6 and contacted + timedelta(days=5) <= AS_OF:
                    concern["mediation"]["certificate_issued_on"] = (
                        contacted + timedelta(days=3)
                    ).isoformat()
        if kind == "plan_contents":
            concern["sections"] = sorted(
                rng.sample(["B", "F", "I", "G", "H1"], rng.randint(1, 3)),
                key="ABCDEFGH1H2IJK".index,
            )
        elif kind == "provision_not_delivered":
            concern["sections"] = [rng.choice(["F", "G", "H1", "H2"])]
        if kind in (
            "provision_not_delivered",
            "council_delay",
            "order_not_complied",
            "recommendations_not_followed",
        ):
            concern["noticed_on"] = decided.isoformat()
        if kind == "disability_discrimination":
            concern["conduct_on"] = decided.isoformat()
        if kind == "permanent_exclusion":
            concern["board_decision_notified_on"] = decided.isoformat()
            concern["school_closed"] = [["2026-10-26", "2026-10-30"], ["2026-12-21", "2027-01-01"]]
        if rng.random() < 0.4:
            concern["description"] = self.note()
        data: dict[str, Any] = {
            "schema": "sendadvisor.circumstances/1",
            "as_of": AS_OF.isoformat(),
            "council": "dorset",
            "family": {
                "parent_name": f"{rng.choice(FIRST)} {surname}",
                "address": [
                    f"{rng.randint(1, 200)} {rng.choice(LAST)} Road",
                    rng.choice(TOWNS),
                    f"DT{rng.randint(1, 11)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
                    f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
                ],
                "child_name": child,
                "child_date_of_birth": born.isoformat(),
                "school_name": f"{rng.choice(LAST)} {rng.choice(SCHOOL_KINDS)}",
            },
            "ehc_plan": PLAN_FOR_KIND.get(kind, "final"),
            "concerns": [concern],
        }
        if kind == "council_delay":
            data["timeline"] = {
                "assessment_requested_on": (decided - timedelta(days=60)).isoformat()
            }
        elif data["ehc_plan"] == "final" and rng.random() < 0.3:
            data["timeline"] = {
                "annual_review_meeting_on": self._day(AS_OF - timedelta(days=90)).isoformat()
            }
        return data
