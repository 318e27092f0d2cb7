"""Three-way merge of a case's synced data: what each side changed since the last version both
had (the base) is kept; a field changed differently on both sides is a conflict, never a loss.

Dictionaries merge key by key, at any depth. Lists (a case's concerns) merge element by element
over the items both sides still have from the base; items added at the end on one side are kept,
and concerns (tables) added on both sides are all kept, this side's first. A list one side made
shorter, or scalars added differently on both sides, are one field. Pure Python, no I/O.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

Path = tuple[str | int, ...]


class _Missing:
    """A key present on one side only (added, or removed)."""

    def __repr__(self) -> str:
        return "MISSING"

    def __deepcopy__(self, memo: dict[int, Any]) -> _Missing:
        return self  # one marker, compared with `is`


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Conflict:
    """One field changed differently on both sides; `mine` or `theirs` may be MISSING."""

    path: Path
    mine: Any
    theirs: Any

    @property
    def field(self) -> str:
        return field_name(self.path)


def field_name(path: Path) -> str:
    """A path as advisers type it: `circumstances.family.address`, `...concerns[0].sent_on`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def same(a: Any, b: Any) -> bool:
    """JSON equality that keeps true apart from 1 (Python's == does not)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def merge(base: Any, mine: Any, theirs: Any) -> tuple[Any, list[Conflict]]:
    """The merged value and the conflicts (where the merged value keeps `mine` for now)."""
    conflicts: list[Conflict] = []
    merged = _merge((), base, mine, theirs, conflicts)
    return merged, conflicts


def _merge(path: Path, base: Any, mine: Any, theirs: Any, conflicts: list[Conflict]) -> Any:
    if same(mine, theirs):
        return mine
    if same(mine, base):
        return theirs
    if same(theirs, base):
        return mine
    if isinstance(mine, dict) and isinstance(theirs, dict):
        # A dictionary both sides added (no base) merges against an empty one: equal keys agree.
        old = base if isinstance(base, dict) else {}
        merged = {}
        for key in [*mine, *(k for k in theirs if k not in mine)]:
            value = _merge(
                (*path, key),
                old.get(key, MISSING),
                mine.get(key, MISSING),
                theirs.get(key, MISSING),
                conflicts,
            )
            if value is not MISSING:
                merged[key] = value
        return merged
    if (
        isinstance(mine, list)
        and isinstance(theirs, list)
        and isinstance(base, list)
        and len(mine) >= len(base)
        and len(theirs) >= len(base)
    ):
        kept = len(base)
        added_here, added_there = mine[kept:], theirs[kept:]
        both_added = added_here and added_there and not same(added_here, added_there)
        if not both_added or all(isinstance(item, dict) for item in added_here + added_there):
            head = [
                _merge((*path, index), old, ours, other, conflicts)
                for index, (old, ours, other) in enumerate(
                    zip(base, mine[:kept], theirs[:kept], strict=True)
                )
            ]
            if same(added_here, added_there) or not added_there:
                return head + added_here
            if not added_here:
                return head + copy.deepcopy(added_there)
            return head + added_here + copy.deepcopy(added_there)  # two new concerns: keep both
    conflicts.append(Conflict(path, copy.deepcopy(mine), copy.deepcopy(theirs)))
    return mine


def with_value(document: Any, path: Path, value: Any) -> Any:
    """A copy of `document` with the field at `path` set to `value` (removed when MISSING)."""
    if not path:
        return copy.deepcopy(value)
    result = copy.deepcopy(document)
    parent = result
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if value is MISSING:
        if isinstance(parent, dict):
            parent.pop(last, None)
    else:
        parent[last] = copy.deepcopy(value)
    return result
