"""Composition root: `sendadvisor` with no sub-command opens the desktop app, otherwise runs the CLI.

This module (with `sendadvisor.cli`) is where file paths are chosen; the core is given them.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


# Secrets passed in the environment, taken out of it while sendadvisor runs (see hold_secrets).
SECRET_VARIABLES = ("SENDADVISOR_PASSPHRASE", "SENDADVISOR_NEW_PASSPHRASE")
_secrets: dict[str, str] = {}


def environment_secret(name: str) -> str | None:
    """The value of a secret environment variable such as SENDADVISOR_PASSPHRASE, taken out of the
    process environment the first time it is read, so no program started later (pdftoppm, a PDF
    viewer, a crash reporter) inherits it. Later calls give the same value."""
    value = os.environ.pop(name, None)
    if value is not None:
        _secrets[name] = value
    return _secrets.get(name) or None


@contextmanager
def hold_secrets() -> Iterator[None]:
    """Run a command with the secret variables read once and removed from the environment.

    For an in-process caller of main() they are put back afterwards: the caller's environment is
    its own, but nothing sendadvisor starts while it works can see them."""
    _secrets.clear()
    taken = {name: os.environ.pop(name) for name in SECRET_VARIABLES if name in os.environ}
    _secrets.update(taken)
    try:
        yield
    finally:
        _secrets.clear()
        for name, value in taken.items():
            os.environ.setdefault(name, value)


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


def _folder_quickly(kind: int) -> str:
    """_home()[kind] as a string without importing platformdirs and pathlib (8 ms) on Linux, where
    the folders are the XDG ones; `assess` runs this on every start."""
    override = os.environ.get("SENDADVISOR_HOME")
    if override:
        return os.path.join(override, ("data", "config", "cache")[kind])
    if sys.platform.startswith("linux"):
        variable, fallback = (
            ("XDG_DATA_HOME", "~/.local/share"),
            ("XDG_CONFIG_HOME", "~/.config"),
            ("XDG_CACHE_HOME", "~/.cache"),
        )[kind]
        base = os.environ.get(variable, "").strip() or os.path.expanduser(fallback)
        return os.path.join(base, "sendadvisor")
    return str(_home()[kind])


def _user_holidays_path_quickly() -> str:
    """user_holidays_file() as a string, quickly (see _folder_quickly)."""
    return os.path.join(_folder_quickly(1), "bank-holidays.json")


def user_councils_dir() -> str:
    """The adviser's own council contacts files (made in the app or given by the service lead)."""
    return os.path.join(_folder_quickly(1), "councils")


def rules_cache_file() -> str:
    """Where the parsed rules are kept between runs as plain JSON, checked by a hash of the rules
    files' content: in the adviser's own cache folder, so a read-only install works and no one
    else's file is ever read as rules."""
    return os.path.join(_folder_quickly(2), "rules.json")


def configure_core() -> None:
    """Point the core at the adviser's files: a loaded bank-holiday list, the rules cache and the
    adviser's own council contacts; and choose the language (SENDADVISOR_LANGUAGE, English when
    unset), before anything loads its words."""
    language = os.environ.get("SENDADVISOR_LANGUAGE", "").strip()
    if language:
        from sendadvisor import i18n

        try:
            i18n.use(language)
        except OSError:
            print(
                i18n._(
                    "sendadvisor: no catalogue for the language {language}: using English"
                ).format(language=language),
                file=sys.stderr,
            )
    from sendadvisor.rules.holidays import use_holidays_file
    from sendadvisor.rules.rulebook import use_cache_file

    use_holidays_file(_user_holidays_path_quickly())
    use_cache_file(rules_cache_file())
    # The adviser's own council contacts, which win over the shipped ones.
    if os.path.isdir(user_councils_dir()):
        from sendadvisor.councils import use_user_dir

        use_user_dir(user_councils_dir())


def main(argv: list[str] | None = None) -> int:
    """Run sendadvisor in-process; the GUI returns when its window closes."""
    from sendadvisor.cli import run

    return run(sys.argv[1:] if argv is None else list(argv))


def entry_point() -> None:
    """Console-script entry: exit with main()'s status."""
    sys.exit(main())
