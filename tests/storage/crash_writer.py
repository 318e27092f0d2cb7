"""Run by test_crash.py: write cases as fast as possible until killed, printing each once saved.

Lines on stdout (JSON): {"open": true} once the file is open; {"id", "child"} after add_case
returns; {"attempt": id, "child"} before save_case and {"saved": id, "child"} after it.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path

from sendadvisor.storage import CaseFile


def say(**record: object) -> None:
    print(json.dumps(record), flush=True)


def circumstances(child: str) -> dict:
    return {
        "schema": "sendadvisor.circumstances/1",
        "as_of": "2026-11-27",
        "family": {"child_name": child, "address": ["1 High Street", "Dorchester"]},
        "ehc_plan": "final",
        "concerns": [{"kind": "plan_contents", "sections": ["F"], "sent_on": "2026-11-02"}],
    }


def main() -> None:
    path, run = Path(sys.argv[1]), sys.argv[2]
    deadlines = [
        {
            "concern": 0,
            "id": "tribunal_appeal",
            "due_on": "2027-01-04",
            "who": "family",
            "status": "upcoming",
        }
    ]
    with CaseFile.open(path, os.environ["SENDADVISOR_PASSPHRASE"], create=True) as case_file:
        say(open=True)
        n = 0
        previous = None
        while True:
            child = f"Child {run}-{n}"
            case_id = case_file.add_case(circumstances(child), deadlines)
            say(id=case_id, child=child)
            case_file.add_note(case_id, date(2026, 11, 20), "phone", f"Note for {child}")
            case_file.autosave_draft(f"new-{run}", circumstances(child))
            if previous is not None and n % 4 == 0:
                renamed = f"{child} renamed"
                say(attempt=previous, child=renamed)
                case_file.save_case(previous, circumstances(renamed), deadlines)
                say(saved=previous, child=renamed)
            if n % 10 == 5:
                case_file.backup_now()  # so that some kills land in the middle of a backup
            previous = case_id
            n += 1


if __name__ == "__main__":
    main()
