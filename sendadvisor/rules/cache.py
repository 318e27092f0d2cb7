"""A plain-data cache of the checked rules, so `assess` starts without parsing and checking TOML.

The cache holds the RuleBook that the strict loader built, as JSON: each of the rules' own
NamedTuples is written as its class name and its values, dates and tuples are tagged, and nothing
else is accepted when it is read back. It is keyed by a checksum (CRC-32 and Adler-32) of every
rules file's name and bytes, so any edit to the rules rebuilds it, and it carries a checksum of
its own text, so a damaged or edited cache is simply rebuilt from the rules files. It lives in the
adviser's own cache folder (chosen by the composition root), so a read-only install works, and it
is data, never code: reading it can only construct the rules' own classes (no pickle).
"""

from __future__ import annotations

import json
import os
from datetime import date
from typing import TYPE_CHECKING, Any

from sendadvisor.domain.errors import InputError
from sendadvisor.i18n import _

if TYPE_CHECKING:
    from sendadvisor.rules.rulebook import RuleBook

FORMAT = "sendadvisor.rules-cache/3"


def _rules_files(folder: str) -> list[str]:
    """Every .toml file under `folder`, as paths relative to it, in a stable order."""
    found: list[str] = []
    for top, dirs, files in os.walk(folder):
        dirs.sort()
        found.extend(
            os.path.relpath(os.path.join(top, name), folder)
            for name in files
            if name.endswith(".toml")
        )
    return sorted(found)


def _checksum(parts: list[bytes], seed: bytes) -> str:
    """CRC-32 and Adler-32 together: a name for content, not a guard (zlib imports in
    microseconds; hashlib costs milliseconds at every start)."""
    import zlib

    crc, adler = zlib.crc32(seed), zlib.adler32(seed)
    for part in parts:
        crc, adler = zlib.crc32(part, crc), zlib.adler32(part, adler)
    return f"{crc:08x}{adler:08x}-{sum(map(len, parts))}"


def content_key(folder: str) -> str:
    """The checksum of every rules file's name and bytes under `folder`."""
    parts = []
    for name in _rules_files(folder):
        with open(os.path.join(folder, name), "rb") as handle:
            parts += [f"\0{name}\0".encode(), handle.read()]
    return _checksum(parts, FORMAT.encode())


def _classes() -> dict[str, type]:
    """The only classes a cache may construct: the rules' own NamedTuples."""
    from sendadvisor.rules import rulebook as rb

    return {
        cls.__name__: cls
        for cls in (rb.RuleBook, rb.RouteRule, rb.Clause, rb.Source, rb.DeadlineRule)
        + (rb.StillPossible, rb.Change)
    }


def _plain(value: Any) -> Any:
    """The rules as JSON-ready data, with NamedTuples, tuples and dates tagged."""
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {"__nt__": type(value).__name__, "v": [_plain(item) for item in value]}
    if isinstance(value, tuple):
        return {"__t__": [_plain(item) for item in value]}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, date):
        return {"__d__": value.isoformat()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"{type(value).__name__} cannot be cached")


def _revive(classes: dict[str, type]) -> Any:
    def hook(item: dict[str, Any]) -> Any:
        # About a thousand objects a start: the cheapest tests first.
        size = len(item)
        if size == 2 and "__nt__" in item and "v" in item:
            cls = classes.get(item["__nt__"])
            if cls is None or not isinstance(item["v"], list):
                raise ValueError("not a rules class")
            return cls(*item["v"])
        if size == 1:
            ((key, value),) = item.items()
            if key == "__t__" and isinstance(value, list):
                return tuple(value)
            if key == "__d__" and isinstance(value, str):
                return date.fromisoformat(value)
        return item

    return hook


def _read_cache(cache_file: str, key: str) -> RuleBook | None:
    """The rule book stored under `key`, or None for a missing, stale, damaged or edited cache."""
    from sendadvisor.rules.rulebook import RuleBook

    try:
        with open(cache_file, encoding="utf-8") as handle:
            stored = json.load(handle)
        if (
            not isinstance(stored, dict)
            or stored.get("format") != FORMAT
            or stored.get("key") != key
        ):
            return None
        text = stored.get("book")
        if not isinstance(text, str) or stored.get("sum") != _checksum([text.encode()], b""):
            return None
        book = json.loads(text, object_hook=_revive(_classes()))
    except (OSError, ValueError, TypeError, RecursionError):
        return None
    return book if isinstance(book, RuleBook) else None


def _write_cache(cache_file: str, key: str, book: RuleBook) -> None:
    from sendadvisor.fsio import write_atomically

    text = json.dumps(_plain(book), ensure_ascii=False, separators=(",", ":"))
    stored = {"format": FORMAT, "key": key, "sum": _checksum([text.encode()], b""), "book": text}
    try:
        os.makedirs(os.path.dirname(cache_file) or ".", mode=0o700, exist_ok=True)
        write_atomically(cache_file, json.dumps(stored, ensure_ascii=False))
    except OSError:  # a read-only or full cache folder only costs speed
        pass


def parsed_toml(path: str | os.PathLike[str]) -> dict[str, Any]:
    """One rules file as tomllib reads it, or an InputError naming the file."""
    import tomllib

    path = os.fspath(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise InputError(
            os.path.basename(path),
            _("cannot be read ({reason})").format(reason=error.strerror or error),
        ) from None
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(
            os.path.basename(path), _("is not valid TOML ({problem})").format(problem=error)
        ) from None


def load_rulebook_cached(
    folder: str | os.PathLike[str], cache_file: str | os.PathLike[str]
) -> RuleBook:
    """load_rulebook, reusing the rule book stored in `cache_file` while the rules are unchanged."""
    from sendadvisor.rules.rulebook import load_rulebook

    folder, cache_file = os.fspath(folder), os.fspath(cache_file)
    from sendadvisor.i18n import catalogue_id

    # The rules' text is in the language in use when they were loaded.
    key = content_key(folder) + catalogue_id()
    book = _read_cache(cache_file, key)
    if book is None:
        book = load_rulebook(folder)
        _write_cache(cache_file, key, book)
    return book
