"""The service report: anonymised counts of a period's casework, for a service's annual report.

Pure Python (no Qt, no database, no PDF): `build_report` counts what the case file holds
(`storage.records.ReportRows`) into a JSON-ready dict (`sendadvisor.report/1`), which
`render_text`, the command line's `--json` and the PDF report (`letters/report_pdf.py`) only lay
out. No names, dates of birth, addresses or free text ever reach it: the case file hands over
concern kinds, route ids and deadline dates only.

Small numbers: a count under 5 (0 included) is never given exactly; it is the string
`"fewer than 5"` (`SUPPRESSED`) in the JSON and in words. Where a group's counts are printed with
their total, a single hidden count could be worked out by subtraction, so the next smallest count
of that group is hidden as well (complementary suppression). Days late (a median, the longest)
are shown only when at least 5 time limits were missed.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sendadvisor.dates.wording import format_short
from sendadvisor.i18n import N_, _

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

REPORT_SCHEMA = "sendadvisor.report/1"
SMALLEST_SHOWN = 5
# In the JSON as written here (the contract's words); in words, translated (`number`).
SUPPRESSED = N_("fewer than 5")
DONE = ("done", "done_late")

# How late a missed time limit was, in days: (first day, last day or None, the words; the JSON
# holds them as written here, and the text translates them).
BANDS = (
    (1, 7, N_("1 to 7 days")),
    (8, 28, N_("8 to 28 days")),
    (29, 91, N_("29 days to 3 months")),
    (92, None, N_("more than 3 months")),
)

Count = int | str  # an exact count of 5 or more, or SUPPRESSED


def shown(count: int) -> Count:
    """A count as it may be published: exact from 5 up, otherwise "fewer than 5"."""
    return count if count >= SMALLEST_SHOWN else SUPPRESSED


def protected(counts: Sequence[int], *, with_total: bool) -> list[Count]:
    """Counts as they may be published together. With their total printed too, one hidden count
    would follow by subtraction, so the smallest shown one is hidden with it."""
    result: list[Count] = [shown(n) for n in counts]
    hidden = [i for i, value in enumerate(result) if value == SUPPRESSED and counts[i] > 0]
    if with_total and len(hidden) == 1:
        exact = [i for i, value in enumerate(result) if value != SUPPRESSED]
        if exact:
            result[min(exact, key=lambda i: counts[i])] = SUPPRESSED
    return result


@dataclass(frozen=True)
class Labels:
    """The words for each identifier, from the rules (one owner: the rules files)."""

    kinds: Mapping[str, str]
    routes: Mapping[str, str]
    deadlines: Mapping[str, str]
    rules_version: str


def rule_labels() -> Labels:
    """Concern-kind, route and deadline titles from the rules in use."""
    from sendadvisor.rules import default_rulebook

    book = default_rulebook()
    return Labels(
        kinds=dict(book.kinds),
        routes={route.id: route.title for route in book.routes},
        deadlines={rule.id: rule.title for rule in book.deadlines},
        rules_version=book.version,
    )


# Said for an identifier the rules in use no longer have (stored by an older version).
NO_LONGER = N_("no longer in the rules")


def _lines(
    counts: Counter[str], titles: Mapping[str, str], *, with_total: bool
) -> list[dict[str, Any]]:
    """Each identifier counted (none at 0), most first, with its title and published count."""
    ordered = sorted(counts, key=lambda key: (-counts[key], titles.get(key, key)))
    published = protected([counts[key] for key in ordered], with_total=with_total)
    return [
        {
            "id": key,
            "title": titles.get(key, f"{key.replace('_', ' ')} ({_(NO_LONGER)})"),
            "count": n,
        }
        for key, n in zip(ordered, published, strict=True)
    ]


def _day(text: str) -> date:
    return date.fromisoformat(text)


def build_report(
    rows: Any, *, first: date | None, last: date, today: date, labels: Labels
) -> dict[str, Any]:
    """The report over the period, from the case file's `ReportRows`."""
    kinds: Counter[str] = Counter()
    routes: Counter[str] = Counter()
    for kind, route_ids in rows.concerns:
        kinds[kind] += 1
        routes.update(set(route_ids.split()))

    family = Counter[str]()
    limits_due: Counter[str] = Counter()
    limits_met: Counter[str] = Counter()
    limits_missed: Counter[str] = Counter()
    days_late: list[int] = []
    still_late = 0
    for deadline_id, who, status, due_text, done_text in rows.deadlines:
        due = _day(due_text)
        done = _day(done_text) if done_text else None
        if who == "family":
            if status in DONE:
                family["met" if done is None or done <= due else "missed"] += 1
            elif status == "awaiting_certificate":
                family["awaiting_certificate"] += 1
            elif due >= today:
                family["not_yet_due"] += 1
            else:
                family["missed"] += 1
            continue
        limits_due[deadline_id] += 1
        if status == "done" and (done is None or done <= due):
            limits_met[deadline_id] += 1
        elif status in DONE:  # done after the last day
            limits_missed[deadline_id] += 1
            days_late.append(max(((done or due) - due).days, 1))
        elif due < today:
            limits_missed[deadline_id] += 1
            days_late.append((today - due).days)
            still_late += 1
        # else: not yet due (or due today)

    missed_total = sum(limits_missed.values())
    bands = [
        sum(1 for days in days_late if low <= days and (high is None or days <= high))
        for low, high, _words in BANDS
    ]
    limit_ids = sorted(limits_due, key=lambda key: (-limits_due[key], key))
    missed_column = protected([limits_missed[key] for key in limit_ids], with_total=True)
    met_column = protected([limits_met[key] for key in limit_ids], with_total=True)
    due_column = protected([limits_due[key] for key in limit_ids], with_total=True)
    enough = len(days_late) >= SMALLEST_SHOWN
    return {
        "schema": REPORT_SCHEMA,
        "period": {"from": first.isoformat() if first else None, "to": last.isoformat()},
        "made_on": today.isoformat(),
        "rules_version": labels.rules_version,
        "suppressed": SUPPRESSED,
        "cases": {
            "open_in_period": shown(rows.open_in_period),
            "opened": shown(rows.opened),
            "closed": shown(rows.closed),
            "not_worked_out": shown(rows.not_worked_out),
            "all_worked_out": rows.not_worked_out == 0,
        },
        "concerns": {
            "total": shown(sum(kinds.values())),
            "by_kind": _lines(kinds, labels.kinds, with_total=True),
        },
        "routes": _lines(routes, labels.routes, with_total=False),
        "family_deadlines": {
            key: shown(family[key])
            for key in ("met", "missed", "awaiting_certificate", "not_yet_due")
        },
        "council_limits": {
            "due": shown(sum(limits_due.values())),
            "met": shown(sum(limits_met.values())),
            "missed": shown(missed_total),
            "still_not_done": shown(still_late),
            "median_days_late": round(statistics.median(days_late)) if enough else None,
            "longest_days_late": max(days_late) if enough else None,
            "missed_by": [
                {"label": words, "count": n}
                for (_low, _high, words), n in zip(
                    BANDS, protected(bands, with_total=True), strict=True
                )
            ],
            "by_limit": [
                {
                    "id": key,
                    "title": labels.deadlines.get(key, f"{key} ({_(NO_LONGER)})"),
                    "due": due,
                    "met": met,
                    "missed": missed,
                }
                for key, due, met, missed in zip(
                    limit_ids, due_column, met_column, missed_column, strict=True
                )
            ],
        },
    }


def period_words(report: Mapping[str, Any]) -> str:
    """ "1 April 2026 to 31 March 2027", or "up to 28 November 2026" with no first day."""
    last = format_short(_day(report["period"]["to"]))
    first = report["period"]["from"]
    if first:
        return _("{first} to {last}").format(first=format_short(_day(first)), last=last)
    return _("up to {last}").format(last=last)


def number(count: Count) -> str:
    """A published count in words: "1,234" or "fewer than 5"."""
    return f"{count:,}" if isinstance(count, int) else _(count)


# (key, the words): shown through _().
FAMILY_WORDS = (
    ("met", N_("Met (done by the last day)")),
    ("missed", N_("Missed (not done by the last day)")),
    ("awaiting_certificate", N_("Waiting for a mediation certificate (not missed)")),
    ("not_yet_due", N_("Not yet due")),
)
CASE_WORDS = (
    ("open_in_period", N_("Open at some time in the period")),
    ("opened", N_("Opened in the period")),
    ("closed", N_("Closed in the period")),
)


def days_words(limits: Mapping[str, Any]) -> str | None:
    """How late the missed time limits were, in a sentence (None when too few to say)."""
    if limits["median_days_late"] is None:
        return None
    return _("Half were {median} days late or more; the longest was {longest} days late.").format(
        median=limits["median_days_late"], longest=limits["longest_days_late"]
    )


def render_text(report: Mapping[str, Any]) -> str:
    """The report in plain English, for the terminal (no identifiers, only the rules' titles)."""
    out: list[str] = []

    def section(title: str) -> None:
        out.extend(["", title])

    def line(label: str, count: Count, indent: int = 2) -> None:
        out.append(f"{' ' * indent}{label}: {number(count)}")

    out.append(_("Service report, {period}").format(period=period_words(report)))
    out.append(
        _('Counts under 5 are shown as "{shown}", so that no family can be recognised.').format(
            shown=_(SUPPRESSED)
        )
    )
    cases = report["cases"]
    section(_("Cases"))
    for key, words in CASE_WORDS:
        line(_(words), cases[key])
    if not cases["all_worked_out"]:
        out.append(
            "  "
            + (
                _(
                    "({count} of them could not be worked out by the rules "
                    "and are not counted below.)"
                ).format(count=number(cases["not_worked_out"]))
                if cases["not_worked_out"] != SUPPRESSED
                else _("(A few could not be worked out by the rules and may be missing below.)")
            )
        )
    concerns = report["concerns"]
    section(_("Concerns, by kind ({count} in all)").format(count=number(concerns["total"])))
    for entry in concerns["by_kind"]:
        line(entry["title"], entry["count"])
    section(_("Routes offered (how many concerns each was open to)"))
    for entry in report["routes"]:
        line(entry["title"], entry["count"])
    section(_("Families' deadlines due in the period"))
    for key, words in FAMILY_WORDS:
        line(_(words), report["family_deadlines"][key])
    limits = report["council_limits"]
    section(_("Time limits on the council and others, due in the period"))
    line(_("Due"), limits["due"])
    line(_("Met in time"), limits["met"])
    line(_("Missed"), limits["missed"])
    line(_("Missed and still not done"), limits["still_not_done"], 4)
    sentence = days_words(limits)
    if sentence:
        out.append(f"  {sentence}")
    out.append("  " + _("How late:"))
    for band in limits["missed_by"]:
        line(_(band["label"]), band["count"], 4)
    if limits["by_limit"]:
        out.append("  " + _("Each time limit (due, met, missed):"))
        for entry in limits["by_limit"]:
            out.append(
                "    "
                + _("{title}: {due} due, {met} met, {missed} missed").format(
                    title=entry["title"],
                    due=number(entry["due"]),
                    met=number(entry["met"]),
                    missed=number(entry["missed"]),
                )
            )
    return "\n".join(out) + "\n"


def report_from_rows(
    rows: Any, *, first: date | None, last: date, today: date, labels: Labels | None = None
) -> dict[str, Any]:
    """`build_report` with the titles of the rules in use."""
    return build_report(rows, first=first, last=last, today=today, labels=labels or rule_labels())


def counts_in(report: Mapping[str, Any]) -> Iterable[tuple[str, Any]]:
    """Every published count in the report as (where, value), for checking suppression."""
    days = {"median_days_late", "longest_days_late"}
    stack: list[tuple[str, Any]] = [("", report)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            for key, inner in value.items():
                if key not in days and key not in ("period", "made_on", "rules_version"):
                    stack.append((f"{where}.{key}", inner))
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", inner) for i, inner in enumerate(value))
        elif isinstance(value, int) and not isinstance(value, bool):
            yield where, value
