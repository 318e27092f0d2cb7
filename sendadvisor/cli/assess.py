"""`sendadvisor assess CASE.json [--json]`: the routes and deadlines for a family's circumstances."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from sendadvisor.dates import format_long

if TYPE_CHECKING:
    from sendadvisor.presentation import DeadlineView


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("assess", help="print the routes and deadlines for a case")
    parser.add_argument(
        "case", metavar="CASE.json", help="circumstances JSON, or - for standard input"
    )
    parser.add_argument("--json", action="store_true", help="print the assessment as JSON")
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
        lines.append("    What can still be done:")
        lines.extend(f"      * {text}" for text in view.next_steps)
        if view.still_possible_sources:
            lines.append("      Source: " + "; ".join(view.still_possible_sources))
    else:
        lines.extend(f"    {text}" for text in view.next_steps)
    for step in view.steps:
        lines.append(f"    - {step}")
    lines.append("    Source: " + "; ".join(s["label"] for s in view.sources))
    if view.confidence_words:
        lines.append(f"    How sure: {view.confidence_words}")
    for caution in view.cautions:
        lines.append(f"    Caution: {caution}")
    for note in view.adviser_notes:
        lines.append(f"    Adviser note: {note}")
    return lines


def render_text(assessment: Mapping[str, Any]) -> str:
    """The assessment in plain English for a terminal."""
    from sendadvisor import presentation

    out = [f"Assessment on {_day(assessment['as_of'])} (rules {assessment['rules_version']})", ""]
    views = presentation.views(assessment)
    first = presentation.headline(assessment)
    if first is not None and first.status == "awaiting_certificate":
        out += [
            f"Most urgent: {first.title}: {first.status_words.lower()}. {' '.join(first.next_steps)}",
            "",
        ]
    elif first is not None:
        out += [f"Most urgent: {first.title}: act by {format_long(first.act_by)}", ""]
    for number, concern in enumerate(assessment["concerns"], start=1):
        out.append(f"Concern {number}: {concern['title']}")
        out.append("Routes open:")
        for route in concern["routes"]:
            flag = ""
            if route.get("needs_mediation_certificate"):
                flag = " (needs a mediation certificate)"
            elif "needs_mediation_certificate" in route:
                flag = " (no mediation certificate needed)"
            out.append(f"  * {route['title']}{flag}")
            out.append(f"    {route['reason']}")
            out.append("    Source: " + "; ".join(s["label"] for s in route["sources"]))
            out.extend(f"    Adviser note: {note}" for note in route.get("adviser_notes", []))
        if not concern["routes"]:
            out.append("  (none)")
        out.append("Deadlines:")
        for view in views:
            if view.concern == number - 1:
                out.extend(_deadline_lines(view))
        if not concern["deadlines"]:
            out.append("  No date can be worked out from the facts given.")
        if concern.get("cautions"):
            out.append("Cautions:")
            out.extend(f"  ! {c}" for c in concern["cautions"])
        out.append("")
    if assessment["timeline"]:
        out.append("The council's time limits:")
        for view in views:
            if view.concern is None:
                out.extend(_deadline_lines(view))
        out.append("")
    if assessment["warnings"]:
        out.append("Warnings:")
        out.extend(f"  ! {w['text']}" for w in assessment["warnings"])
        out.append("")
    return "\n".join(out)
