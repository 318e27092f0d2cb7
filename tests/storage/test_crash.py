"""Killed at random moments (SIGKILL, again and again), the file keeps every case it confirmed."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlcipher3 import dbapi2

from sendadvisor.storage import CaseFile

PASSPHRASE = "kill loop passphrase"
WRITER = Path(__file__).parent / "crash_writer.py"
REPO = Path(__file__).resolve().parents[2]
KILLS = 55

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)"),
]


def _env() -> dict[str, str]:
    return {**os.environ, "SENDADVISOR_PASSPHRASE": PASSPHRASE}


def _kill_after(proc: subprocess.Popen[str], seconds: float) -> str:
    time.sleep(seconds)
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the writer stopped by itself: see its stderr"
    return out


def _lines(out: str) -> list[dict]:
    # A line cut short by the kill has no newline and was never confirmed.
    return [json.loads(line) for line in out.split("\n")[:-1] if line]


def _check_whole(path: Path) -> None:
    conn = dbapi2.connect(str(path))
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA cipher_integrity_check").fetchall() == []  # every page's HMAC
    conn.close()


def test_sigkill_loop_loses_no_confirmed_case(tmp_path: Path) -> None:
    path = tmp_path / "cases.sendadvisor"
    rng = random.Random(20261128)
    expected: dict[str, set[str]] = {}  # id -> names it may have (confirmed, or being saved)
    runs_that_wrote = 0
    for run in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(path), str(run)],
            stdout=subprocess.PIPE,
            text=True,
            env=_env(),
            cwd=REPO,
        )
        if run % 2:
            # Half the kills land while opening (key derivation, checks, migrations, creation)...
            out = _kill_after(proc, rng.uniform(0.0, 0.35))
        else:
            # ...half while writing cases, notes, drafts and backups.
            assert proc.stdout is not None
            first = proc.stdout.readline()
            assert json.loads(first) == {"open": True}
            out = _kill_after(proc, rng.uniform(0.0, 0.25))
        for record in _lines(out):
            if "id" in record:
                expected[record["id"]] = {record["child"]}
            elif "attempt" in record:
                expected[record["attempt"]].add(record["child"])  # may or may not have landed
            elif "saved" in record:
                expected[record["saved"]] = {record["child"]}
        runs_that_wrote += any("id" in record for record in _lines(out))
    assert len(expected) >= 100, "too few cases were confirmed for the test to mean much"
    _check_whole(path)
    with CaseFile.open(path, PASSPHRASE) as case_file:
        for case_id, names in expected.items():
            assert case_file.get_case(case_id)["circumstances"]["family"]["child_name"] in names
        listed = {row.id for row in case_file.list_cases(today=date(2026, 11, 28))}
        assert set(expected) <= listed
        # Backups made while being killed are whole, or absent: never half files.
        for backup in case_file.backups():
            conn = dbapi2.connect(str(backup.path))
            conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
            assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
            conn.close()
    # Most kills must have landed mid-write, or the test would prove little.
    assert runs_that_wrote >= KILLS // 4


def test_cli_add_killed_at_random_moments(tmp_path: Path) -> None:
    path = tmp_path / "cli.sendadvisor"
    case = REPO / "examples" / "plan-contents.json"
    rng = random.Random(7)
    printed = []
    for _ in range(15):
        proc = subprocess.Popen(
            [sys.executable, "-m", "sendadvisor", "cases", "add", str(case), "--data", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
            cwd=REPO,
        )
        time.sleep(rng.uniform(0.1, 0.45))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
        printed += [line for line in out.split("\n")[:-1] if line]
    done = subprocess.run(
        [sys.executable, "-m", "sendadvisor", "cases", "add", str(case), "--data", str(path)],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=REPO,
        check=True,
    )
    printed.append(done.stdout.strip())
    listed = subprocess.run(
        [sys.executable, "-m", "sendadvisor", "cases", "list", "--data", str(path)],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=REPO,
        check=True,
    )
    ids = {line.split("\t")[0] for line in listed.stdout.splitlines()}
    assert set(printed) <= ids
    _check_whole(path)
