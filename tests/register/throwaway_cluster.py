"""A throwaway PostgreSQL cluster for the register's tests and benchmarks: initdb and pg_ctl on a
temporary folder, listening on a Unix socket in that folder only (never on any network address).

Run as root, the server runs as the unprivileged `postgres` user (initdb refuses root). The
binaries are found through `SENDADVISOR_PG_BINDIR`, `pg_config --bindir`, or
`/usr/lib/postgresql/*/bin` (the newest).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

PORT = 5432  # only names the socket file (.s.PGSQL.5432) in our own folder: no TCP at all
SUPERUSER = "postgres"


def find_bindir() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres, or None when PostgreSQL is not installed."""
    candidates: list[str] = []
    if os.environ.get("SENDADVISOR_PG_BINDIR"):
        candidates.append(os.environ["SENDADVISOR_PG_BINDIR"])
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            done = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True
            )
            candidates.append(done.stdout.strip())

    def version(folder: str) -> float:
        with contextlib.suppress(ValueError):
            return float(Path(folder).parent.name)
        return 0.0

    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)
    for folder in candidates:
        if all((Path(folder) / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(folder)
    return None


class Cluster:
    """One running throwaway server; `dsn(dbname, user)` connects to it through its socket."""

    def __init__(self, bindir: Path, *, durable: bool = False) -> None:
        self.bindir = bindir
        # A short path: a Unix socket's path must fit in about 100 bytes.
        self.folder = Path(tempfile.mkdtemp(prefix="sa-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self._run_as: list[str] = []
        if os.geteuid() == 0:
            account = _unprivileged_account()
            entry = pwd.getpwnam(account)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
            self._run_as = ["runuser", "-u", account, "--"]
        self._initdb()
        settings = [
            "-k",
            str(self.folder),
            "-c",
            "listen_addresses=",  # the socket only
            "-p",
            str(PORT),
            "-c",
            "max_connections=200",
        ]
        if not durable:
            # Tests only: nothing here must survive a power cut, and fsync makes them slow.
            settings += ["-c", "fsync=off", "-c", "synchronous_commit=off"]
        self._options = " ".join(settings)
        self.start()

    def _initdb(self) -> None:
        self._tool(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--auth=trust",  # the socket is in a private folder; roles are what the tests check
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )

    def _tool(self, name: str, *args: str) -> None:
        done = subprocess.run(
            [*self._run_as, str(self.bindir / name), *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{name} failed: {done.stdout}{done.stderr}")

    def start(self) -> None:
        self._tool(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", self._options, "-w", "start"
        )

    def stop(self) -> None:
        self._tool("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def dsn(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        return f"host={self.folder} port={PORT} dbname={dbname} user={user}"

    def destroy(self) -> None:
        with contextlib.suppress(RuntimeError, subprocess.SubprocessError):
            if self.running():
                self._tool("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def _unprivileged_account() -> str:
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise RuntimeError("no unprivileged account (postgres or nobody) to run PostgreSQL as")
