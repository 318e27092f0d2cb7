"""The named conditions that rules files may use in `open_when` clauses, each a plain predicate.

Section letters follow the EHC plan: B needs, F provision, I placement (appealable under CFA
s.51(2)(c)); C and G health, D, H1 and H2 social care (recommendations only, SI 2017/1306);
A, E, J and K cannot be appealed as such.
"""

from __future__ import annotations

from collections.abc import Callable

from sendadvisor.domain.circumstances import Circumstances, Concern, age_on

EDUCATION = {"B", "F", "I"}
NEEDS_CERTIFICATE = {"B", "F"}
HEALTH = {"C", "G"}
SOCIAL_CARE = {"D", "H1", "H2"}
NOT_APPEALABLE = {"A", "E", "J", "K"}

Condition = Callable[[Circumstances, Concern], bool]

# Exclusion panels the Local Government and Social Care Ombudsman can look at (Local Government
# Act 1974, Sch 5 para 5): maintained schools and pupil referral units, not academies.
LGSCO_SCHOOLS = ("maintained", "pupil_referral_unit")


def _age(c: Circumstances) -> int | None:
    born = c.family.child_date_of_birth
    return None if born is None else age_on(born, c.as_of)


def _age_at_least(c: Circumstances, years: int) -> bool | None:
    """Whether the child is at least `years` old on as_of; None without a date of birth."""
    age = _age(c)
    return None if age is None else age >= years


def health_only(concern: Concern) -> bool:
    """Only health sections (C, G): mediation is then arranged by the health body (reg 36)."""
    return bool(concern.sections) and set(concern.sections) <= HEALTH


def _any(letters: set[str]) -> Condition:
    return lambda _c, concern: bool(letters & set(concern.sections))


CONDITIONS: dict[str, Condition] = {
    "sections_education": _any(EDUCATION),
    "sections_need_certificate": _any(NEEDS_CERTIFICATE),
    "sections_health_or_care": _any(HEALTH | SOCIAL_CARE),
    "sections_health": _any(HEALTH),
    "sections_social_care": _any(SOCIAL_CARE),
    "sections_not_appealable": _any(NOT_APPEALABLE),
    "sections_only_not_appealable": lambda _c, k: (
        bool(k.sections) and set(k.sections) <= NOT_APPEALABLE
    ),
    "health_or_unspecified": lambda _c, k: not k.sections or bool(HEALTH & set(k.sections)),
    "social_care_or_unspecified": lambda _c, k: (
        not k.sections or bool(SOCIAL_CARE & set(k.sections))
    ),
    "provision_education": _any({"F"}),
    "no_ehc_plan": lambda c, _k: c.ehc_plan in (None, "none"),
    "young_person": lambda c, _k: c.appellant == "young_person",
    "sections_health_only": lambda _c, k: health_only(k),
    # Who asks for an exclusion review: the parent while the pupil is under 18, the pupil from 18
    # (School Discipline (Pupil Exclusions and Reviews) (England) Regulations 2012, reg 2).
    "pupil_18_or_over": lambda c, _k: _age_at_least(c, 18) is True,
    "pupil_under_18": lambda c, _k: _age_at_least(c, 18) is False,
    "pupil_age_unknown": lambda c, _k: _age(c) is None,
    "school_maintained_or_pru": lambda c, _k: c.family.school_type in LGSCO_SCHOOLS,
    "school_type_unknown": lambda c, _k: c.family.school_type is None,
}


# The conditions that read the plan's sections (so the wizard asks for them).
SECTION_CONDITIONS = frozenset(
    name for name in CONDITIONS if name.startswith("sections_") or name.endswith("_or_unspecified")
) | {"provision_education"}


def holds(name: str, circumstances: Circumstances, concern: Concern) -> bool:
    """Evaluate a condition name, allowing a leading "not "."""
    if name.startswith("not "):
        return not CONDITIONS[name[4:]](circumstances, concern)
    return CONDITIONS[name](circumstances, concern)
