"""Every sentence a person reads goes through here, so that it can come from a catalogue.

The English sentences are written once, in the code (`_("...")`) and in the resource files
(the text keys of `TEXT_KEYS`); together they are the catalogue's message ids. Their template,
`resources/locale/sendadvisor.pot`, is made by `python -m sendadvisor.catalogue extract` (Babel,
a development tool: never needed to run sendadvisor), and translators' tools (Poedit, Weblate,
Lokalize) read it. A language ships as `resources/locale/<language>/LC_MESSAGES/sendadvisor.po`
with its compiled `.mo` beside it; `use(language)` makes it the active one. English is the only
language shipped today, and it costs nothing: `_()` is then the identity.

Rules for code (checked by tests/test_catalogue.py):
- a sentence a person reads is `_("...")` at the moment it is shown, with named placeholders
  filled afterwards: `_("Saved {name}.").format(name=name)`, never `_(f"...")`;
- a module-level sentence is marked `N_("...")` and shown with `_(CONSTANT)`;
- numbers that change the words use `ngettext(singular, plural, n)`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sendadvisor.resources import resource_file

if TYPE_CHECKING:
    import gettext

DOMAIN = "sendadvisor"

# Which strings of each kind of resource file a person reads (the rest are identifiers, dates,
# addresses of sources, or proper names and contact details, which are never translated).
# "all": every string under the key; "table": only when the key holds a table (in the rules,
# `kinds` is also a route's list of concern identifiers).
TEXT_KEYS: dict[str, dict[str, str]] = {
    "rules": {
        "title": "all",
        "action": "all",
        "summary": "all",
        "next_step": "all",
        "next_step_declined": "all",
        "reason": "all",
        "text": "all",
        "label": "all",
        "cautions": "all",
        "adviser_notes": "all",
        "start_cautions": "all",
        "wording": "all",
        "warnings": "all",
        "facts": "table",
        "fact_names": "table",
        "kinds": "table",
    },
    "letters": {"*": "all"},
    "presentation": {"*": "all"},
    "ui": {"*": "all"},
    "councils": {"find_it": "all", "hours": "all", "phone_label": "all"},
}
_NEVER_TEXT = frozenset({"schema", "last_checked"})

# None is English as written (gettext is imported only when a language is chosen: `assess`
# starts in about 50 ms, and every import counts).
_active: gettext.NullTranslations | None = None
_active_name = ""
_forgetters: list[Callable[[], Any]] = []


def _(message: str) -> str:
    """`message` in the active language."""
    return message if _active is None else _active.gettext(message)


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it yet (module-level constants)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural sentence for `n`, in the active language."""
    if _active is None:
        return singular if n == 1 else plural
    return _active.ngettext(singular, plural, n)


def catalogue_id() -> str:
    """Names the active language ("" for English as written): part of any cache key of text."""
    return _active_name


def locale_dir() -> str:
    return resource_file("locale")


def use(language: str | None) -> None:
    """Make `language` (e.g. "cy") the active one; None or "en" is English as written.

    Raises FileNotFoundError when sendadvisor has no catalogue for that language.
    """
    if not language or language.split("_")[0] == "en":
        install(None, "")
        return
    import gettext

    install(gettext.translation(DOMAIN, locale_dir(), [language]), language)


def install(translations: gettext.NullTranslations | None, name: str) -> None:
    """Make `translations` the active catalogue (None: English as written) and forget text
    loaded in the last one."""
    global _active, _active_name
    _active, _active_name = translations, name
    for forget in _forgetters:
        forget()


def forget_on_change(forget: Callable[[], Any]) -> None:
    """Call `forget` (a cache's clear) whenever the language changes."""
    _forgetters.append(forget)


def translate_tree(data: dict, kind: str) -> dict:
    """A resource file's data with each of its text strings (per `TEXT_KEYS[kind]`) translated."""
    if not _active_name:
        return data  # English as written: nothing to do
    return _translated(data, TEXT_KEYS[kind], _)


def texts_of(data: dict, kind: str) -> list[str]:
    """Every text string of a resource file's data, in file order (for the catalogue)."""
    found: list[str] = []

    def collect(text: str) -> str:
        found.append(text)
        return text

    _translated(data, TEXT_KEYS[kind], collect)
    return found


def _translated(data: dict, keys: dict[str, str], say: Callable[[str], str]) -> dict:
    out: dict = {}
    for key, value in data.items():
        mode = keys.get(key, keys.get("*"))
        if key in _NEVER_TEXT or mode is None:
            out[key] = _nested(value, keys, say) if isinstance(value, dict | list) else value
        elif mode == "table" and not isinstance(value, dict):
            out[key] = value
        else:
            out[key] = _all(value, say)
    return out


def _nested(value: Any, keys: dict[str, str], say: Callable[[str], str]) -> Any:
    if isinstance(value, dict):
        return _translated(value, keys, say)
    if isinstance(value, list):
        return [_nested(item, keys, say) for item in value]
    return value


def _all(value: Any, say: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return say(value) if value else value
    if isinstance(value, dict):
        return {key: _all(item, say) for key, item in value.items()}
    if isinstance(value, list):
        return [_all(item, say) for item in value]
    return value


def resource_kind(relative: str) -> str | None:
    """The `TEXT_KEYS` kind of a resource file, from its path under resources/ (None if none)."""
    top = relative.replace(os.sep, "/").split("/", 1)[0]
    return top if top in TEXT_KEYS else None
