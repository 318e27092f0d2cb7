"""The narrow facade between the widgets and the core: rules, validation, councils and letters.

Widgets call these functions instead of importing the core packages, so the app shows exactly
what `sendadvisor assess` prints (same code), and the slow imports (rules data, ReportLab) happen
on first use rather than before the first window is painted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sendadvisor.i18n import N_, _

if TYPE_CHECKING:
    from sendadvisor.rules.assessment import Assessment

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import cache


def validate(circumstances: dict) -> dict:
    """The validated circumstances dict; raises InputError naming the field of the first problem."""
    from sendadvisor.domain.circumstances import parse_circumstances

    return parse_circumstances(circumstances).raw


def assess(circumstances: dict) -> Assessment:
    """The `sendadvisor.assessment/1` dict for these circumstances, from the rules engine."""
    from sendadvisor import rules

    return rules.assess(circumstances)


@cache
def deadline_titles() -> dict[str, str]:
    """Each deadline's (and council time limit's) one title, by id."""
    from sendadvisor.rules import default_rulebook

    return {rule.id: rule.title for rule in default_rulebook().deadlines}


def missing(circumstances: str | dict) -> list[tuple[str, str]]:
    """The answers that would let the rules work out dates they cannot yet: (the field as the
    assessment names it, e.g. `concerns[0].sent_on`; the wizard's question for it), each once."""
    import json

    from sendadvisor.domain.errors import InputError
    from sendadvisor.wizard import flow

    data = json.loads(circumstances) if isinstance(circumstances, str) else circumstances
    try:
        warnings = assess(data)["warnings"]
    except (InputError, KeyError, TypeError, ValueError):
        return []
    found: list[tuple[str, str]] = []
    for warning in warnings:
        field = str(warning.get("field") or "")
        if warning["id"] == "missing_fact" and field and field not in (f for f, _label in found):
            found.append((field, flow.field_label(field)))
    return found


def missing_facts(circumstances: str | dict) -> list[str]:
    """The questions whose answers would give the dates that cannot be worked out, in words."""
    labels: list[str] = []
    for _field, label in missing(circumstances):
        if label not in labels:
            labels.append(label)
    return labels


def long_date(value: date | str | None) -> str:
    """'Monday 4 January 2027', as the letters and the command line write it."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    from sendadvisor.dates import format_long

    return format_long(value)


@cache
def councils() -> tuple[tuple[str, str], ...]:
    """(slug, name) of every council in resources/councils/, sorted by name."""
    from sendadvisor.councils import available_councils

    return tuple(available_councils())


@dataclass(frozen=True)
class Letter:
    """One rendered summary letter and what the case record needs to know about it."""

    pdf: bytes
    large_print: bool
    sha256: str
    rules_version: str


def build_letter(
    circumstances: dict,
    assessment: Mapping[str, Any],
    *,
    council_slug: str,
    adviser_name: str,
    service_name: str,
    issued_on: date,
    large_print: bool,
) -> Letter:
    """Render the family's letter with the letters package (ReportLab is imported only here).

    Raises InputError (unknown council, bad circumstances) or letters.UnprintableText.
    """
    from sendadvisor.councils import load_council
    from sendadvisor.letters import build_letter_content, render_letter

    content = build_letter_content(
        circumstances,
        assessment,
        council=load_council(council_slug),
        adviser_name=adviser_name,
        service_name=service_name,
        issued_on=issued_on,
    )
    pdf = render_letter(content, large_print=large_print)
    return Letter(
        pdf, large_print, hashlib.sha256(pdf).hexdigest(), str(assessment.get("rules_version", ""))
    )


# The family's other copies the letter dialog can save: (key, button text, file suffix, filter).
EXTRA_COPIES = (
    ("easy_read", N_("Save &easy read…"), ".pdf", N_("PDF files (*.pdf)")),
    ("calendar", N_("Save the dates to a &calendar (.ics)…"), ".ics", N_("Calendar files (*.ics)")),
    ("word", N_("Save a &Word copy (.docx)…"), ".docx", N_("Word documents (*.docx)")),
)


def build_copy(
    what: str,
    circumstances: dict,
    assessment: Mapping[str, Any],
    *,
    council_slug: str,
    adviser_name: str,
    service_name: str,
    issued_on: date,
    large_print: bool = False,
) -> bytes:
    """The easy-read letter, the calendar file or the Word copy, made by the same code as
    `sendadvisor letter --easy-read`, `sendadvisor calendar` and `letter -o OUT.docx`."""
    from sendadvisor.councils import load_council
    from sendadvisor.letters import content as letter_content

    council = load_council(council_slug)
    if what == "easy_read":
        from sendadvisor.letters.easy_read import render_easy_read

        easy = letter_content.build_easy_read(
            circumstances,
            assessment,
            council=council,
            adviser_name=adviser_name,
            service_name=service_name,
            issued_on=issued_on,
        )
        return render_easy_read(easy)
    if what == "calendar":
        from sendadvisor.letters.ical import render_calendar

        entries = letter_content.build_calendar_entries(circumstances, assessment, council=council)
        return render_calendar(entries, issued_on=issued_on)
    if what == "word":
        from sendadvisor.letters.docx import render_docx

        built = letter_content.build_letter_content(
            circumstances,
            assessment,
            council=council,
            adviser_name=adviser_name,
            service_name=service_name,
            issued_on=issued_on,
        )
        return render_docx(built, large_print=large_print)
    raise ValueError(what)


# The licences of what sendadvisor ships that others made: (what, licence, its file in resources/).
THIRD_PARTY = (
    (
        N_("Atkinson Hyperlegible font (Braille Institute)"),
        "SIL Open Font License 1.1",
        "fonts/OFL.txt",
    ),
    (
        N_("DejaVu Sans font (letters)"),
        N_("Bitstream Vera / DejaVu licence"),
        "fonts/DejaVu-LICENSE.txt",
    ),
    (N_("The sendadvisor icon"), N_("made for sendadvisor, under the project's own licence"), ""),
)


def about_lines() -> list[str]:
    """What the About box says: version, rules version, the bank holidays' reach, licences."""
    from sendadvisor import __version__
    from sendadvisor.rules import default_rulebook
    from sendadvisor.rules.holidays import default_bank_holidays, describe

    lines = [
        _("sendadvisor version {version}").format(version=__version__),
        _("Rules version {version}").format(version=default_rulebook().version),
        _("Bank holidays: {holidays}").format(holidays=describe(default_bank_holidays())),
        "",
        _("Made with the work of others:"),
    ]
    lines += [f"• {_(what)}: {_(licence)}" for what, licence, _file in THIRD_PARTY]
    return lines
