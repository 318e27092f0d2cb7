"""The adviser's settings (name, service, council, auto-lock), kept as a small JSON file."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Settings:
    adviser_name: str = ""
    service_name: str = ""
    council: str = "dorset"
    idle_lock_minutes: int = 10


def load_settings(path: Path) -> Settings:
    """Read settings; a missing or unreadable file gives the defaults, unknown keys are ignored."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    known = {f.name: f.type for f in fields(Settings)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            continue
        if key == "idle_lock_minutes":
            if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                values[key] = value
        elif isinstance(value, str):
            values[key] = value
    return Settings(**values)


def save_settings(path: Path, settings: Settings) -> None:
    """Write settings atomically (temporary file, fsync, rename), readable by the adviser only."""
    from sendadvisor.fsio import write_atomically

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps(asdict(settings), indent=2))
