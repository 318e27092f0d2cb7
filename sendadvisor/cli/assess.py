"""`sendadvisor assess CASE.json [--json]`: the routes and deadlines for a family's circumstances."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from sendadvisor.dates import format_long



def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("assess", help="print the routes and deadlines for a case")
    parser.add_argument("case", metavar="CASE.json", help="circumstances JSON, or - for standard input")
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


def _deadline_lines(entry: dict[str, Any], as_of: str, siblings: list[dict[str, Any]]) -> list[str]:
    from sendadvisor import presentation

    status = "" if entry["status"] == "upcoming" else f"  <- {presentation.status_words(entry).upper()}"
    lines = [f"  {_day(entry['due_on'])}: {entry['title']} ({entry['who'].replace('_', ' ')}){status}"]
    steps_now = presentation.next_steps(entry, siblings, as_of)
    if entry["status"] == "passed" and steps_now:
        lines.append("    What can still be done:")
        lines.extend(f"      * {text}" for text in steps_now)
        sources = presentation.still_possible_sources(entry)
        if sources:
            lines.append("      Source: " + "; ".join(s["label"] for s in sources))
    else:
        lines.extend(f"    {text}" for text in steps_now)
    for step in entry["steps"]:
        lines.append(f"    - {step}")
    lines.append("    Source: " + "; ".join(s["label"] for s in entry["sources"]))
    for caution in entry.get("cautions", []):
        lines.append(f"    Caution: {caution}")
    for note in entry.get("adviser_notes", []):
        lines.append(f"    Adviser note: {note}")
    return lines


def render_text(assessment: dict[str, Any]) -> str:
    """The assessment in plain English for a terminal."""
    out = [f"Assessment on {_day(assessment['as_of'])} (rules {assessment['rules_version']})", ""]
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
        for entry in concern["deadlines"]:
            out.extend(_deadline_lines(entry, assessment["as_of"], concern["deadlines"]))
        if not concern["deadlines"]:
            out.append("  No date can be worked out from the facts given.")
        if concern.get("cautions"):
            out.append("Cautions:")
            out.extend(f"  ! {c}" for c in concern["cautions"])
        out.append("")
    if assessment["timeline"]:
        out.append("The council's time limits:")
        for entry in assessment["timeline"]:
            out.extend(_deadline_lines(entry, assessment["as_of"], assessment["timeline"]))
        out.append("")
    if assessment["warnings"]:
        out.append("Warnings:")
        out.extend(f"  ! {w['text']}" for w in assessment["warnings"])
        out.append("")
    return "\n".join(out)
