"""Composition root: `sendadvisor` with no sub-command opens the desktop app, otherwise runs the CLI.

This module (with `sendadvisor.cli`) is where file paths are chosen; the core is given them.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


def _home() -> tuple[Path, Path, Path]:
    """The data, config and cache folders: per-user (platformdirs), or under $SENDADVISOR_HOME."""
    from pathlib import Path

    override = os.environ.get("SENDADVISOR_HOME")
    if override:
        return Path(override) / "data", Path(override) / "config", Path(override) / "cache"
    import platformdirs

    return (
        Path(platformdirs.user_data_dir("sendadvisor", appauthor=False)),
        Path(platformdirs.user_config_dir("sendadvisor", appauthor=False)),
        Path(platformdirs.user_cache_dir("sendadvisor", appauthor=False)),
    )


def default_case_file() -> Path:
    """The case file opened when no --data is given."""
    return _home()[0] / "cases.sendadvisor"


def default_settings_file() -> Path:
    """The adviser's settings file."""
    return _home()[1] / "settings.json"


def user_holidays_file() -> Path:
    """A newer gov.uk bank-holidays.json that an adviser loaded; used instead of the shipped one."""
    return _home()[1] / "bank-holidays.json"


def _user_holidays_path_quickly() -> str:
    """user_holidays_file() as a string without importing platformdirs and pathlib (8 ms) on Linux,
    where the folder is the XDG one; `assess` runs this on every start."""
    override = os.environ.get("SENDADVISOR_HOME")
    if override:
        return os.path.join(override, "config", "bank-holidays.json")
    if sys.platform.startswith("linux"):
        config = os.environ.get("XDG_CONFIG_HOME", "").strip() or os.path.expanduser("~/.config")
        return os.path.join(config, "sendadvisor", "bank-holidays.json")
    return str(user_holidays_file())


def rules_cache_file() -> str:
    """Where a parsed copy of resources/rules is kept between runs (rebuilt when a file changes):
    beside the rules package's bytecode, so finding it costs no per-user folder look-up."""
    import sendadvisor.rules

    return os.path.join(os.path.dirname(sendadvisor.rules.__file__), "__pycache__", "rules.pickle")


def configure_core() -> None:
    """Point the core at the adviser's files: a newer bank-holiday list and the rules cache."""
    from sendadvisor.rules.holidays import use_holidays_file
    from sendadvisor.rules.rulebook import use_cache_file

    use_holidays_file(_user_holidays_path_quickly())
    use_cache_file(rules_cache_file())


def main(argv: list[str] | None = None) -> int:
    """Run sendadvisor in-process; the GUI returns when its window closes."""
    from sendadvisor.cli import run

    return run(sys.argv[1:] if argv is None else list(argv))


def entry_point() -> None:
    """Console-script entry: exit with main()'s status."""
    sys.exit(main())
