"""The command line of the contract: `assess`, `letter`, `cases`, and the desktop app with none.

Each sub-command lives in its own module with `register(subparsers)`; heavy libraries are
imported only inside the command that needs them, so `assess` starts as fast as Python does.
"""

from __future__ import annotations

import argparse
import os
import sys

from sendadvisor import __version__
from sendadvisor.domain.errors import InputError
from sendadvisor.i18n import _, ngettext

# argparse's own words ("usage:", "the following arguments are required") come from sendadvisor's
# catalogue like every other sentence, not from Python's: gettext looks for Python's catalogues
# on disk at every call (six times a start, about 2 ms of the `assess` start-up).
argparse._ = _  # type: ignore[attr-defined]
argparse.ngettext = ngettext  # type: ignore[attr-defined]

# Each sub-command's module, imported only when that command (or the full help) is asked for.
COMMANDS = (
    "assess",
    "letter",
    "calendar",
    "cases",
    "holidays",
    "backups",
    "passphrase",
    "councils",
    "report",
    "register",
    "sync",
)


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, measuring the terminal with os (its default imports shutil: slower)."""

    def __init__(self, prog: str) -> None:
        try:
            width = os.get_terminal_size().columns - 2
        except OSError:
            width = 78
        super().__init__(prog, width=max(width, 40))


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line and exit status 2."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        raise InputError("", message)


def _command_named(argv: list[str]) -> str | None:
    """The sub-command word in argv, if any (skipping top-level options and --data's value)."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word == "--data":
            skip = True
        elif not word.startswith("-"):
            return word
    return None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given argv naming a sub-command, only that one is built (argparse's
    translation look-ups cost a few milliseconds per sub-parser, and `assess` starts often)."""
    parser = _Parser(
        prog="sendadvisor",
        description=_(
            "SEND disagreement routes, deadlines and family letters for SENDIASS advisers "
            "(England). With no command, opens the desktop app."
        ),
    )
    parser.add_argument("--version", action="version", version=f"sendadvisor {__version__}")
    parser.add_argument(
        "--data", metavar="FILE", help=_("the case file to open (default: per-user data folder)")
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    import importlib

    named = _command_named(argv or [])
    for name in [named] if named in COMMANDS else COMMANDS:
        importlib.import_module(f"sendadvisor.cli.{name}").register(sub)
    return parser


def run(argv: list[str]) -> int:
    """Parse argv and run the command; bad input gives one line on stderr and status 2."""
    from sendadvisor.app import hold_secrets

    with hold_secrets():  # the passphrase is read once and kept out of every child's environment
        return _run(argv)


def _run(argv: list[str]) -> int:
    try:
        args = build_parser(argv).parse_args(argv)
        if args.command is None:
            from sendadvisor.ui.main import run_app

            # The app configures the core itself after its first window is painted.
            return run_app(data=args.data)
        from sendadvisor.app import configure_core

        configure_core()
        return int(args.handler(args) or 0)
    except InputError as error:
        from sendadvisor.cli.output import printable

        print(_("sendadvisor: {problem}").format(problem=printable(str(error))), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(_("sendadvisor: stopped"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`... | head`): stop quietly, as command-line tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Exception as error:  # a bug must still end in one clear line, never a traceback
        if os.environ.get("SENDADVISOR_DEBUG"):
            raise
        from sendadvisor.cli.output import printable

        print(
            _(
                "sendadvisor: something went wrong ({problem}). Please report it; "
                "set SENDADVISOR_DEBUG=1 to see the details."
            ).format(problem=f"{type(error).__name__}: {printable(str(error))}"),
            file=sys.stderr,
        )
        return 70
