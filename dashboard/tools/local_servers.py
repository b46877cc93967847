"""Throwaway PostgreSQL and Redis servers on loopback, for tests and benchmarks."""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.abc import ConnParam
from psycopg.conninfo import make_conninfo
from sqlalchemy.engine import URL, make_url

START_TIMEOUT = 30.0
HOST = "127.0.0.1"
SUPERUSER = "postgres"
SYSTEM_USER = "postgres"
INSTALL_HINT = (
    "install the server with `sudo apt-get install postgresql` (scripts/test does this), "
    "or point TEST_POSTGRES_URL at an existing server"
)
_SERVER_BINARIES = ("initdb", "pg_ctl", "postgres")


class PostgresNotFoundError(RuntimeError):
    """No PostgreSQL server binaries on this machine (the client library alone is not enough)."""


def _version_key(bindir: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", Path(bindir).parent.name))


def _has_server_binaries(bindir: Path) -> bool:
    return all(os.access(bindir / name, os.X_OK) for name in _SERVER_BINARIES)


def find_bindir() -> Path:
    """Locate initdb/pg_ctl/postgres: `pg_config --bindir`, else the newest Debian install."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=True, timeout=10
            ).stdout.strip()
            if out:
                candidates.append(Path(out))
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)
    candidates.extend(Path(d) for d in dirs)
    for bindir in candidates:
        if _has_server_binaries(bindir):
            return bindir
    raise PostgresNotFoundError(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found via `pg_config --bindir` "
        f"or /usr/lib/postgresql/*/bin; {INSTALL_HINT}"
    )


def free_port(host: str = HOST) -> int:
    """An unused TCP port on `host` (loopback by default), asked of the kernel and released.

    The one free-port helper of the project (local servers, scripts, tests). There is a tiny
    race until the caller binds it (PostgresServer.start() retries); nothing listens on it
    meanwhile, so it also serves as "a port where nobody answers".
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _system_user() -> pwd.struct_passwd:
    """PostgreSQL refuses to run as root, so as root we run it as the `postgres` account."""
    try:
        return pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", SYSTEM_USER], check=True, capture_output=True)
        return pwd.getpwnam(SYSTEM_USER)


def _world_traversable(path: Path) -> bool:
    return all(os.stat(p).st_mode & 0o001 for p in [path, *path.parents])


def _clean_env() -> dict[str, str]:
    """Drop PG* variables so a developer's shell settings cannot redirect our server."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PG")}


class PostgresServer:
    """A PostgreSQL server for tests and benchmarks: started privately, or an existing one.

    With ``existing_url`` (e.g. from TEST_POSTGRES_URL) nothing is started or stopped;
    databases are still created and dropped on that server.
    """

    def __init__(
        self, existing_url: str | None = None, bindir: Path | None = None, durable: bool = False
    ) -> None:
        self.existing_url = existing_url
        self.bindir = bindir
        # Throwaway servers skip fsync and wait for no WAL flush at commit (fast, and fine while
        # the server is never crashed). A server a fault test crashes keeps PostgreSQL's durable
        # defaults, as production does: with them off a crash loses acknowledged commits.
        self.durable = durable
        self.port: int | None = None
        self.base_dir: Path | None = None
        self.startup_seconds: float | None = None
        self._base_url: URL | None = make_url(existing_url) if existing_url else None
        self._running = False
        self._as_root = False

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> PostgresServer:
        """Start the server (idempotent) and wait until it accepts TCP connections."""
        if self._running:
            return self
        began = time.monotonic()
        if self._base_url is not None:
            self._wait_until_accepting(time.monotonic() + START_TIMEOUT)
        else:
            self._start_private()
        self._running = True
        self.startup_seconds = time.monotonic() - began
        return self

    def stop(self) -> None:
        """Fast shutdown of a server we started, and removal of its data directory."""
        atexit.unregister(self.stop)
        self._running = False
        if self.base_dir is None:
            return
        data = self.base_dir / "data"
        if (data / "postmaster.pid").exists():
            stopped = self._pg_ctl("stop", "-m", "fast", "-w", "-t", "30", check=False)
            if stopped.returncode != 0:
                self._pg_ctl("stop", "-m", "immediate", "-w", "-t", "10", check=False)
        shutil.rmtree(self.base_dir, ignore_errors=True)
        self.base_dir = None

    def padamkan(self) -> None:
        """Stop a server we started as a crash would (immediate mode), keeping its data.

        Fault tests use this for a database outage; `nyalakan` brings it back on the same port.
        """
        if self.base_dir is None:
            raise RuntimeError("only a server started here can be stopped and restarted")
        self._pg_ctl("stop", "-m", "immediate", "-w", "-t", "30")

    def nyalakan(self) -> None:
        """Start a server stopped by `padamkan` again on the same port; wait until it accepts."""
        assert self.base_dir is not None and self.port is not None
        self._pg_ctl(
            "start", "-w", "-t", str(int(START_TIMEOUT)),
            "-l", str(self.base_dir / "server.log"), "-o", f"-p {self.port}",
        )  # fmt: skip
        self._wait_until_accepting(time.monotonic() + START_TIMEOUT)

    # -- databases -------------------------------------------------------------------------

    def url(self, dbname: str) -> str:
        """SQLAlchemy URL (psycopg 3 driver) of database ``dbname`` on this server."""
        url = self._require_url().set(drivername="postgresql+psycopg", database=dbname)
        return url.render_as_string(hide_password=False)

    def create_database(self, name: str) -> str:
        """Create a fresh, empty database and return its SQLAlchemy URL."""
        with self._admin_connection() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop a database even if a test left connections open (e.g. an engine's pool)."""
        ident = sql.Identifier(name)
        with self._admin_connection() as conn:
            try:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(ident))
            except psycopg.errors.SyntaxError:  # server older than 13: no WITH (FORCE)
                conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = %s AND pid <> pg_backend_pid()",
                    (name,),
                )
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(ident))

    def log_tail(self, max_chars: int = 4000) -> str:
        """End of the server log, for error messages."""
        if self.base_dir is None:
            return "(no server log: server was not started here)"
        try:
            return (self.base_dir / "server.log").read_text(errors="replace")[-max_chars:]
        except OSError as exc:
            return f"(server log unreadable: {exc})"

    # -- internals -------------------------------------------------------------------------

    def _require_url(self) -> URL:
        if self._base_url is None:
            raise RuntimeError("PostgresServer is not started")
        return self._base_url

    def _conninfo(self) -> str:
        url = self._require_url()
        args: dict[str, ConnParam] = url.translate_connect_args(username="user", database="dbname")
        args.setdefault("dbname", "postgres")
        args.update({k: v for k, v in url.query.items() if isinstance(v, str)})
        return make_conninfo("", **args)

    def _admin_connection(self) -> psycopg.Connection:
        return psycopg.connect(self._conninfo(), autocommit=True, connect_timeout=10)

    def _wait_until_accepting(self, deadline: float) -> None:
        while True:
            try:
                with psycopg.connect(self._conninfo(), connect_timeout=2) as conn:
                    conn.execute("SELECT 1")
                return
            except psycopg.OperationalError as exc:
                if time.monotonic() >= deadline:
                    raise RuntimeError(
                        f"PostgreSQL at {self._require_url()!r} did not accept connections "
                        f"within {START_TIMEOUT:.0f} s: {exc}\n--- server log ---\n"
                        f"{self.log_tail()}"
                    ) from exc
                time.sleep(0.1)

    def _run(self, *cmd: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
        argv = [str(c) for c in cmd]
        if self._as_root:
            argv = ["runuser", "-u", SYSTEM_USER, "--", *argv]
        result = subprocess.run(
            argv,
            cwd=self.base_dir,
            env=_clean_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if check and result.returncode != 0:
            raise RuntimeError(
                f"command failed ({result.returncode}): {' '.join(argv)}\n"
                f"{result.stdout}{result.stderr}\n--- server log ---\n{self.log_tail()}"
            )
        return result

    def _pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        assert self.bindir is not None and self.base_dir is not None
        return self._run(self.bindir / "pg_ctl", "-D", self.base_dir / "data", *args, check=check)

    def _make_base_dir(self) -> Path:
        parent = Path(tempfile.gettempdir())
        if self._as_root and not _world_traversable(parent):
            parent = Path("/tmp")  # the postgres user must be able to reach the directory
        base = Path(tempfile.mkdtemp(prefix="kendali-pg-", dir=parent))
        (base / "socket").mkdir()
        if self._as_root:
            user = _system_user()
            for path in (base, base / "socket"):
                os.chown(path, user.pw_uid, user.pw_gid)
        return base

    def _start_private(self) -> None:
        self.bindir = self.bindir or find_bindir()
        self._as_root = os.geteuid() == 0
        self.base_dir = self._make_base_dir()
        atexit.register(self.stop)  # also clean up if the session dies before teardown
        try:
            self._initdb()
            self._launch()
        except BaseException:
            self.stop()
            raise

    def _initdb(self) -> None:
        assert self.bindir is not None and self.base_dir is not None
        locale = "C.UTF-8" if Path("/usr/lib/locale/C.utf8").is_dir() else "C"
        self._run(
            self.bindir / "initdb",
            "-D", self.base_dir / "data",
            "--username", SUPERUSER,
            "--auth", "trust",
            "--encoding", "UTF8",
            "--locale", locale,
            "--no-sync",
            "--no-instructions",
        )  # fmt: skip
        settings = {
            "listen_addresses": f"'{HOST}'",
            "unix_socket_directories": f"'{self.base_dir / 'socket'}'",
            "logging_collector": "off",
        }
        if not self.durable:
            settings |= {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
        with open(self.base_dir / "data" / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write("\n# throwaway server (dashboard/tools/local_servers.py)\n")
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())

    def _launch(self) -> None:
        assert self.base_dir is not None
        deadline = time.monotonic() + START_TIMEOUT
        for attempt in range(3):
            self.port = free_port()
            started = self._pg_ctl(
                "start", "-w", "-t", str(int(START_TIMEOUT)),
                "-l", str(self.base_dir / "server.log"),
                "-o", f"-p {self.port}",
                check=False,
            )  # fmt: skip
            if started.returncode == 0:
                break
            port_taken = "already in use" in self.log_tail()
            if not port_taken or attempt == 2:
                raise RuntimeError(
                    f"PostgreSQL failed to start (pg_ctl exit {started.returncode}):\n"
                    f"{started.stdout}{started.stderr}\n--- server log ---\n{self.log_tail()}"
                )
        self._base_url = URL.create(
            "postgresql+psycopg", username=SUPERUSER, host=HOST, port=self.port, database="postgres"
        )
        self._wait_until_accepting(deadline)


class RedisServer:
    """A private redis-server on a loopback port with no persistence, stopped by `stop()`."""

    def __init__(self, binary: str = "/usr/bin/redis-server") -> None:
        self.binary = shutil.which("redis-server") or binary
        self.port: int | None = None
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Redis URL of database 0, for CACHE_REDIS_URL."""
        return f"redis://{HOST}:{self.port}/0"

    @property
    def pid(self) -> int | None:
        """Process id of the running server (fault tests freeze it with SIGSTOP)."""
        return self._proc.pid if self._proc is not None else None

    @staticmethod
    def tersedia() -> bool:
        """Tell whether a redis-server binary is installed."""
        return os.access(shutil.which("redis-server") or "/usr/bin/redis-server", os.X_OK)

    def start(self) -> RedisServer:
        """Start the server (again on its old port after `stop`) and wait until it answers."""
        if not os.access(self.binary, os.X_OK):
            raise RuntimeError(
                "redis-server not found; install it with `apt-get install redis-server`"
            )
        self.port = self.port or free_port()
        self._proc = subprocess.Popen(
            [self.binary, "--bind", HOST, "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        atexit.register(self.stop)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection((HOST, self.port), 1) as s:
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"redis-server did not answer on {HOST}:{self.port}")

    def stop(self) -> None:
        """Terminate the server we started."""
        atexit.unregister(self.stop)
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            self._proc.wait(timeout=10)
        self._proc = None
