"""Loads the rules data in `resources/rules/` (one TOML file per route and per deadline) strictly.

Unknown keys, conditions, methods, facts or identifiers are load errors naming the file and key:
a typo in a rules file must never become a silent default.
"""

from __future__ import annotations

import os
from collections.abc import Set as AbstractSet
from datetime import date
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from sendadvisor.rules.assessment import Confidence, Who

from sendadvisor import i18n
from sendadvisor.domain.circumstances import CONCERN_KINDS, EHC_PLAN_STATES, ORDER_KINDS
from sendadvisor.domain.errors import InputError
from sendadvisor.i18n import _
from sendadvisor.rules.conditions import CONDITIONS
from sendadvisor.rules.rulebook import (
    CONFIDENCE,
    CONTACT_ROLES,
    DEADLINE_IDS,
    LETTER_PLACEHOLDERS,
    METHODS,
    ORDER_DEADLINE_IDS,
    ROLLS,
    ROUTE_IDS,
    TIMELINE_IDS,
    WARNING_IDS,
    WHO,
    Change,
    Clause,
    DeadlineRule,
    RouteRule,
    RuleBook,
    Source,
    StillPossible,
)


class _Reader:
    """Reads one TOML table, remembering which keys were used so the rest can be rejected."""

    def __init__(self, data: dict[str, Any], where: str) -> None:
        self.data = data
        self.where = where
        self.used: set[str] = set()

    def fail(self, key: str, message: str) -> InputError:
        return InputError(f"{self.where}: {key}", message)

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        self.used.add(key)
        if key not in self.data:
            if default is ...:
                raise self.fail(key, _("is required"))
            return default
        value = self.data[key]
        if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
            raise self.fail(key, _("has the wrong type ({type})").format(type=type(value).__name__))
        return value

    def strings(
        self, key: str, allowed: tuple[str, ...] | None = None, default: Any = ()
    ) -> tuple[str, ...]:
        values = self.get(key, list, list(default))
        for value in values:
            if not isinstance(value, str):
                raise self.fail(key, _("must be a list of text"))
            if allowed is not None and value not in allowed:
                raise self.fail(key, _one_of(value, allowed))
        return tuple(values)

    def choice(self, key: str, allowed: tuple[str, ...], default: Any = ...) -> str:
        value = self.get(key, str, default)
        if value not in allowed:
            raise self.fail(key, _one_of(value, allowed))
        return value

    def day(self, key: str) -> date:
        value = self.get(key, (date, str))
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                raise self.fail(key, _("{value} is not a date").format(value=repr(value))) from None
        return value

    def sources(self, key: str = "sources", required: bool = True) -> tuple[Source, ...]:
        items = self.get(key, list, ... if required else [])
        result = []
        for i, item in enumerate(items):
            reader = _Reader(item if isinstance(item, dict) else {}, f"{self.where}: {key}[{i}]")
            source = Source(reader.get("label", str), reader.get("url", str))
            reader.finish()
            if not source.url.startswith("https://") and not source.url.startswith("http://"):
                raise reader.fail("url", _("must be a web address"))
            result.append(source)
        if required and not result:
            raise self.fail(key, _("must cite at least one source"))
        return tuple(result)

    def finish(self) -> None:
        for key in self.data:
            if key not in self.used:
                raise self.fail(key, _("unknown key"))


def _one_of(value: Any, allowed: tuple[str, ...]) -> str:
    return _("{value} is not one of {choices}").format(
        value=repr(value), choices=", ".join(allowed)
    )


PLACEHOLDERS = {
    "sections_words",
    "appeal_sections_words",
    "appeal_sections_verb",
    "certificate_sections_words",
    "care_sections_words",
    "child",
    "Child",
    "childs",
}


def _text_with_placeholders(
    reader: _Reader, key: str, allowed: AbstractSet[str] = PLACEHOLDERS, default: Any = ...
) -> str:
    import string

    text = reader.get(key, str, default)
    for _literal, name, _spec, _conversion in string.Formatter().parse(text):
        if name is not None and name not in allowed:
            raise reader.fail(key, _("unknown placeholder {{{name}}}").format(name=name))
    return text


def _conditions(reader: _Reader, key: str = "conditions") -> tuple[str, ...]:
    names = reader.strings(key)
    for name in names:
        if name.removeprefix("not ") not in CONDITIONS:
            raise reader.fail(key, _("unknown condition {name}").format(name=repr(name)))
    return names


def _toml(path: str) -> dict[str, Any]:
    from sendadvisor.rules.cache import parsed_toml

    return i18n.translate_tree(parsed_toml(path), "rules")


def _load_route(path: str) -> RouteRule:
    name = os.path.basename(path)
    reader = _Reader(_toml(path), name)
    clauses = []
    for i, item in enumerate(reader.get("open_when", list)):
        clause = _Reader(item, f"{name}: open_when[{i}]")
        clauses.append(
            Clause(
                kinds=clause.strings("kinds", CONCERN_KINDS),
                conditions=_conditions(clause),
                reason=_text_with_placeholders(clause, "reason"),
                needs_mediation_certificate=clause.get("needs_mediation_certificate", bool, None),
                sources=clause.sources(required=False),
            )
        )
        clause.finish()
    rule = RouteRule(
        id=_identifier(reader, "id"),
        title=reader.get("title", str),
        summary=_text_with_placeholders(reader, "summary"),
        next_step=_text_with_placeholders(reader, "next_step", LETTER_PLACEHOLDERS),
        next_step_declined=_text_with_placeholders(
            reader, "next_step_declined", LETTER_PLACEHOLDERS, ""
        ),
        contacts=reader.strings("contacts", CONTACT_ROLES),
        rank=reader.get("rank", int),
        confidence=cast("Confidence", reader.choice("confidence", CONFIDENCE)),
        applies_from=reader.day("applies_from"),
        last_checked=reader.day("last_checked"),
        cautions=reader.strings("cautions"),
        adviser_notes=reader.strings("adviser_notes"),
        sources=reader.sources(),
        clauses=tuple(clauses),
        file=name,
    )
    reader.finish()
    if name.removesuffix(".toml") != rule.id:
        raise reader.fail("id", _("{id} does not match the file name").format(id=repr(rule.id)))
    return rule


def _params(reader: _Reader, method: str, key: str = "params") -> dict[str, Any]:
    params = reader.get(key, dict, {})
    unknown = set(params) - METHODS[method]
    if unknown:
        raise reader.fail(
            key,
            _("unknown parameter {name} for method {method}").format(
                name=repr(sorted(unknown)[0]), method=method
            ),
        )
    if "roll" in params and params["roll"] not in ROLLS:
        raise reader.fail(key, _("roll must be one of {choices}").format(choices=", ".join(ROLLS)))
    return params


def _still_possible(reader: _Reader) -> tuple[StillPossible, ...]:
    result = []
    for i, item in enumerate(reader.get("still_possible", list, [])):
        entry = _Reader(
            item if isinstance(item, dict) else {}, f"{reader.where}: still_possible[{i}]"
        )
        result.append(
            StillPossible(
                entry.get("text", str), entry.strings("kinds", CONCERN_KINDS), entry.sources()
            )
        )
        entry.finish()
    return tuple(result)


def _changes(reader: _Reader, method: str, applies_from: date) -> tuple[Change, ...]:
    """`[[changes]]`: each with `on` (the day it applies from, after `applies_from` and the change
    before it), and new `params`, new `sources`, or `repealed = true`."""
    result: list[Change] = []
    for i, item in enumerate(reader.get("changes", list, [])):
        entry = _Reader(item if isinstance(item, dict) else {}, f"{reader.where}: changes[{i}]")
        on = entry.day("on")
        previous = result[-1].on if result else applies_from
        if on <= previous:
            raise entry.fail(
                "on",
                _("{day} must be after {previous}").format(
                    day=on.isoformat(), previous=previous.isoformat()
                ),
            )
        params = _params(entry, method) if "params" in entry.data else None
        change = Change(
            on, params, entry.sources(required=False), entry.get("repealed", bool, False)
        )
        entry.finish()
        if not change.repealed and change.params is None and not change.sources:
            raise entry.fail("on", _("a change needs new params, new sources or repealed = true"))
        result.append(change)
    return tuple(result)


def _start_cautions(reader: _Reader, facts: dict[str, str]) -> dict[str, str]:
    table = reader.get("start_cautions", dict, {})
    for name, text in table.items():
        if name not in facts:
            raise reader.fail("start_cautions", _("unknown fact {name}").format(name=repr(name)))
        if not isinstance(text, str):
            raise reader.fail("start_cautions", _("{name} must be text").format(name=name))
    return dict(table)


def _identifier(reader: _Reader, key: str) -> str:
    """A new identifier (a route an organisation adds): lower-case words joined by underscores."""
    import re

    value = reader.get(key, str)
    if not re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*", value):
        raise reader.fail(
            key,
            _("{value} is not an identifier (lower-case words joined by _)").format(
                value=repr(value)
            ),
        )
    return value


def _load_deadline(
    path: str, scope: str, facts: dict[str, str], route_ids: tuple[str, ...] = ROUTE_IDS
) -> DeadlineRule:
    name = os.path.basename(path)
    reader = _Reader(_toml(path), name)
    ids = DEADLINE_IDS + ORDER_DEADLINE_IDS if scope == "concern" else TIMELINE_IDS
    method = reader.choice("method", tuple(METHODS))
    params = _params(reader, method)
    start = reader.strings("start", tuple(facts))
    applies_from = reader.day("applies_from")
    rule = DeadlineRule(
        id=reader.choice("id", ids),
        scope=scope,
        title=reader.get("title", str),
        who=cast("Who", reader.choice("who", WHO)),
        method=method,
        params=params,
        start=start,
        routes=reader.strings("routes", route_ids),
        stages=reader.strings("stages", EHC_PLAN_STATES),
        unless_kinds=reader.strings("unless_kinds", CONCERN_KINDS),
        order_kinds=reader.strings("order_kinds", ORDER_KINDS),
        unless_facts=reader.strings("unless_facts", tuple(facts)),
        done=reader.strings("done", tuple(facts)),
        done_by_kinds=reader.strings("done_by_kinds", CONCERN_KINDS),
        when=_conditions(reader, "when"),
        start_cautions=_start_cautions(reader, facts),
        still_possible=_still_possible(reader),
        changes=_changes(reader, method, applies_from),
        warn_if_missing=reader.get("warn_if_missing", bool, scope == "concern"),
        warn_if_given=reader.strings("warn_if_given", tuple(facts)),
        confidence=cast("Confidence", reader.choice("confidence", CONFIDENCE)),
        applies_from=applies_from,
        last_checked=reader.day("last_checked"),
        cautions=reader.strings("cautions"),
        adviser_notes=reader.strings("adviser_notes"),
        sources=reader.sources(),
        file=name,
        action=reader.get("action", str, None),
    )
    reader.finish()
    if scope == "concern" and rule.who == "family" and not rule.action:
        # It can head the family's letter: "Send your appeal by ...".
        raise reader.fail("action", _("a family deadline must say what the family does"))
    if name.removesuffix(".toml") != rule.id:
        raise reader.fail("id", _("{id} does not match the file name").format(id=repr(rule.id)))
    if scope == "concern" and not rule.routes:
        raise reader.fail("routes", _("a family deadline must name the routes it belongs to"))
    return rule


def load_rulebook(folder: str | os.PathLike[str]) -> RuleBook:
    """Read and check every rules file under `folder` (os.path, not pathlib: `assess` starts often)."""
    folder = os.fspath(folder)

    def files(part: str) -> list[str]:
        where = os.path.join(folder, part)
        names = (
            sorted(n for n in os.listdir(where) if n.endswith(".toml"))
            if os.path.isdir(where)
            else []
        )
        return [os.path.join(where, n) for n in names]

    meta = _Reader(_toml(os.path.join(folder, "rulebook.toml")), "rulebook.toml")
    every_stage = meta.strings("timeline_every_stage_for", CONCERN_KINDS)
    kinds = meta.get("kinds", dict)
    if set(kinds) != set(CONCERN_KINDS):
        missing = sorted(set(CONCERN_KINDS) ^ set(kinds))
        raise meta.fail(
            "kinds",
            _("must name every concern kind exactly once (check {kind})").format(kind=missing[0]),
        )
    facts = meta.get("facts", dict)
    fact_names = meta.get("fact_names", dict)
    if set(fact_names) != set(facts):
        odd = sorted(set(facts) ^ set(fact_names))
        raise meta.fail(
            "fact_names",
            _("must name every fact in [facts] exactly once (check {fact})").format(fact=odd[0]),
        )
    fact_kinds: dict[str, tuple[str, ...]] = {}
    for name in meta.get("fact_kinds", dict, {}):
        if name not in facts:
            raise meta.fail("fact_kinds", _("unknown fact {name}").format(name=repr(name)))
        entry = _Reader(meta.data["fact_kinds"], "rulebook.toml: fact_kinds")  # not for people
        fact_kinds[name] = entry.strings(name, CONCERN_KINDS)
    warnings = meta.get("warnings", dict)
    missing = sorted(set(WARNING_IDS) - set(warnings))
    if missing:
        raise meta.fail("warnings", _("needs the wording of {id}").format(id=missing[0]))
    wording = meta.get("wording", dict)
    meta.finish()
    routes = tuple(
        sorted(
            (_load_route(p) for p in files("routes")),
            key=lambda r: r.rank,
        )
    )
    # The contract's routes must all be there; an organisation may add its own.
    route_ids = tuple(route.id for route in routes)
    missing = sorted(set(ROUTE_IDS) - set(route_ids))
    if missing:
        raise InputError(
            f"routes/{missing[0]}.toml", _("is missing: every contract route needs its file")
        )
    deadlines = tuple(_load_deadline(p, "concern", facts, route_ids) for p in files("deadlines"))
    timeline = tuple(_load_deadline(p, "timeline", facts, route_ids) for p in files("timeline"))
    rules = routes + deadlines + timeline
    parsed = [
        "rulebook.toml",
        *(
            os.path.relpath(p, folder)
            for p in files("routes") + files("deadlines") + files("timeline")
        ),
    ]
    version = _version(folder, parsed, max(rule.last_checked for rule in rules))
    return RuleBook(
        version,
        every_stage,
        routes,
        deadlines + timeline,
        kinds,
        facts,
        fact_names,
        fact_kinds,
        warnings,
        wording,
    )


def _version(folder: str, names: list[str], checked: date) -> str:
    """The rules version, computed from the content, never set by hand: the latest day a rule was
    checked and a CRC-32 of every rules file as parsed (so formatting alone does not change it).
    zlib rather than hashlib: this names a version, it guards nothing, and hashlib costs
    milliseconds to import at every start."""
    import json
    import zlib

    crc = 0
    for name in names:
        parsed = json.dumps(_toml(os.path.join(folder, name)), sort_keys=True, default=str)
        crc = zlib.crc32((name.replace(os.sep, "/") + parsed).encode(), crc)
    return f"{checked:%Y.%m.%d}-{crc:08x}"
