"""One place that finds the shipped `resources/` folder, from a checkout or an installed wheel."""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


@cache
def resource_root() -> str:
    """The folder holding rules, holidays, councils, letter wording and fonts (as a string)."""
    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in (
        os.path.join(here, "_resources"),
        os.path.join(os.path.dirname(here), "resources"),
    ):
        if os.path.isdir(os.path.join(candidate, "rules")):
            return candidate
    # The catalogue lives in the resources folder, so this one sentence cannot come from it.
    raise FileNotFoundError("sendadvisor cannot find its resources folder")  # not for people


def resource_file(*parts: str) -> str:
    """A path inside the resources folder, as a string (no pathlib: keeps `assess` quick to start)."""
    return os.path.join(resource_root(), *parts)


def resources_dir() -> Path:
    """The resources folder as a Path."""
    from pathlib import Path

    return Path(resource_root())


def resource_path(*parts: str) -> Path:
    """A path inside the resources folder."""
    return resources_dir().joinpath(*parts)
