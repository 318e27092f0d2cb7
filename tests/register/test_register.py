"""Setting a register up: idempotent, upgradable from its first version, and row-level security
that keeps each service to its own rows (checked as the advisers' own roles)."""

from __future__ import annotations

import uuid
from pathlib import Path

import psycopg
import pytest
from register_helpers import Register, add_case, holdings, laptop, register_holdings, run_cli
from throwaway_cluster import Cluster

from sendadvisor.register import admin, schema, sync


def test_init_is_idempotent_and_upgrades_a_register_from_its_first_version(
    cluster: Cluster, tmp_path: Path
) -> None:
    name = f"register_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    old = Register(cluster, name)
    first = schema.known_migrations()[0]
    assert admin.init(old.admin_dsn, upto=first).applied == [first]
    # An older sendadvisor would not sync with it; the DBA can still add services and roles.
    with psycopg.connect(old.admin_dsn) as conn:
        conn.execute("INSERT INTO sendadvisor.services (id, name) VALUES ('north', 'North')")
        conn.execute("INSERT INTO sendadvisor.advisers VALUES ('alice', 'north')")
        if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = 'alice'").fetchone():
            conn.execute("CREATE ROLE alice LOGIN")
        conn.execute("GRANT sendadvisor_adviser TO alice")
    with laptop(tmp_path / "a.sendadvisor", "alice") as a:
        add_case(a, "Sam Smith")
        with pytest.raises(sync.RegisterError, match="register init"):
            sync.sync(a, old.dsn("alice"))
        # The command line upgrades it, keeping what is there; then again changes nothing.
        done = run_cli("register", "init", "--server", old.admin_dsn)
        assert done.returncode == 0, done.stderr
        assert "applied " + ", ".join(schema.known_migrations()[1:]) in done.stdout
        done = run_cli("register", "init", "--server", old.admin_dsn)
        assert done.returncode == 0 and "already up to date" in done.stdout
        sync.sync(a, old.dsn("alice"))
        assert holdings(a) == register_holdings(old)
    with psycopg.connect(old.admin_dsn) as conn:
        applied = [r[0] for r in conn.execute("SELECT name FROM sendadvisor.migrations")]
    assert sorted(applied) == list(schema.known_migrations())


def test_init_refuses_a_register_from_a_newer_sendadvisor(register: Register) -> None:
    with psycopg.connect(register.admin_dsn) as conn:
        conn.execute("INSERT INTO sendadvisor.migrations (name) VALUES ('9999_from_the_future')")
    done = run_cli("register", "init", "--server", register.admin_dsn)
    assert done.returncode == 2 and "newer sendadvisor" in done.stderr


def test_an_adviser_reads_and_writes_only_their_own_services_rows(
    register: Register, tmp_path: Path
) -> None:
    with laptop(tmp_path / "north.sendadvisor", "alice") as north:
        add_case(north, "Sam Smith")
        sync.sync(north, register.dsn("alice"))
    with laptop(tmp_path / "south.sendadvisor", "carol") as south:
        add_case(south, "Jo Brown")
        report = sync.sync(south, register.dsn("carol"))
        assert report.pulled["case"] == 0  # north's case never reaches south
        assert set(holdings(south)) == set(register_holdings(register, "south"))
    north_uuid = next(r["uuid"] for r in register.rows("case") if r["service_id"] == "north")

    with psycopg.connect(register.dsn("carol"), autocommit=True) as conn:
        services = {
            r[0] for r in conn.execute("SELECT DISTINCT service_id FROM sendadvisor.records")
        }
        assert services == {"south"}
        assert conn.execute("SELECT id FROM sendadvisor.services").fetchall() == [("south",)]
        changed = conn.execute(
            "UPDATE sendadvisor.records SET data = '{}'::jsonb WHERE uuid = %s", [north_uuid]
        )
        assert changed.rowcount == 0
        # Writing a row into another service, or moving one there, is refused.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO sendadvisor.records (uuid, service_id, kind, version, changed_at, "
                "device, data) VALUES (gen_random_uuid(), 'north', 'case', 1, now(), "
                "gen_random_uuid(), '{}')"
            )
        with pytest.raises(psycopg.Error):
            conn.execute("UPDATE sendadvisor.records SET service_id = 'north'")
        # And no adviser deletes anything: erasures are tombstones every laptop learns of.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM sendadvisor.records")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO sendadvisor.advisers VALUES ('carol', 'north')")

    with psycopg.connect(register.dsn("alice")) as conn:
        rows = conn.execute("SELECT service_id, data FROM sendadvisor.records").fetchall()
        assert {r[0] for r in rows} == {"north"} and rows
    north_row = next(r for r in register.rows("case") if r["uuid"] == north_uuid)
    assert north_row["data"]["circumstances"]["family"]["child_name"] == "Sam Smith"


def test_add_adviser_creates_a_login_role_bound_to_one_service(register: Register) -> None:
    role = f"adviser_{uuid.uuid4().hex[:8]}"
    done = run_cli(
        "register", "add-adviser", role, "--service", "south", "--server", register.admin_dsn
    )
    assert done.returncode == 0 and "created" in done.stdout, done.stderr
    with psycopg.connect(register.dsn(role)) as conn:
        assert conn.execute("SELECT sendadvisor.my_service()").fetchone() == ("south",)
    done = run_cli(
        "register", "add-adviser", role, "--service", "east", "--server", register.admin_dsn
    )
    assert done.returncode == 2 and "no service 'east'" in done.stderr
    done = run_cli(
        "register",
        "add-adviser",
        "Robert'); DROP",
        "--service",
        "south",
        "--server",
        register.admin_dsn,
    )
    assert done.returncode == 2 and "cannot be an adviser's role" in done.stderr


def test_register_init_exits_2_when_unreachable_or_refused(register: Register) -> None:
    for dsn, words in (
        (f"host={register.cluster.folder}/missing dbname=x", "cannot be reached"),
        (register.dsn("alice"), "refused"),  # an adviser may not create schemas and roles
    ):
        done = run_cli("register", "init", "--server", dsn)
        assert done.returncode == 2, done.stdout + done.stderr
        assert words in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_an_adviser_cannot_change_an_audit_entry_or_bring_back_an_erased_family(
    register: Register, tmp_path: Path
) -> None:
    with laptop(tmp_path / "a.sendadvisor", "alice") as a:
        gone = add_case(a, "Sam Smith")
        sync.sync(a, register.dsn("alice"))
        a.delete_case(gone)
        sync.sync(a, register.dsn("alice"))
    [tombstone] = [r["uuid"] for r in register.rows("case") if r["erased"]]
    audit = register.rows("audit")[0]["uuid"]
    with psycopg.connect(register.dsn("alice"), autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="stays erased"):
            conn.execute(
                "UPDATE sendadvisor.records SET erased = false, data = '{}'::jsonb WHERE uuid = %s",
                [tombstone],
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="audit entry"):
            conn.execute(
                'UPDATE sendadvisor.records SET data = \'{"detail": ""}\'::jsonb WHERE uuid = %s',
                [audit],
            )
    assert next(r for r in register.rows("case") if r["uuid"] == tombstone)["erased"]
