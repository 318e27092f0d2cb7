"""A plain-data cache of the parsed rules files, so `assess` starts without parsing TOML.

The cache holds only what `tomllib` read from each file under resources/rules, as JSON, keyed by
a checksum (CRC-32 and Adler-32) of every rules file's name and bytes. It lives in the adviser's own cache folder
(chosen by the composition root), so a read-only install works, and it is data, never code: a
cache someone else wrote can at worst be refused or give rules that the normal strict loader
then checks, because the RuleBook is always rebuilt by `load_rulebook`, which validates every
key. New fields in the rules classes therefore need no change here.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from sendadvisor.domain.errors import InputError

if TYPE_CHECKING:
    from sendadvisor.rules.rulebook import RuleBook

FORMAT = "sendadvisor.rules-cache/1"
_TAGS = {
    "__toml_date__": date.fromisoformat,
    "__toml_datetime__": datetime.fromisoformat,
    "__toml_time__": time.fromisoformat,
}

# Parsed files for the load in progress, by full path (see parsed_toml).
_parsed: dict[str, dict[str, Any]] = {}


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


def _read_all(folder: str) -> tuple[str, dict[str, bytes]]:
    """The content hash of the rules folder, and each file's bytes."""
    import zlib

    crc, adler = zlib.crc32(FORMAT.encode()), zlib.adler32(FORMAT.encode())
    contents = {}
    for name in _rules_files(folder):
        with open(os.path.join(folder, name), "rb") as handle:
            data = handle.read()
        contents[name] = data
        for part in (f"\0{name}\0{len(data)}\0".encode(), data):
            crc, adler = zlib.crc32(part, crc), zlib.adler32(part, adler)
    return f"{crc:08x}{adler:08x}-{sum(map(len, contents.values()))}", contents


def _parse(name: str, data: bytes) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(os.path.basename(name), f"is not valid TOML ({error})") from None


def _encode(value: Any) -> Any:
    """TOML's dates and times as tagged JSON objects (datetime before date: it is a subclass)."""
    if isinstance(value, datetime):
        return {"__toml_datetime__": value.isoformat()}
    if isinstance(value, date):
        return {"__toml_date__": value.isoformat()}
    if isinstance(value, time):
        return {"__toml_time__": value.isoformat()}
    raise TypeError(f"{type(value).__name__} cannot be cached")


def _decode(item: dict[str, Any]) -> Any:
    if len(item) == 1:
        ((key, value),) = item.items()
        if key in _TAGS and isinstance(value, str):
            return _TAGS[key](value)
    return item


def _read_cache(cache_file: str, key: str) -> dict[str, dict[str, Any]] | None:
    """The parsed files stored under `key`, or None for a missing, stale or damaged cache."""
    try:
        with open(cache_file, encoding="utf-8") as handle:
            stored = json.load(handle, object_hook=_decode)
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(stored, dict) or stored.get("format") != FORMAT or stored.get("key") != key:
        return None
    files = stored.get("files")
    if not isinstance(files, dict) or not all(isinstance(v, dict) for v in files.values()):
        return None
    return files


def _write_cache(cache_file: str, key: str, files: dict[str, dict[str, Any]]) -> None:
    from sendadvisor.fsio import write_atomically

    text = json.dumps(
        {"format": FORMAT, "key": key, "files": files},
        default=_encode,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    try:
        os.makedirs(os.path.dirname(cache_file) or ".", mode=0o700, exist_ok=True)
        write_atomically(cache_file, text)
    except OSError:  # a read-only or full cache folder only costs speed
        pass


def parsed_toml(path: str | os.PathLike[str]) -> dict[str, Any]:
    """One rules file as tomllib reads it: from the cache during a cached load, else parsed now."""
    path = os.path.normpath(os.fspath(path))
    found = _parsed.get(path)
    if found is not None:
        return found
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise InputError(
            os.path.basename(path), f"cannot be read ({error.strerror or error})"
        ) from None
    return _parse(path, data)


def load_rulebook_cached(
    folder: str | os.PathLike[str], cache_file: str | os.PathLike[str]
) -> RuleBook:
    """load_rulebook, reading the parsed files from `cache_file` while their content is unchanged."""
    from sendadvisor.rules.rulebook import load_rulebook

    folder, cache_file = os.fspath(folder), os.fspath(cache_file)
    key, contents = _read_all(folder)
    files = _read_cache(cache_file, key)
    if files is None or set(files) != set(contents):
        files = {name: _parse(name, data) for name, data in contents.items()}
        _write_cache(cache_file, key, files)
    _parsed.clear()
    _parsed.update(
        {os.path.normpath(os.path.join(folder, name)): data for name, data in files.items()}
    )
    try:
        return load_rulebook(folder)
    finally:
        _parsed.clear()
