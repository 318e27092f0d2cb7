"""Make docs/letters/*.png: every page of each kind of letter for examples/plan-contents.json.

Run from the repository: `python docs/letters/make_pictures.py` (needs pdftoppm, poppler-utils).
Kinds: standard print, large print, easy read, standard print without the appendix.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
EXAMPLE = ROOT / "examples" / "plan-contents.json"
KINDS = {
    "standard": [],
    "large-print": ["--large-print"],
    "easy-read": ["--easy-read"],
    "no-appendix": ["--no-appendix"],
}


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from sendadvisor.app import main as sendadvisor

    for old in HERE.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["SENDADVISOR_HOME"] = folder  # no adviser's settings: the defaults
        for kind, options in KINDS.items():
            pdf = Path(folder) / f"{kind}.pdf"
            if sendadvisor(["letter", str(EXAMPLE), "-o", str(pdf), *options]) != 0:
                return 1
            subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(HERE / kind)], check=True)
    for picture in sorted(HERE.glob("*.png")):
        print(picture.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
