"""The case wizard's words, read from `resources/ui/questions.toml` and checked strictly (no Qt).

Unknown keys and missing entries are load errors naming the file and the key, so a typo in an
organisation's edit stops the app with a plain message instead of showing a bare identifier.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sendadvisor import i18n
from sendadvisor.domain.circumstances import (
    APPELLANTS,
    CONCERN_KEYS,
    CONCERN_KINDS,
    EHC_PLAN_STATES,
    FAMILY_KEYS,
    MEDIATION_KEYS,
    PHASE_TRANSFERS,
    SCHOOL_TYPES,
    SECTIONS,
    TIMELINE_KEYS,
)
from sendadvisor.domain.errors import InputError
from sendadvisor.i18n import _
from sendadvisor.resources import resource_path, resources_dir

QUESTIONS_SCHEMA = "sendadvisor.ui-questions/1"

# The key naming the choice that stands for "nothing chosen" (None in the wizard's answers).
NOT_CHOSEN = "not_chosen"

# Each table of choice names and the identifiers it must name: every one, from the contract.
CHOICES: dict[str, tuple[str, ...]] = {
    "sections": SECTIONS,
    "ehc_plan": EHC_PLAN_STATES,
    "appellant": (NOT_CHOSEN, *APPELLANTS),
    "phase_transfer": (NOT_CHOSEN, *PHASE_TRANSFERS),
    "school_type": (NOT_CHOSEN, *SCHOOL_TYPES),
    "concern_kinds": (NOT_CHOSEN, *CONCERN_KINDS),
}

# The circumstances fields the wizard asks about, page by page. A tribunal order is not asked:
# it reaches a case only in an imported file.
QUESTION_PATHS: dict[str, tuple[str, ...]] = {
    "family_page": (
        "as_of",
        "council",
        *(f"family.{key}" for key in FAMILY_KEYS),
        "appellant",
    ),
    "plan_page": ("ehc_plan",),
    "concern_page": (
        *(key for key in CONCERN_KEYS if key not in ("mediation", "order")),
        *(f"mediation.{key}" for key in MEDIATION_KEYS),
    ),
    "timeline_page": tuple(f"timeline.{key}" for key in TIMELINE_KEYS),
}
_QUESTION_REQUIRED = ("label",)
_QUESTION_KEYS = ("label", "help")


class WordingError(InputError):
    """The wizard's wording file is wrong; the message names the file and the key."""


@dataclass(frozen=True)
class QuestionWording:
    """The checked words: names of choices by table and identifier, (label, help) by page and path."""

    file: str
    choices: Mapping[str, Mapping[str, str]]
    questions: Mapping[str, Mapping[str, tuple[str, str]]]

    def name(self, table: str, identifier: str | None) -> str:
        """The words for one choice (`name("ehc_plan", "draft")`); None is the "not chosen" choice."""
        key = NOT_CHOSEN if identifier is None else identifier
        try:
            return self.choices[table][key]
        except KeyError:
            raise WordingError(
                f"{self.file}: {table}.{key}", _("no wording for this choice")
            ) from None

    def question(self, page: str, path: str) -> tuple[str, str]:
        """A question's label and help text ("" when it has none)."""
        try:
            return self.questions[page][path]
        except KeyError:
            raise WordingError(
                f"{self.file}: {page}.{path}", _("no wording for this question")
            ) from None


def questions_file() -> Path:
    """The shipped wording file."""
    return resource_path("ui", "questions.toml")


@cache
def load_wording(path: Path | None = None) -> QuestionWording:
    """Read and check the wizard's wording (the shipped file unless `path` is given), once."""
    path = questions_file() if path is None else Path(path)
    file = _display(path)
    try:
        with open(path, "rb") as handle:
            data = i18n.translate_tree(tomllib.load(handle), "ui")
    except OSError as error:
        raise WordingError(
            file, _("cannot be read ({reason})").format(reason=error.strerror)
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise WordingError(file, _("is not valid TOML ({problem})").format(problem=error)) from None

    _only(file, "", data, ("schema", *CHOICES, *QUESTION_PATHS))
    if data.get("schema") != QUESTIONS_SCHEMA:
        raise WordingError(
            f"{file}: schema", _("must be {schema}").format(schema=repr(QUESTIONS_SCHEMA))
        )
    choices: dict[str, dict[str, str]] = {}
    for table, keys in CHOICES.items():
        entries = _table(file, table, data.get(table), keys)
        choices[table] = {key: _text(file, f"{table}.{key}", entries.get(key)) for key in keys}
    questions: dict[str, dict[str, tuple[str, str]]] = {}
    for page, paths in QUESTION_PATHS.items():
        entries = _table(file, page, data.get(page), paths)
        questions[page] = {}
        for question_path in paths:
            where = f"{page}.{question_path}"
            entry = _table(file, where, entries.get(question_path), _QUESTION_KEYS)
            for key in _QUESTION_REQUIRED:
                if key not in entry:
                    raise WordingError(f"{file}: {where}.{key}", _("missing"))
            help_text = _text(file, f"{where}.help", entry["help"]) if "help" in entry else ""
            questions[page][question_path] = (
                _text(file, f"{where}.label", entry["label"]),
                help_text,
            )
    return QuestionWording(file=file, choices=choices, questions=questions)


def _table(file: str, where: str, value: object, allowed: tuple[str, ...]) -> dict:
    if value is None:
        raise WordingError(f"{file}: {where}", _("missing"))
    if not isinstance(value, dict):
        raise WordingError(f"{file}: {where}", _("must be a table ([name] and lines below it)"))
    _only(file, f"{where}.", value, allowed)
    return value


def _only(file: str, prefix: str, data: dict, allowed: tuple[str, ...]) -> None:
    for key in data:
        if key not in allowed:
            raise WordingError(
                f"{file}: {prefix}{key}",
                _("unknown key (allowed: {keys})").format(keys=", ".join(allowed)),
            )


def _text(file: str, where: str, value: object) -> str:
    if value is None:
        raise WordingError(f"{file}: {where}", _("missing"))
    if not isinstance(value, str) or not value.strip():
        raise WordingError(f"{file}: {where}", _("must be some text in quotes"))
    return " ".join(value.split())


def _display(path: Path) -> str:
    """The file as messages name it: relative to the resources folder when it is the shipped one."""
    try:
        return path.resolve().relative_to(resources_dir().resolve()).as_posix()
    except ValueError:
        return str(path)


i18n.forget_on_change(load_wording.cache_clear)
