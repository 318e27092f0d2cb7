"""One place that finds the shipped `resources/` folder, from a checkout or an installed wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    """The folder holding rules, holidays, councils, letter wording and fonts."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_resources", here.parent / "resources"):
        if (candidate / "rules").is_dir():
            return candidate
    raise FileNotFoundError("sendadvisor cannot find its resources folder")


def resource_path(*parts: str) -> Path:
    """A path inside the resources folder."""
    return resources_dir().joinpath(*parts)
