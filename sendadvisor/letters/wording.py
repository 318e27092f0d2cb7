"""The letter's sentences, read from `resources/letters/wording.toml` and checked against a schema."""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from sendadvisor import i18n
from sendadvisor.domain.circumstances import CONCERN_KINDS, EHC_PLAN_STATES
from sendadvisor.domain.circumstances import SECTIONS as PLAN_SECTIONS
from sendadvisor.domain.errors import InputError
from sendadvisor.i18n import _
from sendadvisor.letters.model import Run, Text
from sendadvisor.resources import resource_path

# Each contact role needs a sentence saying what it does.
from sendadvisor.rules.rulebook import CONTACT_ROLES, LETTER_PLACEHOLDERS

WORDING_SCHEMA = "sendadvisor.letter-wording/1"

# Terms a parent may not know, explained once each where the letter first needs them; the words
# that show a term is used are in `letters.content.TERM_WORDS`.
TERMS = ("ehc_plan", "send_tribunal", "mediation_certificate", "senco")
# Placeholders every sentence about the family's situation may use: what a route's next step
# may name, and who writes the letter.
COMMON = LETTER_PLACEHOLDERS | {"service_name", "adviser_name"}
_NONE: frozenset[str] = frozenset()


def _leaves(names: tuple[str, ...], allowed: frozenset[str]) -> dict[str, frozenset[str]]:
    return {name: allowed for name in names}


# The schema: each key and the placeholders its sentence may use. Nothing that names the family
# is allowed in `document` (it becomes PDF metadata) or in `who`/`deadline_titles` labels.
SPEC: dict = {
    "schema": None,
    "last_checked": None,
    "document": {"title": _NONE, "subject": _NONE, "page_label": frozenset({"page", "pages"})},
    "defaults": {"adviser_name": _NONE},
    "opening": {
        "date_line": frozenset({"visit_date"}),
        "child_line": frozenset({"child_name"}),
        "child_dob_line": frozenset({"date_of_birth"}),
        "school_line": frozenset({"school_name"}),
        "greeting": frozenset({"name"}),
        "greeting_no_name": _NONE,
        "greeting_young_person_no_name": _NONE,
        "intro": COMMON | {"visit_date"},
    },
    "terms": {
        "intro": COMMON,
        **_leaves(TERMS, COMMON),
    },
    "told_us": {
        "heading": _NONE,
        "no_detail": COMMON,
        **_leaves(
            (
                "sent_on",
                "letter_dated",
                "adviser_contacted_on",
                "certificate_issued_on",
                "conduct_on",
                "noticed_on",
                "board_decision_notified_on",
            ),
            COMMON | {"date"},
        ),
        "no_sections": _NONE,
        "ehc_plan": _leaves(EHC_PLAN_STATES, COMMON),
    },
    "plan_sections": _leaves(PLAN_SECTIONS, _NONE),
    "concerns": {
        kind: {"label": COMMON, "told_us": COMMON | {"sections"}} for kind in CONCERN_KINDS
    },
    "most_important": {
        "line": frozenset({"action", "date"}),
        "today": _NONE,
        "last_day": frozenset({"date"}),
        "on_last_day": _NONE,
        "by_5pm": _NONE,
        "all_passed": COMMON,
        "awaiting": COMMON,
        "actions": {"other": frozenset({"what"})},
    },
    "routes": {
        "heading": _NONE,
        "intro": COMMON,
        "concern_heading": COMMON | {"label"},
        "step_heading": frozenset({"number", "title"}),
        "next_label": _NONE,
        "last_day": frozenset({"date"}),
        "last_day_today": frozenset({"date"}),
        "last_day_passed": frozenset({"date"}),
        "last_day_done": frozenset({"date"}),
        "last_day_awaiting": frozenset({"date"}),
        "act_by": frozenset({"act_by"}),
        "no_routes": COMMON,
    },
    "deadlines": {
        "heading": _NONE,
        "column_date": _NONE,
        "column_what": _NONE,
        "column_who": _NONE,
        "passed_heading": _NONE,
        "still_possible_heading": _NONE,
        "still_possible_intro": COMMON,
        "act_by": frozenset({"act_by"}),
        "about": COMMON | {"label"},
        "all_passed": COMMON,
        "no_deadline": COMMON,
    },
    "late": {
        "heading": _NONE,
        "intro": COMMON,
        "what_you_can_do": COMMON,
    },
    "cautions": {
        "heading": _NONE,
        "deadline_caution": frozenset({"what", "caution"}),
        "received": COMMON,
        "less_sure": COMMON | {"titles"},
    },
    "contacts": {
        "heading": _NONE,
        "email_label": _NONE,
        "web_label": _NONE,
        "address_label": _NONE,
        "hours_label": _NONE,
        "checked": frozenset({"date"}),
        "checked_all": frozenset({"date"}),
        "roles": _leaves(CONTACT_ROLES, COMMON),
    },
    "closing": {"text": COMMON, "sign_off": _NONE},
    "easy_read": {
        "title": _NONE,
        "for_name": frozenset({"name"}),
        "we_talked": frozenset({"date"}),
        "about": COMMON,
        "next_heading": _NONE,
        "do_it_by": frozenset({"date"}),
        "nothing_to_do": COMMON,
        "call_heading": _NONE,
        "call": frozenset({"name"}),
        "help": COMMON,
    },
    "calendar": {
        "title": frozenset({"action", "what"}),
        "what_to_do": _NONE,
        "working": _NONE,
        "contact": frozenset({"name", "ways"}),
    },
    "appendix": {
        "heading": _NONE,
        "intro": COMMON,
        "item_heading": frozenset({"what", "date"}),
        "sources_label": _NONE,
        "why_heading": _NONE,
        "why_item": frozenset({"title", "reason"}),
        "version": frozenset({"visit_date", "rules_version"}),
    },
}


class WordingError(InputError):
    """The wording file is wrong; the message names the file and the key."""


@dataclass(frozen=True)
class Wording:
    """The checked sentences of the letter, looked up by dotted key (`routes.mediation.title`)."""

    texts: Mapping[str, str]
    last_checked: date

    def has(self, key: str) -> bool:
        return key in self.texts

    def plain(self, key: str, **values: str) -> str:
        """The sentence with its placeholders filled in, without bold marks."""
        return "".join(run.text for run in self.runs(key, **values))

    def runs(self, key: str, **values: str) -> Text:
        """The sentence as runs of plain and bold text; values are never parsed for `**`."""
        return runs_of(self.texts[key], values)


def runs_of(template: str, values: Mapping[str, str]) -> Text:
    """A template as runs of plain and bold (`**...**`) text, its placeholders filled; the values
    themselves are never parsed for `**`."""
    runs = []
    for index, part in enumerate(template.split("**")):
        if part:
            runs.append(Run(part.format_map(values), bold=index % 2 == 1))
    return tuple(runs)


def wording_file() -> Path:
    """The shipped wording file."""
    return resource_path("letters", "wording.toml")


@cache
def _cached(path: str, mtime_ns: int) -> Wording:
    return _load(Path(path))


i18n.forget_on_change(_cached.cache_clear)


def load_wording(path: Path | None = None) -> Wording:
    """Read and check the wording; an edit on disk is seen the next time a letter is made."""
    path = wording_file() if path is None else Path(path)
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as error:
        raise WordingError(
            _display(path), _("cannot be read ({reason})").format(reason=error.strerror)
        ) from None
    return _cached(str(path), mtime)


def _load(path: Path) -> Wording:
    try:
        with open(path, "rb") as handle:
            data = i18n.translate_tree(tomllib.load(handle), "letters")
    except OSError as error:
        raise WordingError(
            _display(path), _("cannot be read ({reason})").format(reason=error.strerror)
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise WordingError(
            _display(path), _("is not valid TOML ({reason})").format(reason=error)
        ) from None
    if data.get("schema") != WORDING_SCHEMA:
        raise WordingError(
            f"{_display(path)}: schema", _("must be {schema}").format(schema=repr(WORDING_SCHEMA))
        )
    last_checked = data.get("last_checked")
    if not isinstance(last_checked, date):
        raise WordingError(f"{_display(path)}: last_checked", _("must be a date like 2026-11-28"))
    texts: dict[str, str] = {}
    _walk(path, data, SPEC, "", texts)
    return Wording(texts=texts, last_checked=last_checked)


def _walk(path: Path, data: dict, spec: dict, prefix: str, texts: dict[str, str]) -> None:
    for key in data:
        if key not in spec:
            allowed = ", ".join(sorted(spec))
            raise WordingError(
                f"{_display(path)}: {prefix}{key}",
                _("unknown key (allowed: {allowed})").format(allowed=allowed),
            )
    for key, rule in spec.items():
        where = f"{prefix}{key}"
        if rule is None:  # schema / last_checked, checked by the caller
            continue
        if key not in data:
            raise WordingError(f"{_display(path)}: {where}", _("missing"))
        value = data[key]
        if isinstance(rule, dict):
            if not isinstance(value, dict):
                raise WordingError(f"{_display(path)}: {where}", _("must be a table of sentences"))
            _walk(path, value, rule, f"{where}.", texts)
            continue
        if not isinstance(value, str) or not value.strip():
            raise WordingError(f"{_display(path)}: {where}", _("must be some text in quotes"))
        _check_template(path, where, value, rule)
        texts[where] = " ".join(value.split())


def _check_template(path: Path, where: str, template: str, allowed: frozenset[str]) -> None:
    if template.count("**") % 2:
        raise WordingError(f"{_display(path)}: {where}", _("has a ** without its closing **"))
    try:
        fields = [
            f for _literal, f, spec, conv in string.Formatter().parse(template) if f is not None
        ]
        specs = [
            (spec, conv) for _literal, f, spec, conv in string.Formatter().parse(template) if f
        ]
    except ValueError as error:
        raise WordingError(
            f"{_display(path)}: {where}",
            _("has a broken {{placeholder}} ({reason})").format(reason=error),
        ) from None
    for name in fields:
        if name not in allowed:
            known = ", ".join("{" + n + "}" for n in sorted(allowed)) or "none"
            raise WordingError(
                f"{_display(path)}: {where}",
                _("unknown placeholder {{{name}}} (this sentence can use: {known})").format(
                    name=name, known=known
                ),
            )
    if any(spec or conv for spec, conv in specs):
        raise WordingError(
            f"{_display(path)}: {where}", _("placeholders take no format, write {name} only")
        )


def _display(path: Path) -> str:
    return f"letters/{path.name}"
