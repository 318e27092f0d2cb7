"""The named conditions that rules files may use in `open_when` clauses, each a plain predicate.

Section letters follow the EHC plan: B needs, F provision, I placement (appealable under CFA
s.51(2)(c)); C and G health, D, H1 and H2 social care (recommendations only, SI 2017/1306);
A, E, J and K cannot be appealed as such.
"""

from __future__ import annotations

from collections.abc import Callable

from sendadvisor.domain.circumstances import Circumstances, Concern

EDUCATION = {"B", "F", "I"}
NEEDS_CERTIFICATE = {"B", "F"}
HEALTH = {"C", "G"}
SOCIAL_CARE = {"D", "H1", "H2"}
NOT_APPEALABLE = {"A", "E", "J", "K"}

Condition = Callable[[Circumstances, Concern], bool]


def _any(letters: set[str]) -> Condition:
    return lambda _c, concern: bool(letters & set(concern.sections))


CONDITIONS: dict[str, Condition] = {
    "sections_education": _any(EDUCATION),
    "sections_need_certificate": _any(NEEDS_CERTIFICATE),
    "sections_health_or_care": _any(HEALTH | SOCIAL_CARE),
    "sections_health": _any(HEALTH),
    "sections_social_care": _any(SOCIAL_CARE),
    "sections_not_appealable": _any(NOT_APPEALABLE),
    "sections_only_not_appealable": lambda _c, k: bool(k.sections) and set(k.sections) <= NOT_APPEALABLE,
    "health_or_unspecified": lambda _c, k: not k.sections or bool(HEALTH & set(k.sections)),
    "social_care_or_unspecified": lambda _c, k: not k.sections or bool(SOCIAL_CARE & set(k.sections)),
    "provision_education": _any({"F"}),
    "no_ehc_plan": lambda c, _k: c.ehc_plan in (None, "none"),
    "young_person": lambda c, _k: c.appellant == "young_person",
}


def holds(name: str, circumstances: Circumstances, concern: Concern) -> bool:
    """Evaluate a condition name, allowing a leading "not "."""
    if name.startswith("not "):
        return not CONDITIONS[name[4:]](circumstances, concern)
    return CONDITIONS[name](circumstances, concern)
