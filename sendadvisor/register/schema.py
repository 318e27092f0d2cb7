"""The register's tables in PostgreSQL, built by named, ordered migrations (one transaction each).

Never edit or reorder a released migration: add one. `sendadvisor.migrations` records those
applied; a register naming a step this version does not know was set up by a newer sendadvisor,
and sync refuses it rather than guess.

Everything lives in the schema `sendadvisor`. Advisers are database roles in the group role
`sendadvisor_adviser`; `sendadvisor.advisers` binds each to one service, and row-level security
lets a role read and write only its own service's records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import psycopg

SCHEMA = "sendadvisor"
ADVISER_GROUP = "sendadvisor_adviser"
# Any constant: `register init` holds this transaction-level advisory lock while it migrates, so
# two inits at once take turns instead of racing.
_MIGRATION_LOCK = 0x53454E44

Step = Callable[[psycopg.Connection], None]


@dataclass(frozen=True)
class Migration:
    name: str
    step: Step


def _records(conn: psycopg.Connection) -> None:
    """Services, their advisers, and every synced record (case, note, letter, audit entry)."""
    conn.execute(
        f"""
        DO $$ BEGIN
          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ADVISER_GROUP}') THEN
            CREATE ROLE {ADVISER_GROUP} NOLOGIN;
          END IF;
        END $$;

        CREATE TABLE sendadvisor.services (
          id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{{0,39}}$'),
          name text NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now()
        );

        -- Which service each adviser's database role works for.
        CREATE TABLE sendadvisor.advisers (
          role_name text PRIMARY KEY,
          service_id text NOT NULL REFERENCES sendadvisor.services (id),
          created_at timestamptz NOT NULL DEFAULT now()
        );

        -- The service of the role running the query (NULL for a role that is no adviser).
        CREATE FUNCTION sendadvisor.my_service() RETURNS text
          LANGUAGE sql STABLE
          SET search_path = pg_catalog, pg_temp
          AS $f$ SELECT service_id FROM sendadvisor.advisers WHERE role_name = current_user $f$;

        -- One row per synced record, keyed by the UUID the laptop gave it. `version` counts the
        -- changes the register accepted; `written_in` is the writing transaction, so a laptop
        -- pulls what changed since the last snapshot it saw (see sendadvisor/register/sync.py).
        -- An erased record keeps only its key (a tombstone): data is NULL.
        CREATE TABLE sendadvisor.records (
          uuid uuid PRIMARY KEY,
          service_id text NOT NULL REFERENCES sendadvisor.services (id),
          kind text NOT NULL CHECK (kind IN ('case', 'note', 'letter', 'audit')),
          case_uuid uuid,
          version bigint NOT NULL CHECK (version > 0),
          changed_at timestamptz NOT NULL,
          adviser text NOT NULL,
          device uuid NOT NULL,
          erased boolean NOT NULL DEFAULT false,
          data jsonb,
          written_in xid8 NOT NULL,
          CHECK (erased = (data IS NULL))
        );
        CREATE INDEX records_to_pull ON sendadvisor.records (service_id, written_in);

        -- The register, not the laptop, says who wrote a record, when, and for which service.
        CREATE FUNCTION sendadvisor.stamp_record() RETURNS trigger
          LANGUAGE plpgsql
          SET search_path = pg_catalog, pg_temp
          AS $f$
          BEGIN
            NEW.written_in := pg_current_xact_id();
            NEW.adviser := current_user;
            IF TG_OP = 'INSERT' THEN
              NEW.service_id := coalesce(NEW.service_id, sendadvisor.my_service());
            ELSIF NEW.service_id IS DISTINCT FROM OLD.service_id OR NEW.kind <> OLD.kind THEN
              RAISE EXCEPTION 'a record cannot move to another service or kind';
            END IF;
            RETURN NEW;
          END $f$;
        CREATE TRIGGER stamp_record BEFORE INSERT OR UPDATE ON sendadvisor.records
          FOR EACH ROW EXECUTE FUNCTION sendadvisor.stamp_record();

        -- Row-level security: an adviser sees and writes only their own service's rows. The
        -- owner (who ran register init) is not subject to it, for backups and administration.
        ALTER TABLE sendadvisor.records ENABLE ROW LEVEL SECURITY;
        CREATE POLICY same_service ON sendadvisor.records
          USING (service_id = (SELECT sendadvisor.my_service()))
          WITH CHECK (service_id = (SELECT sendadvisor.my_service()));
        ALTER TABLE sendadvisor.advisers ENABLE ROW LEVEL SECURITY;
        CREATE POLICY own_row ON sendadvisor.advisers USING (role_name = current_user);
        ALTER TABLE sendadvisor.services ENABLE ROW LEVEL SECURITY;
        CREATE POLICY own_service ON sendadvisor.services
          USING (id = (SELECT sendadvisor.my_service()));

        GRANT USAGE ON SCHEMA sendadvisor TO {ADVISER_GROUP};
        GRANT SELECT ON sendadvisor.migrations, sendadvisor.services, sendadvisor.advisers
          TO {ADVISER_GROUP};
        -- No DELETE: an erasure leaves a tombstone, so every laptop learns of it.
        GRANT SELECT, INSERT, UPDATE ON sendadvisor.records TO {ADVISER_GROUP};
        GRANT EXECUTE ON FUNCTION sendadvisor.my_service() TO {ADVISER_GROUP};
        """  # noqa: S608 - constants only
    )


def _records_by_case(conn: psycopg.Connection) -> None:
    """Erasing a family finds its notes and letters through an index, not a scan of them all."""
    conn.execute(
        "CREATE INDEX records_by_case ON sendadvisor.records (case_uuid) WHERE kind <> 'case'"
    )


def _history_stays(conn: psycopg.Connection) -> None:
    """An audit entry and an erasure's tombstone are final: no UPDATE may change them (a
    tombstone changed back would bring an erased family back to every laptop)."""
    conn.execute(
        """
        CREATE FUNCTION sendadvisor.history_stays() RETURNS trigger
          LANGUAGE plpgsql
          SET search_path = pg_catalog, pg_temp
          AS $f$
          BEGIN
            IF OLD.erased THEN
              RAISE EXCEPTION 'an erased record stays erased' USING ERRCODE = '42501';
            ELSIF OLD.kind = 'audit' THEN
              RAISE EXCEPTION 'an audit entry cannot be changed' USING ERRCODE = '42501';
            END IF;
            RETURN NEW;
          END $f$;
        CREATE TRIGGER history_stays BEFORE UPDATE ON sendadvisor.records
          FOR EACH ROW EXECUTE FUNCTION sendadvisor.history_stays();
        """
    )


MIGRATIONS = (
    Migration("0001_records", _records),
    Migration("0002_records_by_case", _records_by_case),
    Migration("0003_history_stays", _history_stays),
)


def known_migrations() -> tuple[str, ...]:
    return tuple(m.name for m in MIGRATIONS)


def applied_migrations(conn: psycopg.Connection) -> list[str] | None:
    """Names of the migrations applied to this register, or None when it has never been set up."""
    found = conn.execute("SELECT to_regclass('sendadvisor.migrations') IS NOT NULL").fetchone()
    if not found or not found[0]:
        return None
    return [row[0] for row in conn.execute("SELECT name FROM sendadvisor.migrations ORDER BY name")]


def migrate(conn: psycopg.Connection, *, upto: str | None = None) -> list[str]:
    """Apply every pending migration (or those up to `upto`, for tests), each in its own
    transaction; returns the names applied. The connection must be in autocommit mode."""
    applied_now: list[str] = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", [_MIGRATION_LOCK])
        conn.execute("CREATE SCHEMA IF NOT EXISTS sendadvisor")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS sendadvisor.migrations "
            "(name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
        )
    for migration in MIGRATIONS:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", [_MIGRATION_LOCK])
            done = conn.execute(
                "SELECT 1 FROM sendadvisor.migrations WHERE name = %s", [migration.name]
            ).fetchone()
            if not done:
                migration.step(conn)
                conn.execute(
                    "INSERT INTO sendadvisor.migrations (name) VALUES (%s)", [migration.name]
                )
                applied_now.append(migration.name)
        if migration.name == upto:
            break
    return applied_now
