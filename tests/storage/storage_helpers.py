"""Helpers for the case-file tests: sample circumstances, a settable clock, folder snapshots."""

from __future__ import annotations

import copy
import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

PASSPHRASE = "correct horse battery staple"

BASE: dict[str, Any] = {
    "schema": "sendadvisor.circumstances/1",
    "as_of": "2026-11-27",
    "council": "dorset",
    "family": {
        "parent_name": "Alex Smith",
        "address": ["1 High Street", "Dorchester", "DT1 1AA"],
        "child_name": "Sam Smith",
        "child_date_of_birth": "2014-05-01",
        "school_name": "Hill Primary",
    },
    "ehc_plan": "final",
    "concerns": [{"kind": "plan_contents", "sections": ["F", "I"], "sent_on": "2026-11-02"}],
}


def circumstances(
    child: str = "Sam Smith",
    *,
    parent: str = "Alex Smith",
    school: str = "Hill Primary",
    concerns: list[dict] | None = None,
) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data["family"].update({"child_name": child, "parent_name": parent, "school_name": school})
    if concerns is not None:
        data["concerns"] = concerns
    return data


def deadline(
    due_on: str, who: str = "family", id: str = "tribunal_appeal", concern: int | None = 0
) -> dict[str, Any]:
    return {"concern": concern, "id": id, "due_on": due_on, "who": who, "status": "upcoming"}


class Clock:
    """A clock the test moves by hand (audit times, backup names, the 30-minute backup rule)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under the folder with the SHA-256 of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def contains(path: Path, needle: str) -> bool:
    """Whether the text is in the file's bytes, in UTF-8 or UTF-16 (either byte order), any case."""
    data = path.read_bytes().lower()
    text = needle.lower()
    return any(text.encode(codec) in data for codec in ("utf-8", "utf-16-le", "utf-16-be"))
