"""A throwaway PostgreSQL + PostGIS cluster for the tests and benchmarks (DESIGN.md §4).

``initdb`` runs as the ``postgres`` user when we are root (PostgreSQL refuses to run as
root), the server listens on 127.0.0.1 only, on a free port, with its socket in a private
temporary directory, and :meth:`PgCluster.stop` removes everything. Each test gets a fresh
database cloned from a template that already has the ``postgis`` extension.

Pytest plugin (registered from ``tests/conftest.py``): the session fixture ``postgis_cluster``
starts one cluster for the whole run, and ``postgis_url`` gives each test a new empty
database. When the cluster cannot be started (no PostgreSQL or PostGIS packages, no
``postgres`` user) the PostGIS tests are skipped with the reason and how to enable them,
unless ``FRONTLINE_REQUIRE_POSTGIS=1`` (CI), which turns that into a failure.
``FRONTLINE_TEST_PG_URL=postgresql://user@host:port/db`` uses an existing server instead
(the user must be allowed to create databases; PostGIS must be installed there).
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REQUIRE_ENV = "FRONTLINE_REQUIRE_POSTGIS"
EXTERNAL_ENV = "FRONTLINE_TEST_PG_URL"
TEMPLATE_DB = "frontline_template"
START_TIMEOUT_S = 60
HOW_TO_ENABLE = ("install Debian's PostgreSQL and PostGIS (`make setup` does it when run as "
                 "root: apt-get install postgresql postgis), or point FRONTLINE_TEST_PG_URL at "
                 "a server")


class ClusterUnavailable(RuntimeError):
    """This machine cannot run a throwaway PostGIS cluster (the reason says why)."""


def _version_key(path: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", path))


def find_bindir() -> Path:
    """The bin directory of the newest PostgreSQL that has PostGIS installed beside it."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key,
                        reverse=True)
    without_postgis = []
    for initdb in candidates:
        version = Path(initdb).parent.parent.name
        if glob.glob(f"/usr/share/postgresql/{version}/extension/postgis.control"):
            return Path(initdb).parent
        without_postgis.append(version)
    if without_postgis:
        raise ClusterUnavailable(f"PostgreSQL {', '.join(without_postgis)} is installed but "
                                 "PostGIS is not")
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    raise ClusterUnavailable("PostgreSQL is not installed (no initdb)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PgCluster:
    """One private PostgreSQL server: ``start()``, ``new_database()``, ``stop()``."""

    def __init__(self, *, durable: bool = False) -> None:
        self.durable = durable
        self.root: Path | None = None
        self.port = 0
        self.bindir: Path | None = None
        self._as_postgres = os.geteuid() == 0
        self._user = "postgres" if self._as_postgres else pwd.getpwuid(os.geteuid()).pw_name
        self._counter = itertools.count(1)
        self._running = False

    # -- running commands as the cluster owner --------------------------------------------

    def _run(self, *args: str, timeout: float = START_TIMEOUT_S) -> str:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              cwd="/", stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            raise ClusterUnavailable(f"{args[0]} failed ({done.returncode}): "
                                     f"{(done.stderr or done.stdout).strip()[-800:]}")
        return done.stdout

    def start(self) -> PgCluster:
        """initdb, start on a free loopback port, create the PostGIS template database."""
        self.bindir = find_bindir()
        if self._as_postgres:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise ClusterUnavailable("no 'postgres' user to run the server as") from exc
            if not shutil.which("runuser"):
                raise ClusterUnavailable("runuser is missing (util-linux)")
        started = time.monotonic()
        self.root = Path(tempfile.mkdtemp(prefix="frontline-pg-"))
        if self._as_postgres:
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
        data, sockets = self.root / "data", self.root / "sock"
        try:
            self._run("initdb", "-D", str(data), "-U", self._user, "-A", "trust", "-E", "UTF8",
                      "--locale=C", "--no-sync", "--no-instructions")
            sockets.mkdir(mode=0o700)
            if self._as_postgres:
                os.chown(sockets, owner.pw_uid, owner.pw_gid)
            settings = ["-c listen_addresses=127.0.0.1", f"-c unix_socket_directories={sockets}",
                        "-c max_connections=200", "-c shared_buffers=128MB"]
            if not self.durable:  # a throwaway test cluster: nothing needs to survive a crash
                settings += ["-c fsync=off", "-c synchronous_commit=off",
                             "-c full_page_writes=off"]
            last_error: ClusterUnavailable | None = None
            for _attempt in range(3):  # a free port can be taken between probe and bind
                self.port = free_port()
                try:
                    self._run("pg_ctl", "-D", str(data), "-l", str(self.root / "server.log"),
                              "-w", "-t", str(START_TIMEOUT_S), "-o",
                              " ".join([f"-p {self.port}", *settings]), "start",
                              timeout=START_TIMEOUT_S + 10)
                    self._running = True
                    break
                except ClusterUnavailable as exc:
                    last_error = exc
            if not self._running:
                log_text = (self.root / "server.log").read_text(errors="replace")[-800:] \
                    if (self.root / "server.log").exists() else ""
                raise ClusterUnavailable(f"{last_error}; server log: {log_text}")
            atexit.register(self.stop)
            self._sql("postgres", f"CREATE DATABASE {TEMPLATE_DB}")
            self._sql(TEMPLATE_DB, "CREATE EXTENSION postgis")
        except BaseException:
            self.stop()
            raise
        self.startup_s = time.monotonic() - started
        return self

    def _sql(self, database: str, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True, connect_timeout=10) as conn:
            conn.execute(statement)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self._user}@127.0.0.1:{self.port}/{database}"

    def new_database(self, prefix: str = "t") -> str:
        """A fresh database with PostGIS (a clone of the template); its URL."""
        name = f"{prefix}_{os.getpid()}_{next(self._counter)}"
        self._sql("postgres", f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DB}")
        return self.url(name)

    def stop(self) -> None:
        """Stop the server (fast shutdown) and remove its files. Safe to call twice."""
        if self._running and self.root is not None:
            self._running = False
            try:
                self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "fast", "-w", "-t",
                          "30", "stop", timeout=40)
            except (ClusterUnavailable, subprocess.TimeoutExpired):
                self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "stop",
                          timeout=20)
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None


class ExternalServer:
    """``FRONTLINE_TEST_PG_URL``: databases are created on an existing server."""

    def __init__(self, url: str) -> None:
        self.base = url
        self._counter = itertools.count(1)
        self.startup_s = 0.0

    def _admin(self, statement: str, database: str | None = None) -> None:
        import psycopg

        url = self.base if database is None else self.base.rsplit("/", 1)[0] + "/" + database
        with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
            conn.execute(statement)

    def url(self, database: str = "postgres") -> str:
        return self.base.rsplit("/", 1)[0] + "/" + database

    def new_database(self, prefix: str = "t") -> str:
        name = f"frontline_{prefix}_{os.getpid()}_{next(self._counter)}"
        self._admin(f"CREATE DATABASE {name}")
        self._admin("CREATE EXTENSION IF NOT EXISTS postgis", name)
        return self.base.rsplit("/", 1)[0] + "/" + name

    def stop(self) -> None:
        """Databases made here are left for the server's owner to drop."""


def start_cluster(*, durable: bool = False) -> PgCluster | ExternalServer:
    """A running cluster (or the external server); raises ClusterUnavailable."""
    external = os.environ.get(EXTERNAL_ENV)
    if external:
        return ExternalServer(external)
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise ClusterUnavailable("psycopg is not installed") from exc
    return PgCluster(durable=durable).start()


def unavailable(reason: str) -> None:
    """Skip (or, with FRONTLINE_REQUIRE_POSTGIS=1, fail) a test that needs PostGIS."""
    message = f"PostGIS tests need a PostgreSQL server: {reason}. Enable them: {HOW_TO_ENABLE}."
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{message} ({REQUIRE_ENV}=1: they must run here)", pytrace=False)
    pytest.skip(message)


_failure: list[str] = []


@pytest.fixture(scope="session")
def postgis_cluster() -> Iterator[PgCluster | ExternalServer]:
    """One throwaway PostGIS cluster for the session (skips or fails when impossible)."""
    if _failure:
        unavailable(_failure[0])
    try:
        cluster = start_cluster()
    except (ClusterUnavailable, OSError, subprocess.SubprocessError) as exc:
        _failure.append(str(exc))
        unavailable(str(exc))
    yield cluster
    cluster.stop()


@pytest.fixture
def postgis_url(postgis_cluster) -> str:
    """URL of a fresh, empty database with PostGIS, for one test."""
    return postgis_cluster.new_database()


STORE_KINDS = ("gpkg", "postgis")


def make_store(kind: str, request: pytest.FixtureRequest, tmp_path: Path):
    """An empty store of ``kind`` ("gpkg" or "postgis") for one test."""
    from geo.store import GeoPackageStore, open_store

    if kind == "gpkg":
        return GeoPackageStore(tmp_path / "s.gpkg", create=True)
    return open_store(request.getfixturevalue("postgis_url"), create=True)


@pytest.fixture(params=STORE_KINDS)
def any_store(request, tmp_path):
    """An empty store, once as a GeoPackage and once in PostGIS (same tests for both)."""
    with make_store(request.param, request, tmp_path) as store:
        yield store


OLD_STORE_DUMP = Path(__file__).parent / "data" / "stores" / "v2-postgis.sql"


def load_dump(url: str, dump: Path = OLD_STORE_DUMP) -> None:
    """Fill an empty database from a ``pg_dump`` file (by default the previous release's
    PostGIS store, tests/data/stores/v2-postgis.sql)."""
    psql = shutil.which("psql") or str(find_bindir() / "psql")
    subprocess.run([psql, "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", str(dump)],
                   check=True, capture_output=True, timeout=60)
