"""Benchmark of the case file: open, save a case, search 20,000 cases and 100,000 notes.

Each figure is also measured on an unencrypted file built the same way (same SQLite, same schema,
same queries, no key) as the floor, so the cost of encryption is visible. Data is synthetic and
seeded. Run: `.venv/bin/python bench/bench_storage.py [--cases N --notes M]`.
Figures: median and spread (interquartile range, p75 - p25) in milliseconds, with the budget from
issue 3 (open < 1 s, save < 20 ms, search < 50 ms) and issue 14 (report <= 2 s, CSV export <= 5 s).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import summary, timed  # noqa: E402
from sqlcipher3 import dbapi2  # noqa: E402
from sqlite_utils import Database
from synthetic import Synthetic  # noqa: E402

from sendadvisor.case_csv import cases_csv
from sendadvisor.casework import stored_rows
from sendadvisor.report import build_report, rule_labels
from sendadvisor.rules import assess, computed_with
from sendadvisor.storage import CaseFile, cipher, records, schema

PASSPHRASE = "benchmark passphrase"
TODAY = date(2026, 11, 28)
SEED = 20261128


def _saved_form(source: Synthetic) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A synthetic family and its deadlines (and concerns' routes), as the app saves them."""
    circumstances = source.circumstances()
    return circumstances, stored_rows(assess(circumstances))


def _fill(db: Database, cases: int, notes: int) -> None:
    """The same seeded data into either file, in one transaction."""
    source = Synthetic(SEED)
    rng = source.rng
    db.execute("BEGIN")
    for n in range(cases):
        # Recorded over the year before TODAY; one case in three closed since.
        day = date.fromordinal(TODAY.toordinal() - 365 + n * 365 // cases).isoformat()
        circumstances, rows = _saved_form(source)
        # Recorded with the rules in use, as the app saves: opening it works nothing out again.
        num = records.insert_case(
            db, f"B{n:07d}", circumstances, rows, f"{day}T09:00:00+00:00", computed_with()
        )
        if n % 3 == 0:
            db.execute("UPDATE cases SET closed_on = ? WHERE num = ?", [day, num])
    db["notes"].insert_all(
        {
            "case_num": rng.randint(1, cases),
            "contact_on": "2026-10-01",
            "channel": rng.choice(["phone", "home_visit", "email"]),
            "text": source.note(),
            "user": "bench",
            "created_at": "2026-11-28T09:00:00+00:00",
        }
        for _ in range(notes)
    )
    db.execute("COMMIT")


def _plain_connect(path: Path) -> dbapi2.Connection:
    """The floor: the same SQLite and settings, unencrypted (sqlcipher3 without a key)."""
    conn = dbapi2.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA temp_store = MEMORY")
    cipher.tune(conn)
    return conn


def _build(folder: Path, cases: int, notes: int) -> tuple[Path, Path]:
    encrypted = folder / "bench.sendadvisor"
    CaseFile.open(encrypted, PASSPHRASE, create=True).close()
    salt = cipher.read_head(encrypted, cipher.SALT_BYTES)
    conn = cipher.connect(encrypted, cipher.derive_key(PASSPHRASE, salt))
    cipher.tune(conn)
    _fill(Database(conn, execute_plugins=False), cases, notes)
    conn.close()

    plain = folder / "plain.sqlite"
    conn = _plain_connect(plain)
    conn.execute("PRAGMA journal_mode = WAL")
    db = Database(conn, execute_plugins=False)
    schema.migrations.apply(db)
    _fill(db, cases, notes)
    conn.close()
    return encrypted, plain


SEARCHES = [
    "priya pat",
    "khan",
    "sam smi",
    "oak",
    "dt4",
    "tribunal",
    "physiotherapy",
    "respite",
    "mohammed hussain",
    "B0012345",
    "ruby",
    "bennett academy",
    "camhs",
    "evie wat",
    "placement",
    "arlo",
    "ella cook",
    "mediation appeal",
    "zara",
    "kelly",
]


def figures(cases: int | None = None, notes: int | None = None) -> list[dict[str, Any]]:
    """Measure each operation encrypted and on the unencrypted floor; one dict per figure."""
    quick = bool(os.environ.get("SENDADVISOR_BENCH_QUICK"))
    cases = cases or (1_000 if quick else 20_000)
    notes = notes or (5_000 if quick else 100_000)
    rng = random.Random(SEED + 1)
    results = []
    with tempfile.TemporaryDirectory(prefix="sendadvisor-bench-") as tmp:
        encrypted, plain = _build(Path(tmp), cases, notes)

        # Open, as the adviser unlocking the app: key derivation, checks, quick_check, audit entry.
        def open_encrypted() -> None:
            CaseFile.open(encrypted, PASSPHRASE).close()

        def open_plain() -> None:
            conn = _plain_connect(plain)
            db = Database(conn, execute_plugins=False)
            schema.applied_migrations(db)
            conn.execute("PRAGMA quick_check").fetchall()
            conn.execute("BEGIN IMMEDIATE")
            db["audit"].insert({"at": "x", "user": "bench", "action": "file_opened"})
            conn.execute("COMMIT")
            conn.close()

        open_encrypted()  # the first open takes the first backup; later ones are the usual case
        opened = {"encrypted": timed(open_encrypted, 7), "floor": timed(open_plain, 7)}

        case_file = CaseFile.open(encrypted, PASSPHRASE)
        plain_conn = _plain_connect(plain)
        plain_db = Database(plain_conn, execute_plugins=False)
        try:
            source = Synthetic(SEED + 2)
            to_save = iter([_saved_form(source) for _ in range(100)])

            def save_encrypted() -> None:
                case_file.add_case(*next(to_save))

            def save_plain() -> None:
                plain_conn.execute("BEGIN IMMEDIATE")
                records.insert_case(plain_db, f"P{rng.getrandbits(40):010x}", *next(to_save), "x")
                plain_conn.execute("COMMIT")

            saved = {"encrypted": timed(save_encrypted, 50), "floor": timed(save_plain, 50)}

            def searches(run: Callable[[str], object]) -> list[float]:
                times = []
                for _ in range(3):
                    for text in SEARCHES:
                        times += timed(lambda text=text: run(text), 1)
                return times

            searched = {
                "encrypted": searches(lambda text: case_file.list_cases(text, today=TODAY)),
                "floor": searches(
                    lambda text: records.list_rows(
                        plain_db, text, today=TODAY, include_closed=False, limit=None
                    )
                ),
            }
            listed = {
                "encrypted": timed(lambda: case_file.list_cases(today=TODAY), 5),
                "floor": timed(
                    lambda: records.list_rows(
                        plain_db, None, today=TODAY, include_closed=False, limit=None
                    ),
                    5,
                ),
            }
            hits = {text: len(case_file.list_cases(text, today=TODAY)) for text in SEARCHES}
            labels = rule_labels()
            first = date(TODAY.year - 1, TODAY.month, TODAY.day)

            def report(rows: records.ReportRows) -> None:
                build_report(rows, first=first, last=TODAY, today=TODAY, labels=labels)

            reported = {
                "encrypted": timed(lambda: report(case_file.report_rows(first, TODAY)), 5),
                "floor": timed(lambda: report(records.report_rows(plain_db, first, TODAY)), 5),
            }
            exported = {
                "encrypted": timed(
                    lambda: cases_csv(case_file.export_rows(None, TODAY, today=TODAY)), 3
                ),
                "floor": timed(
                    lambda: cases_csv(records.export_rows(plain_db, None, TODAY, today=TODAY)), 3
                ),
            }
        finally:
            case_file.close()
            plain_conn.close()
        size_mb = encrypted.stat().st_size / 1e6

    for name, measured, budget in (
        ("open (key derivation, checks, quick_check)", opened, 1000.0),
        ("save one case", saved, 20.0),
        (f"search {cases:,} cases + {notes:,} notes", searched, 50.0),
        (f"list all {cases:,} cases (no search)", listed, None),
        (f"report over {cases:,} cases (a year, file open)", reported, 2000.0),
        (f"CSV export of {cases:,} cases (file open)", exported, 5000.0),
    ):
        median, spread = summary(measured["encrypted"])
        results.append(
            {
                "name": name,
                "median_ms": round(median, 2),
                "spread_ms": round(spread, 2),
                "floor_ms": round(statistics.median(measured["floor"]), 2),
                "budget_ms": budget,
                "worst_ms": round(max(measured["encrypted"]), 2),
            }
        )
    results.append(
        {
            "name": "case file size",
            "median_ms": round(size_mb, 1),
            "unit": "MB",
            "spread_ms": None,
            "floor_ms": None,
            "budget_ms": None,
            "value": round(size_mb, 1),
            "search_hits": hits,
        }
    )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--notes", type=int, default=100_000)
    args = parser.parse_args()
    rows = figures(args.cases, args.notes)
    print(f"{'operation':48} {'median':>9} {'spread':>8} {'worst':>9} {'floor':>9} {'budget':>8}")
    for row in rows:
        if "value" in row:
            print(f"{row['name']:48} {row['value']:>9}")
            print("search hits per query:", row["search_hits"])
            continue
        budget = f"{row['budget_ms']:.0f}" if row["budget_ms"] else "-"
        verdict = (
            ""
            if row["budget_ms"] is None
            else ("  ok" if row["median_ms"] < row["budget_ms"] else "  OVER")
        )
        print(
            f"{row['name']:48} {row['median_ms']:>7.1f}ms {row['spread_ms']:>6.1f}ms "
            f"{row['worst_ms']:>7.1f}ms {row['floor_ms']:>7.1f}ms {budget:>6}ms{verdict}"
        )


if __name__ == "__main__":
    main()
