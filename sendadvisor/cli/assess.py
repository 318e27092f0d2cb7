"""`sendadvisor assess CASE.json [--json]`: the routes and deadlines for a family's circumstances."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from sendadvisor.dates import format_long
from sendadvisor.i18n import _

if TYPE_CHECKING:
    from sendadvisor.presentation import DeadlineView


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("assess", help=_("print the routes and deadlines for a case"))
    parser.add_argument(
        "case", metavar="CASE.json", help=_("circumstances JSON, or - for standard input")
    )
    parser.add_argument("--json", action="store_true", help=_("print the assessment as JSON"))
    parser.add_argument("--data", metavar="FILE", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from sendadvisor.domain.circumstances import read_case_json
    from sendadvisor.rules import assess

    assessment = assess(read_case_json(args.case))
    if args.json:
        json.dump(assessment, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_text(assessment))
    return 0


def _day(iso: str) -> str:
    return format_long(date.fromisoformat(iso))


def _deadline_lines(view: DeadlineView) -> list[str]:
    status = "" if view.status == "upcoming" else f"  <- {view.status_words.upper()}"
    lines = [f"  {format_long(view.due_on)}: {view.title} ({view.who_words}){status}"]
    if view.status == "passed" and view.next_steps:
        lines.append("    " + _("What can still be done:"))
        lines.extend(f"      * {text}" for text in view.next_steps)
        if view.still_possible_sources:
            lines.append("      " + _source(view.still_possible_sources))
    else:
        lines.extend(f"    {text}" for text in view.next_steps)
    for step in view.steps:
        lines.append(f"    - {step}")
    lines.append("    " + _source(s["label"] for s in view.sources))
    if view.confidence_words:
        lines.append("    " + _("How sure: {words}").format(words=view.confidence_words))
    for caution in view.cautions:
        lines.append("    " + _("Caution: {caution}").format(caution=caution))
    for note in view.adviser_notes:
        lines.append("    " + _adviser_note(note))
    return lines


def _source(labels: Iterable[str]) -> str:
    return _("Source: {sources}").format(sources="; ".join(labels))


def _adviser_note(note: str) -> str:
    return _("Adviser note: {note}").format(note=note)


def render_text(assessment: Mapping[str, Any]) -> str:
    """The assessment in plain English for a terminal."""
    from sendadvisor import presentation

    out = [
        _("Assessment on {day} (rules {version})").format(
            day=_day(assessment["as_of"]), version=assessment["rules_version"]
        ),
        "",
    ]
    views = presentation.views(assessment)
    first = presentation.headline(assessment)
    if first is not None and first.status == "awaiting_certificate":
        out += [
            _("Most urgent: {title}: {status}. {next_steps}").format(
                title=first.title,
                status=first.status_words.lower(),
                next_steps=" ".join(first.next_steps),
            ),
            "",
        ]
    elif first is not None:
        out += [
            _("Most urgent: {title}: act by {day}").format(
                title=first.title, day=format_long(first.act_by)
            ),
            "",
        ]
    for number, concern in enumerate(assessment["concerns"], start=1):
        out.append(_("Concern {number}: {title}").format(number=number, title=concern["title"]))
        out.append(_("Routes open:"))
        for route in concern["routes"]:
            flag = ""
            if route.get("needs_mediation_certificate"):
                flag = " " + _("(needs a mediation certificate)")
            elif "needs_mediation_certificate" in route:
                flag = " " + _("(no mediation certificate needed)")
            out.append(f"  * {route['title']}{flag}")
            out.append(f"    {route['reason']}")
            out.append("    " + _source(s["label"] for s in route["sources"]))
            out.extend("    " + _adviser_note(note) for note in route.get("adviser_notes", []))
        if not concern["routes"]:
            out.append("  " + _("(none)"))
        out.append(_("Deadlines:"))
        for view in views:
            if view.concern == number - 1:
                out.extend(_deadline_lines(view))
        if not concern["deadlines"]:
            out.append("  " + _("No date can be worked out from the facts given."))
        if concern.get("cautions"):
            out.append(_("Cautions:"))
            out.extend(f"  ! {c}" for c in concern["cautions"])
        out.append("")
    if assessment["timeline"]:
        out.append(_("The council's time limits:"))
        for view in views:
            if view.concern is None:
                out.extend(_deadline_lines(view))
        out.append("")
    if assessment["warnings"]:
        out.append(_("Warnings:"))
        out.extend(f"  ! {w['text']}" for w in assessment["warnings"])
        out.append("")
    return "\n".join(out)
