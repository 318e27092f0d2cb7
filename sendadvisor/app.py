"""Composition root: `sendadvisor` with no sub-command opens the desktop app, otherwise runs the CLI."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Run sendadvisor in-process; the GUI returns when its window closes."""
    from sendadvisor.cli import run

    return run(sys.argv[1:] if argv is None else list(argv))


def entry_point() -> None:
    """Console-script entry: exit with main()'s status."""
    sys.exit(main())
