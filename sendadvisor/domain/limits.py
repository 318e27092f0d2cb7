"""Limits on what a circumstances file may hold, so absurd input is refused in one line naming the
field instead of hanging the letter or ending in an internal error (review findings 12 and 16).

Every limit is far above what a real family's case needs.
"""

from __future__ import annotations

import json
from datetime import date
from typing import IO, Any

from sendadvisor.domain.errors import InputError
from sendadvisor.i18n import _

MOST_BYTES = 1_000_000  # a real case file is a few kilobytes
MOST_DEPTH = 8  # circumstances are nested 5 deep at most (school_closed pairs)
MOST_ITEMS = 100  # in any one list (address lines, sections, closure periods)
MOST_CONCERNS = 20
MOST_TEXT = 300  # characters in a name, an address line, a school, an identifier
MOST_LONG_TEXT = 4000  # characters in `summary` and a concern's `description`
LONG_TEXT_FIELDS = ("summary", "description")
MOST_NUMBER = 10**6
FIRST_YEAR, LAST_YEAR = 1900, 2100  # dates outside these years are typing mistakes


def read_text(handle: IO[str] | None, name: str) -> str:
    """The whole of a text stream, refusing a closed standard input or more than MOST_BYTES."""
    if handle is None or getattr(handle, "closed", False):
        raise InputError(name, _("is closed; give the circumstances as a file or pipe them in"))
    text = handle.read(MOST_BYTES + 1)
    if len(text) > MOST_BYTES:
        raise InputError(
            name, _("is too big for a case (more than {size} KB)").format(size=MOST_BYTES // 1000)
        )
    return text


def parse_json(text: str, name: str) -> Any:
    """json.loads, with every way it can fail reported as one line naming the input."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            name,
            _("is not valid JSON (line {line}, column {column}: {problem})").format(
                line=error.lineno, column=error.colno, problem=error.msg
            ),
        ) from None
    except RecursionError:
        raise InputError(
            name, _("is nested too deeply (more than {depth} levels)").format(depth=MOST_DEPTH)
        ) from None
    except ValueError as error:  # an integer of thousands of digits
        raise InputError(
            name, _("holds a number that is far too long ({problem})").format(problem=error)
        ) from None
    check_sizes(data)
    return data


def _where(path: str, key: object) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def check_sizes(data: Any) -> None:
    """Refuse nesting, lists, text and numbers beyond the limits, naming the field."""
    stack: list[tuple[str, Any, int]] = [("", data, 0)]
    while stack:
        path, value, depth = stack.pop()
        where = path or "circumstances"
        if depth > MOST_DEPTH:
            raise InputError(
                where, _("is nested too deeply (more than {depth} levels)").format(depth=MOST_DEPTH)
            )
        if isinstance(value, dict):
            for key, item in value.items():
                if len(key) > MOST_TEXT:
                    raise InputError(where, _("has a field name that is far too long"))
                stack.append((_where(path, key), item, depth + 1))
        elif isinstance(value, list):
            most = MOST_CONCERNS if path == "concerns" else MOST_ITEMS
            if len(value) > most:
                raise InputError(
                    where,
                    _("has {count} entries; at most {most} are accepted").format(
                        count=len(value), most=most
                    ),
                )
            stack.extend((_where(path, i), item, depth + 1) for i, item in enumerate(value))
        elif isinstance(value, str):
            field = path.rsplit(".", 1)[-1]
            most = MOST_LONG_TEXT if field in LONG_TEXT_FIELDS else MOST_TEXT
            if len(value) > most:
                raise InputError(
                    where,
                    _("is {count} characters long; at most {most} are accepted").format(
                        count=len(value), most=most
                    ),
                )
            if any("\ud800" <= char <= "\udfff" for char in value):
                raise InputError(
                    where, _("holds a broken character (a lone surrogate); type it again")
                )
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            if not abs(value) <= MOST_NUMBER:  # also refuses NaN
                raise InputError(where, _("{value} is out of range").format(value=repr(value)))


def check_year(day: date, where: str) -> date:
    """A parsed date, refused when its year is implausible for a family's case."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InputError(
            where,
            _("{day} is not a plausible date (the year must be {first} to {last})").format(
                day=day.isoformat(), first=FIRST_YEAR, last=LAST_YEAR
            ),
        )
    return day
