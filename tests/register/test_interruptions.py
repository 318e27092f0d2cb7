"""A sync killed (SIGKILL) at random moments, then run again, loses and duplicates nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from register_helpers import Register, add_case, edit, holdings, laptop, register_holdings

from sendadvisor.register import sync

HERE = Path(__file__).resolve().parent
KILLS = 20
N = 50  # cases on each laptop


def _start(path: Path, dsn: str) -> subprocess.Popen[str]:
    environment = {**os.environ, "PYTHONPATH": str(HERE)}
    return subprocess.Popen(
        [sys.executable, str(HERE / "sync_worker.py"), str(path), dsn, "alice"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )


@pytest.mark.slow
def test_twenty_sigkills_during_sync_lose_and_duplicate_nothing(
    register: Register, tmp_path: Path
) -> None:
    rng = random.Random(15)
    a_path = tmp_path / "a.sendadvisor"
    b = laptop(tmp_path / "b.sendadvisor", "bob")
    with laptop(a_path, "alice") as a:
        a_cases = []
        for n in range(N):
            case_id = add_case(a, f"Child A{n}")
            a.add_note(case_id, date(2026, 11, 2), "phone", f"note A{n}")
            a.record_letter(
                case_id, by="alice", rules_version="r", pdf_sha256=f"a{n}", large_print=False
            )
            a_cases.append(case_id)
        shared = a_cases[0]
    b_cases = []
    for n in range(N):
        case_id = add_case(b, f"Child B{n}")
        b.add_note(case_id, date(2026, 11, 3), "email", f"note B{n}")
        b_cases.append(case_id)
    sync.sync(b, register.dsn("bob"))

    kills = attempts = edits = 0
    window = 0.3  # seconds after the file is open within which the kill comes
    while kills < KILLS:
        attempts += 1
        assert attempts <= 3 * KILLS, f"only {kills} syncs were killed part way"
        # Work goes on meanwhile on both laptops, so each sync has records to pull and push.
        if attempts % 4 == 1:
            with laptop(a_path, "alice") as a:
                edit(a, a_cases[attempts % N], lambda c: c["family"].update(school_name="Oak"))
                a.add_note(shared, date(2026, 11, 4), "other", f"attempt {attempts}")
            edits += 1
        for n in range(8):
            edit(b, b_cases[(8 * attempts + n) % N], lambda c: c["family"].update(parent_name="P"))
        sync.sync(b, register.dsn("bob"))
        worker = _start(a_path, register.dsn("alice"))
        assert worker.stdout is not None
        line = worker.stdout.readline()
        assert line.strip() == "open", worker.stderr.read() if worker.stderr else ""
        time.sleep(rng.uniform(0.0, window))
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        if worker.returncode == -signal.SIGKILL:
            kills += 1
        else:
            window *= 0.7  # that sync finished first: kill sooner next time

    worker = _start(a_path, register.dsn("alice"))
    out, err = worker.communicate(timeout=120)
    assert worker.returncode == 0 and out.split() == ["open", "done"], err
    sync.sync(b, register.dsn("bob"))
    with laptop(a_path, "alice") as a:
        again = sync.sync(a, register.dsn("alice"))
        assert not again.conflicts and again.pulled["case"] == 0
        mine = holdings(a)
    theirs = holdings(b)
    b.close()
    assert mine == theirs == register_holdings(register)
    assert set(mine) == set(a_cases) | set(b_cases)
    assert len(mine[shared]["notes"]) == 1 + edits
    assert all(len(mine[c]["notes"]) == 1 and len(mine[c]["letters"]) == 1 for c in a_cases[1:])
    oak = {a_cases[n % N] for n in range(1, attempts + 1, 4)}
    assert {c for c in a_cases if mine[c]["circumstances"]["family"]["school_name"] == "Oak"} == oak
    rows = register.rows()
    assert len(rows) == len({r["uuid"] for r in rows})
    counts = {kind: sum(r["kind"] == kind for r in rows) for kind in ("case", "note", "letter")}
    assert counts == {"case": 2 * N, "note": 2 * N + edits, "letter": N}
