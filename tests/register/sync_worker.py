"""A sync in a process of its own, for the interruption test to kill: prints `open` once the case
file is open, then syncs in small pages (many commits, many moments to be killed at)."""

from __future__ import annotations

import sys
from pathlib import Path

from register_helpers import PASSPHRASE

from sendadvisor.register import sync
from sendadvisor.storage import CaseFile


def main(path: str, dsn: str, user: str) -> None:
    sync.PAGE = 4
    case_file = CaseFile.open(Path(path), PASSPHRASE, user=user)
    print("open", flush=True)
    sync.sync(case_file, dsn)
    case_file.close()
    print("done", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
