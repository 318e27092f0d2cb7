"""Build a standalone sendadvisor (no Python needed on the adviser's laptop) with PyInstaller.

    .venv/bin/pip install -e ".[bundle]" && .venv/bin/python -m sendadvisor.bundle

The bundle lands in `dist/sendadvisor/` with the program `sendadvisor` (`sendadvisor.exe` on
Windows) and everything it needs: the rules, bank holidays, council contacts, letter wording,
fonts and icon (`resources/`, inside as `sendadvisor/_resources`). The same command builds on
Windows and macOS (PyInstaller builds for the system it runs on). On Linux,
`resources/desktop/sendadvisor.desktop` and `sendadvisor.svg` are copied beside the program, for
installing into the desktop's menu (see docs/install.md). PyInstaller is a build requirement
only (the `bundle` extra), never a run-time one.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def arguments(dist: Path, work: Path) -> list[str]:
    """PyInstaller's command line for the one-folder bundle."""
    separator = os.pathsep  # PyInstaller's --add-data separator differs by platform
    return [
        str(ROOT / "sendadvisor" / "__main__.py"),
        "--name",
        "sendadvisor",
        "--noconfirm",
        "--clean",
        "--onedir",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        "--specpath",
        str(work),
        # Sub-commands are imported by name when they run; collect every module of the package.
        "--collect-submodules",
        "sendadvisor",
        "--add-data",
        f"{ROOT / 'resources'}{separator}sendadvisor/_resources",
        # Not used by sendadvisor: keep the bundle smaller.
        "--exclude-module",
        "tkinter",
        "--exclude-module",
        "pytest",
    ]


def main() -> int:
    try:
        import PyInstaller.__main__ as pyinstaller
    except ImportError:
        print(
            'sendadvisor: PyInstaller is not installed: pip install -e ".[bundle]"', file=sys.stderr
        )
        return 2
    dist, work = ROOT / "dist", ROOT / "build"
    pyinstaller.run(arguments(dist, work))
    folder = dist / "sendadvisor"
    if sys.platform.startswith("linux"):
        for name in ("sendadvisor.desktop", "sendadvisor.svg"):
            shutil.copy2(ROOT / "resources" / "desktop" / name, folder / name)
    print(f"Built {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
