"""Dependencies point down: the core never imports Qt, the database libraries or ReportLab."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "sendadvisor.domain.circumstances",
    "sendadvisor.dates",
    "sendadvisor.rules",
    "sendadvisor.cli",
    "sendadvisor.settings",
    "sendadvisor.presentation",
    "sendadvisor.wizard.flow",
    "sendadvisor.casework",
]
HEAVY = ["PySide6", "sqlite_utils", "sqlcipher3", "reportlab", "sqlite3"]


def test_core_and_assess_path_import_nothing_heavy() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + "from sendadvisor.app import main\n"
        + "import io, contextlib\n"
        + "with contextlib.redirect_stdout(io.StringIO()):\n"
        + "    main(['assess', 'examples/plan-contents.json', '--json'])\n"
        + f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=__import__("pathlib").Path(__file__).parents[1],
    )
    assert done.stdout.strip() == "[]", done.stdout
