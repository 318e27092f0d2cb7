"""Connecting to the service register: the DSN policy (TLS, no password on the command line) and
libpq's failures turned into one sentence.

The only module (with the rest of `sendadvisor.register`) that imports psycopg.
"""

from __future__ import annotations

import ipaddress
import os
from typing import Any

import psycopg
from psycopg import conninfo, pq

from sendadvisor.i18n import _
from sendadvisor.register.errors import NeedsPassword, Refused, RegisterError, Unreachable

# Long enough for a slow link; short enough that a sync started without a network gives up
# quickly (the app keeps working offline meanwhile).
CONNECT_TIMEOUT_SECONDS = 5
APPLICATION_NAME = "sendadvisor"

# libpq's own words when the password is missing or wrong (English whatever the language).
_NO_PASSWORD = ("no password supplied", "password authentication")  # not for people
# Class 28 is "invalid authorization"; 42501 "insufficient privilege".
_REFUSAL_STATES = ("28", "42501", "3D000")


def _is_local(address: str) -> bool:
    """Whether an address is this computer: a Unix socket folder, an abstract socket, loopback."""
    address = address.strip()
    if not address or address.startswith(("/", "@")) or address.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def connection_settings(dsn: str) -> dict[str, Any]:
    """The libpq settings to connect with, after checking the DSN against the register's rules.

    Refused (RegisterError): a password in the DSN (it belongs in PGPASSWORD or ~/.pgpass, never
    on a command line); a pg_service entry (what it holds cannot be checked); a server that is
    not on this computer without `sslmode=verify-full`. Without an sslmode, a remote server gets
    verify-full.
    """
    try:
        given = conninfo.conninfo_to_dict(dsn)
    except psycopg.ProgrammingError as error:
        raise Refused(
            _("the register's DSN cannot be read: {problem}").format(problem=_first_line(error))
        ) from None
    if "password" in given:
        raise Refused(
            _(
                "the register's DSN holds a password: remove it and put the password in "
                "PGPASSWORD or ~/.pgpass (never on the command line)"
            )
        )
    # libpq fills what the DSN leaves out from the environment (PGHOST, PGSSLMODE, ...).
    from_environment = {
        option.keyword.decode(): os.environ[option.envvar.decode()]
        for option in pq.Conninfo.get_defaults()
        if option.envvar is not None and os.environ.get(option.envvar.decode())
    }
    effective = {**from_environment, **{k: str(v) for k, v in given.items()}}
    if effective.get("service"):
        raise Refused(
            _(
                "the register's DSN names a pg_service entry, which sendadvisor cannot check: "
                "give host, port, dbname and user instead"
            )
        )
    # libpq pairs the n-th host with the n-th hostaddr: a position is this computer only when
    # both its name (if any) and its address (if any) are; every position is checked.
    hosts = effective.get("host", "").split(",")
    addresses = effective.get("hostaddr", "").split(",")
    remote = []
    for index in range(max(len(hosts), len(addresses))):
        host = hosts[index].strip() if index < len(hosts) else ""
        address = addresses[index].strip() if index < len(addresses) else ""
        if not (_is_local(host) and (not address or _is_local(address))):
            remote.append(host if host and not _is_local(host) else address or host)
    settings: dict[str, Any] = dict(given)
    if remote:
        sslmode = effective.get("sslmode")
        if sslmode is None:
            settings["sslmode"] = "verify-full"
        elif sslmode != "verify-full":
            raise Refused(
                _(
                    "the register at {host} is not on this computer, so its connection must be "
                    "encrypted and its certificate checked: use sslmode=verify-full, not {sslmode}"
                ).format(host=remote[0], sslmode=sslmode)
            )
    settings.setdefault("connect_timeout", str(CONNECT_TIMEOUT_SECONDS))
    settings.setdefault("application_name", APPLICATION_NAME)
    return settings


def describe(dsn: str) -> str:
    """The register's address for messages: host (or socket folder), port and database."""
    try:
        given = conninfo.conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return _("the register")
    host = str(given.get("host") or given.get("hostaddr") or _("local socket"))
    port = f":{given['port']}" if given.get("port") else ""
    database = f"/{given['dbname']}" if given.get("dbname") else ""
    return f"{host}{port}{database}"


def connect(
    dsn: str, *, password: str | None = None, autocommit: bool = False
) -> psycopg.Connection:
    """A connection to the register, or RegisterError saying in one sentence why not.

    `password` is for the app, which may ask for it for the session; the command line never
    passes one (libpq reads PGPASSWORD and ~/.pgpass itself).
    """
    settings = connection_settings(dsn)
    if password:
        settings["password"] = password
    try:
        # No prepared statements: a pooler in transaction mode (PgBouncer) may give each
        # transaction another server connection, which would not know them.
        return psycopg.connect(**settings, autocommit=autocommit, prepare_threshold=None)
    except psycopg.Error as error:
        raise translate(error, dsn) from None


def translate(error: BaseException, dsn: str) -> RegisterError:
    """A psycopg failure as the adviser should read it."""
    if isinstance(error, RegisterError):
        return error
    where = describe(dsn)
    reason = _reason(error)
    state = getattr(error, "sqlstate", None) or ""
    lowered = reason.lower()
    if state.startswith(_REFUSAL_STATES) or any(
        word in lowered
        for word in ("password", "authentication", "certificate", "ssl", "permission", "role")
    ):
        message = _("the register at {where} refused the connection: {reason}").format(
            where=where, reason=reason
        )
        if any(words in lowered for words in _NO_PASSWORD):
            return NeedsPassword(message + _(" (the password comes from PGPASSWORD or ~/.pgpass)"))
        return Refused(message)
    if isinstance(error, psycopg.OperationalError):
        return Unreachable(
            _("the register at {where} cannot be reached: {reason}").format(
                where=where, reason=reason
            )
        )
    return RegisterError(
        _("the register at {where} failed: {reason}").format(where=where, reason=reason)
    )


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _reason(error: BaseException) -> str:
    """The useful part of libpq's message (it repeats 'connection to server ... failed:')."""
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    if not lines:
        return type(error).__name__
    first = lines[0]
    if "failed:" in first:
        first = first.rsplit("failed:", 1)[1].strip() or first
    return first.rstrip(".")
