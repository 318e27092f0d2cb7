"""Benchmark of the service register's sync, on loopback only: a throwaway PostgreSQL (fsync on)
listening on a Unix socket in a temporary folder.

Figures (issue 15's budgets): the first sync of a 20,000-case file (<= 60 s); a sync of 50
changed cases (<= 2 s); 50 advisers (10 services of 5) syncing at the same moment against one
register of 100,000 cases (median <= 2 s, 95th percentile <= 5 s per sync). Each has a floor
measured in the same run: the same records read from the case file and copied into a plain
PostgreSQL table (no merge, no versions, no row-level security); a sync with nothing to move;
one adviser syncing the same changes alone. Run: `.venv/bin/python bench/bench_register.py`.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "register"))

import psycopg  # noqa: E402
from common import figure  # noqa: E402
from sqlite_utils import Database  # noqa: E402
from synthetic import Synthetic  # noqa: E402
from throwaway_cluster import Cluster, find_bindir  # noqa: E402

from sendadvisor.register import admin, sync  # noqa: E402
from sendadvisor.storage import CaseFile, cipher, records  # noqa: E402

PASSPHRASE = "benchmark passphrase"
SEED = 20261130
SERVICES = 10
ADVISERS_PER_SERVICE = 5


def _fill(path: Path, cases: int, notes_per_case: int, seed: int) -> None:
    """A case file of synthetic families with their notes, written in one transaction."""
    CaseFile.open(path, PASSPHRASE, create=True).close()
    conn = cipher.connect(path, cipher.derive_key(PASSPHRASE, cipher.read_head(path, 16)))
    cipher.tune(conn)
    db = Database(conn, execute_plugins=False)
    source = Synthetic(seed)
    db.execute("BEGIN")
    for n in range(cases):
        num = records.insert_case(
            db, f"S{seed % 1000:03d}{n:05d}", source.circumstances(), [], "2026-11-01T09:00:00Z"
        )
        db["notes"].insert_all(
            {
                "case_num": num,
                "contact_on": "2026-11-02",
                "channel": "phone",
                "text": source.note(),
                "user": "bench",
                "created_at": "2026-11-02T09:00:00Z",
                "uuid": records.new_uuid(),
            }
            for _ in range(notes_per_case)
        )
    db.execute("COMMIT")
    conn.close()


def _register(cluster: Cluster) -> str:
    name = f"register_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    dsn = cluster.dsn(name)
    admin.init(dsn)
    for s in range(SERVICES):
        admin.add_service(dsn, f"service-{s}", f"Service {s}")
        for a in range(ADVISERS_PER_SERVICE):
            admin.add_adviser(dsn, _role(s, a), f"service-{s}")
    return name


def _role(service: int, adviser: int) -> str:
    return f"bench_s{service}_a{adviser}"


def _floor_copy(case_file: CaseFile, dsn: str) -> float:
    """Seconds to read every waiting record from the case file and COPY it into a plain table."""
    started = time.perf_counter()
    with psycopg.connect(dsn) as conn:
        conn.execute("CREATE TEMPORARY TABLE plain (uuid uuid, kind text, data jsonb)")
        with conn.cursor().copy("COPY plain FROM STDIN") as copy:
            after = 0
            while True:
                with case_file.sync_batch(changes=False) as batch:
                    items, after = batch.outgoing(after, sync.PAGE)
                if not items:
                    break
                for item in items:
                    copy.write_row((item.uuid, item.kind, psycopg.types.json.Jsonb(item.data)))
    return time.perf_counter() - started


def _changed(case_file: CaseFile, count: int, round_number: int) -> None:
    for row in case_file.list_cases(today=date(2026, 11, 30), limit=count * (round_number + 1))[
        -count:
    ]:
        data = case_file.get_case(row.id)["circumstances"]
        data["family"]["school_name"] = f"School {round_number}"
        case_file.save_case(row.id, data, [])


def _seed_register(cluster: Cluster, name: str, cases: int, template: dict[str, Any]) -> None:
    """`cases` cases spread over the services, written by SQL as the owner (with a note each)."""
    per_service = cases // SERVICES
    with psycopg.connect(cluster.dsn(name)) as conn:
        conn.execute("ALTER TABLE sendadvisor.records DISABLE TRIGGER stamp_record")
        conn.execute(
            """
            INSERT INTO sendadvisor.records
              (uuid, service_id, kind, case_uuid, version, changed_at, adviser, device, data,
               written_in)
            SELECT u, 'service-' || (n %% %(services)s), 'case', u, 1, now(), 'seed',
                   '00000000-0000-4000-8000-000000000000',
                   jsonb_build_object('case_id', 'R' || lpad(n::text, 7, '0'),
                     'created_at', '2026-01-01T00:00:00Z', 'closed_on', NULL,
                     'circumstances', %(template)s::jsonb || jsonb_build_object('as_of', '2026-11-27')),
                   pg_current_xact_id()
            FROM (SELECT n, gen_random_uuid() AS u FROM generate_series(1, %(cases)s) n) s
            """,
            {
                "services": SERVICES,
                "cases": per_service * SERVICES,
                "template": psycopg.types.json.Jsonb(template),
            },
        )
        conn.execute("ALTER TABLE sendadvisor.records ENABLE TRIGGER stamp_record")
        conn.execute("ANALYZE sendadvisor.records")


def _adviser(
    service: int,
    adviser: int,
    dsn: str,
    folder: str,
    rounds: int,
    barrier: Any,
    results: Any,
) -> None:
    """One simulated adviser: a case file of 20 cases, up to date with the register; each round
    changes 5 cases and syncs at the same moment as every other adviser."""
    path = Path(folder) / f"{_role(service, adviser)}-{rounds}-{barrier.parties}.sendadvisor"
    source = Synthetic(SEED + 100 * service + adviser)
    with CaseFile.open(path, PASSPHRASE, create=True) as case_file:
        for _ in range(20):
            case_file.add_case(source.circumstances(), [])
        with psycopg.connect(dsn) as conn:
            row = conn.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text").fetchone()
        with case_file.sync_batch() as batch:
            batch.set_mark(str(row[0]))  # as if synced before today: the 100,000 are there
        sync.sync(case_file, dsn)
        for round_number in range(rounds):
            _changed(case_file, 5, round_number % 4)
            barrier.wait()
            started = time.perf_counter()
            sync.sync(case_file, dsn)
            results.put((time.perf_counter() - started) * 1000)


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def figures() -> list[dict[str, Any]]:
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL's server binaries are not installed (see docs/scale.md)")
    quick = bool(os.environ.get("SENDADVISOR_BENCH_QUICK"))
    cases = 1_000 if quick else 20_000
    register_cases = 10_000 if quick else 100_000
    services = 2 if quick else SERVICES
    rounds = 1 if quick else 3
    rows = []
    cluster = Cluster(bindir, durable=True)
    try:
        with tempfile.TemporaryDirectory(prefix="sendadvisor-bench-") as tmp:
            folder = Path(tmp)
            name = _register(cluster)

            # 1. The first sync of a large case file (a laptop joining the register).
            path = folder / "first.sendadvisor"
            _fill(path, cases, 2, SEED)
            floor_path = folder / "floor.sendadvisor"
            _fill(floor_path, cases, 2, SEED)
            with CaseFile.open(floor_path, PASSPHRASE) as case_file:
                floor = _floor_copy(case_file, cluster.dsn(name, _role(0, 0)))
            with CaseFile.open(path, PASSPHRASE) as case_file:
                started = time.perf_counter()
                first = sync.sync(case_file, cluster.dsn(name, _role(0, 0)))
                took = time.perf_counter() - started
                rows.append(
                    figure(
                        f"first sync of a {cases:,}-case file (+{2 * cases:,} notes)",
                        [took],
                        floor=floor,
                        budget=60.0,
                        unit="s",
                        note=f"sent {sum(first.pushed.values()):,} records; floor: the same "
                        "records read and copied into a plain table",
                    )
                )

                # 2. An everyday sync: 50 cases changed since the last one.
                idle = []
                changed = []
                for round_number in range(2 if quick else 5):
                    started = time.perf_counter()
                    sync.sync(case_file, cluster.dsn(name, _role(0, 0)))
                    idle.append((time.perf_counter() - started) * 1000)
                    _changed(case_file, 50, round_number)
                    started = time.perf_counter()
                    sync.sync(case_file, cluster.dsn(name, _role(0, 0)))
                    changed.append((time.perf_counter() - started) * 1000)
                rows.append(
                    figure(
                        f"sync of 50 changed cases ({cases:,}-case file)",
                        changed,
                        floor=idle,
                        budget=2000.0,
                        note="floor: a sync with nothing to move",
                    )
                )

            # 3. Many advisers at once against a large register.
            template = Synthetic(SEED + 7).circumstances()
            _seed_register(cluster, name, register_cases, template)
            context = multiprocessing.get_context("spawn")
            # Alone first: the floor of the same sync with nobody else at the register.
            barrier = context.Barrier(1)
            results = context.Queue()
            alone = context.Process(
                target=_adviser,
                args=(
                    services - 1,
                    0,
                    cluster.dsn(name, _role(services - 1, 0)),
                    tmp,
                    rounds,
                    barrier,
                    results,
                ),
            )
            alone.start()
            alone.join(600)
            floor_samples = [results.get() for _ in range(rounds)]
            advisers = [(s, a) for s in range(services) for a in range(ADVISERS_PER_SERVICE)]
            barrier = context.Barrier(len(advisers))
            workers = [
                context.Process(
                    target=_adviser,
                    args=(s, a, cluster.dsn(name, _role(s, a)), tmp, rounds, barrier, results),
                )
                for s, a in advisers
            ]
            for worker in workers:
                worker.start()
            samples = [results.get(timeout=900) for _ in range(len(workers) * rounds)]
            for worker in workers:
                worker.join(60)
            p95 = _percentile(samples, 0.95)
            rows.append(
                figure(
                    f"{len(workers)} advisers syncing at once, register of {register_cases:,} cases",
                    samples,
                    floor=floor_samples,
                    budget=2000.0,
                    note=f"5 changed cases each, {rounds} rounds; 95th percentile "
                    f"{p95:,.0f} ms (budget 5,000 ms); floor: one adviser alone",
                    p95_ms=p95,
                )
            )
    finally:
        cluster.destroy()
    return rows


def _main() -> None:
    for row in figures():
        median = row["median_ms"]
        print(
            f"{row['name']}: median {median:,.1f} {row.get('unit', 'ms')}, floor {row['floor_ms']}"
        )
        if row.get("note"):
            print(f"    {row['note']}")


if __name__ == "__main__":
    _main()
