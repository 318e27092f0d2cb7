"""A real PostgreSQL for the register's tests: one throwaway cluster for the session (a Unix
socket in a temporary folder, nothing on the network), and a fresh register database per test.

Without the server binaries the tests are skipped, unless SENDADVISOR_REQUIRE_POSTGRES=1 (as
.ci/run sets), when they fail instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from register_helpers import Register
from throwaway_cluster import Cluster, find_bindir

from sendadvisor.register import admin


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    bindir = find_bindir()
    if bindir is None:
        message = "PostgreSQL's server binaries (initdb, pg_ctl, postgres) are not installed"
        if os.environ.get("SENDADVISOR_REQUIRE_POSTGRES") == "1":
            pytest.fail(message + ", and SENDADVISOR_REQUIRE_POSTGRES=1 asks for them")
        pytest.skip(message)
    started = Cluster(bindir)
    try:
        yield started
    finally:
        started.destroy()


@pytest.fixture
def register(cluster: Cluster) -> Register:
    """A register set up as a DBA would: services north and south; alice and bob advise north,
    carol south."""
    if not cluster.running():
        cluster.start()  # a test that stopped the server and failed before starting it again
    name = f"register_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    setup = Register(cluster, name)
    admin.init(setup.admin_dsn)
    admin.add_service(setup.admin_dsn, "north", "North SENDIASS")
    admin.add_service(setup.admin_dsn, "south", "South SENDIASS")
    for role, service in (("alice", "north"), ("bob", "north"), ("carol", "south")):
        admin.add_adviser(setup.admin_dsn, role, service)
    return setup
