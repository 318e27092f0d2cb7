"""The register's connection rules, without a server: TLS with a checked certificate off this
computer, and never a password in the DSN."""

from __future__ import annotations

import pytest

from sendadvisor.register.errors import Refused
from sendadvisor.register.server import connection_settings


@pytest.fixture(autouse=True)
def _no_libpq_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PGHOST", "PGHOSTADDR", "PGSSLMODE", "PGSERVICE", "PGPASSWORD"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    "dsn",
    [
        "host=/var/run/postgresql dbname=register",
        "host=localhost dbname=register sslmode=disable",
        "postgresql://alice@127.0.0.1:5433/register",
        "host=::1 dbname=register",
        "dbname=register",  # libpq's default: the local socket
    ],
)
def test_this_computer_needs_no_tls(dsn: str) -> None:
    assert "sslmode" not in connection_settings(dsn) or "disable" in dsn


def test_a_remote_register_gets_verify_full_by_default() -> None:
    settings = connection_settings("host=db.council.example dbname=register user=alice")
    assert settings["sslmode"] == "verify-full"
    assert settings["connect_timeout"] == "5"


@pytest.mark.parametrize(
    "dsn",
    [
        "host=db.council.example dbname=register sslmode=require",
        "postgresql://alice@10.0.0.5/register?sslmode=prefer",
        "host=localhost,db.council.example dbname=register sslmode=verify-ca",
        "host=localhost hostaddr=10.1.2.3 dbname=register sslmode=disable",
    ],
)
def test_a_remote_register_without_a_checked_certificate_is_refused(dsn: str) -> None:
    with pytest.raises(Refused, match="sslmode=verify-full"):
        connection_settings(dsn)


def test_the_environment_counts_as_much_as_the_dsn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGHOST", "db.council.example")
    monkeypatch.setenv("PGSSLMODE", "allow")
    with pytest.raises(Refused, match="not allow"):
        connection_settings("dbname=register")


@pytest.mark.parametrize(
    "dsn",
    ["host=/tmp dbname=register password=secret", "postgresql://alice:secret@localhost/register"],
)
def test_a_password_in_the_dsn_is_refused(dsn: str) -> None:
    with pytest.raises(Refused, match="PGPASSWORD or ~/.pgpass"):
        connection_settings(dsn)


def test_an_unreadable_dsn_is_refused_in_one_line() -> None:
    with pytest.raises(Refused, match="cannot be read"):
        connection_settings("host='unterminated")


@pytest.mark.parametrize(
    "dsn",
    [
        "hostaddr=127.0.0.1,10.0.0.5 dbname=register",  # no host: the second is remote
        "host=localhost,localhost hostaddr=127.0.0.1,10.0.0.5 dbname=register",
        "host=/tmp hostaddr=10.0.0.5 dbname=register",
        "host=db.council.example hostaddr=127.0.0.1 dbname=register",
    ],
)
def test_every_position_of_host_and_hostaddr_is_checked(dsn: str) -> None:
    assert connection_settings(dsn)["sslmode"] == "verify-full"
    with pytest.raises(Refused, match="sslmode=verify-full"):
        connection_settings(dsn + " sslmode=require")


@pytest.mark.parametrize(
    "dsn",
    ["hostaddr=127.0.0.1,::1 dbname=register", "host=localhost hostaddr=127.0.0.1 dbname=x"],
)
def test_loopback_addresses_need_no_tls(dsn: str) -> None:
    assert "sslmode" not in connection_settings(dsn)


@pytest.mark.parametrize(
    "said",
    [
        'connection to server on socket "/tmp/.s.PGSQL.5432" failed: fe_sendauth: no password '
        "supplied",
        'connection to server at "10.0.0.5", port 5432 failed: FATAL:  password authentication '
        'failed for user "alice"',
    ],
)
def test_a_missing_or_wrong_password_is_its_own_kind_of_refusal(said: str) -> None:
    import psycopg

    from sendadvisor.register.errors import NeedsPassword
    from sendadvisor.register.server import translate

    error = translate(psycopg.OperationalError(said), "host=/tmp dbname=register")
    assert isinstance(error, NeedsPassword) and isinstance(error, Refused)
    assert "PGPASSWORD or ~/.pgpass" in error.message


def test_other_refusals_are_no_password_question() -> None:
    import psycopg

    from sendadvisor.register.errors import NeedsPassword
    from sendadvisor.register.server import translate

    error = translate(
        psycopg.OperationalError('FATAL:  role "dave" does not exist'), "dbname=register"
    )
    assert isinstance(error, Refused) and not isinstance(error, NeedsPassword)
