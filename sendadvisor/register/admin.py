"""Setting up a register: its schema (`register init`), its services and its advisers' roles.

These run as a database role that may create schemas and roles (the service's DBA), never as an
adviser. Passwords are not handled here: the DBA sets one with psql's `\\password ROLE` (which
sends it hashed), or uses the server's own login methods (certificates, Kerberos, peer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import psycopg
from psycopg import sql

from sendadvisor.i18n import _
from sendadvisor.register import schema, server
from sendadvisor.register.errors import Refused, RegisterError

_SERVICE_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
# A role name sendadvisor creates: plain lower-case words, so it needs no quoting anywhere.
_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


@dataclass(frozen=True)
class InitResult:
    applied: list[str]  # migrations applied now (empty: already up to date)
    known: tuple[str, ...]


def init(dsn: str, *, upto: str | None = None) -> InitResult:
    """Create or upgrade the register's schema at `dsn`. Idempotent."""
    with server.connect(dsn, autocommit=True) as conn:
        try:
            existing = schema.applied_migrations(conn)
            newer = [name for name in existing or [] if name not in schema.known_migrations()]
            if newer:
                raise Refused(
                    _(
                        "the register at {where} was set up by a newer sendadvisor (it has "
                        "{step}): use that version to upgrade it"
                    ).format(where=server.describe(dsn), step=newer[-1])
                )
            return InitResult(schema.migrate(conn, upto=upto), schema.known_migrations())
        except psycopg.Error as error:
            raise server.translate(error, dsn) from None


def add_service(dsn: str, service_id: str, name: str) -> None:
    """Add a service to the register (or rename it)."""
    if not _SERVICE_ID.fullmatch(service_id):
        raise Refused(
            _(
                "{service!r} cannot be a service id: use up to 40 lower-case letters, digits, "
                "- and _ (e.g. dorset-sendiass)"
            ).format(service=service_id)
        )
    with _admin(dsn) as conn:
        try:
            conn.execute(
                "INSERT INTO sendadvisor.services (id, name) VALUES (%s, %s) "
                "ON CONFLICT (id) DO UPDATE SET name = excluded.name",
                [service_id, name.strip() or service_id],
            )
        except psycopg.Error as error:
            raise server.translate(error, dsn) from None


def add_adviser(dsn: str, role: str, service_id: str) -> bool:
    """Bind the database role `role` to a service as an adviser, creating it (LOGIN, no
    password) if it does not exist. Returns whether the role was created."""
    if not _ROLE_NAME.fullmatch(role):
        raise Refused(
            _(
                "{role!r} cannot be an adviser's role: use lower-case letters, digits and _ "
                "(e.g. alex_smith)"
            ).format(role=role)
        )
    with _admin(dsn) as conn:
        try:
            with conn.transaction():
                if not conn.execute(
                    "SELECT 1 FROM sendadvisor.services WHERE id = %s", [service_id]
                ).fetchone():
                    raise Refused(
                        _(
                            "there is no service {service!r} in the register: add it first "
                            "with 'sendadvisor register add-service'"
                        ).format(service=service_id)
                    )
                exists = conn.execute(
                    "SELECT 1 FROM pg_roles WHERE rolname = %s", [role]
                ).fetchone()
                if not exists:
                    conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
                conn.execute(
                    sql.SQL("GRANT {} TO {}").format(
                        sql.Identifier(schema.ADVISER_GROUP), sql.Identifier(role)
                    )
                )
                conn.execute(
                    "INSERT INTO sendadvisor.advisers (role_name, service_id) VALUES (%s, %s) "
                    "ON CONFLICT (role_name) DO UPDATE SET service_id = excluded.service_id",
                    [role, service_id],
                )
            return not exists
        except psycopg.Error as error:
            raise server.translate(error, dsn) from None


def _admin(dsn: str) -> psycopg.Connection:
    """A connection to a register that `register init` has brought up to date."""
    conn = server.connect(dsn, autocommit=True)
    try:
        applied = schema.applied_migrations(conn)
    except psycopg.Error as error:
        conn.close()
        raise server.translate(error, dsn) from None
    if applied is None or set(schema.known_migrations()) - set(applied):
        conn.close()
        raise RegisterError(
            _(
                "the register at {where} is not set up for this version: run "
                "'sendadvisor register init' first"
            ).format(where=server.describe(dsn))
        )
    return conn
