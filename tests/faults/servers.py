"""Servers of a test's own, which it may stop and start: Redis, PostgreSQL, the portal
under gunicorn, a Celery worker and beat. Never the shared ones on 6379 and 5432.

Each runs as a child process on a free port of the loopback, logs into a file, and
is ended by ``stop()`` (the fixtures call it in a finalizer, so a failing test leaves
nothing behind). The benchmark ``bench/load.py`` uses them too.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float, interval: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            value = predicate()
            if value:
                return value
        time.sleep(interval)
    raise TimeoutError(f"{what} not met within {timeout:.0f} s")


def child_pids(pid: int) -> list[int]:
    """The children of a process, from Linux's own list (no procps needed)."""
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):  # the thread ended meanwhile
            children += [int(child) for child in (task / "children").read_text().split()]
    return children


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _end(process: subprocess.Popen | None, timeout: float = 20) -> None:
    """Stop a child and everything it started (it leads its own process group)."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class RedisServer:
    """``redis-server`` with no persistence: a restart loses what it held, as in tests."""

    def __init__(self, log_dir: Path):
        self.port = free_port()
        self.log_path = log_dir / "redis.log"
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--logfile", str(self.log_path)],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        wait_for(lambda: _port_open(self.port), 20, what=f"redis-server on {self.port}")
        return self

    def stop(self) -> None:
        _end(self.process)
        wait_for(lambda: not _port_open(self.port), 10, what="redis-server stopped")


class PostgresServer:
    """A PostgreSQL 15 cluster in a temporary directory, run as the ``postgres`` user
    (the machine's user is root, which PostgreSQL refuses)."""

    def __init__(self):
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="faults-pg-"))
        shutil.chown(self.directory, "postgres", "postgres")
        self.data = self.directory / "data"
        self.log_path = self.directory / "server.log"

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _as_postgres(self, *command: str) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *command],
            check=True, cwd=self.directory, capture_output=True, timeout=120,
        )  # fmt: skip

    def initdb(self) -> PostgresServer:
        self._as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
            "--no-sync", "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        return self

    def start(self) -> PostgresServer:
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log_path),
            "-o", options, "-w", "-t", "60", "start",
        )  # fmt: skip
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._as_postgres(
                str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"
            )

    def create_database(self, name: str) -> None:
        import psycopg2

        connection = psycopg2.connect(self.url())
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        connection.close()

    def remove(self) -> None:
        with contextlib.suppress(Exception):
            self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


# /healthz shows its details to monitoring with this token (config/settings/test.py).
HEALTHZ_HEADERS = {
    "Authorization": f"Bearer {os.environ.get('HEALTHZ_TOKEN', 'test-healthz-token')}"
}


def database_url(database: dict) -> str:
    """The URL of a Django DATABASES entry (PostgreSQL), for the processes' DATABASE_URL."""
    user, host = database.get("USER") or "postgres", database.get("HOST") or "127.0.0.1"
    return f"postgres://{user}@{host}:{database.get('PORT') or 5432}/{database['NAME']}"


def portal_env(*, database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    """The environment of the portal's processes: test settings, DEBUG off."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DJANGO_DEBUG": "false",
        "PYTHONPATH": str(BASE_DIR),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        **extra,
    }


def manage(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR, env=env, input=stdin, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


class Process:
    """A long-running child (gunicorn, a Celery worker or beat) with its log."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], log_dir: Path):
        self.name = name
        self.command = command
        self.env = env
        self.log_path = log_dir / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> Process:
        log = open(self.log_path, "a")  # noqa: SIM115 — the child keeps it; closed at stop
        self.process = subprocess.Popen(
            self.command, cwd=BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self._log = log
        return self

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        _end(self.process)
        if self.process is not None:
            self._log.close()

    def log_tail(self, lines: int = 40) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""


class AppServer(Process):
    """The portal under gunicorn, as in production (``config.wsgi``)."""

    def __init__(
        self,
        env: dict[str, str],
        log_dir: Path,
        *,
        workers: int = 2,
        threads: int = 1,
        name: str = "gunicorn",
    ):
        self.port = free_port()
        super().__init__(
            name,
            [sys.executable, "-m", "gunicorn", "config.wsgi:application",
             "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
             "--threads", str(threads), "--timeout", "60", "--graceful-timeout", "5"],
            env, log_dir,
        )  # fmt: skip

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> AppServer:
        super().start()
        wait_until_serving(self)
        return self


def wait_until_serving(server: AppServer | Process) -> None:
    """Until the portal's sign-in page answers at ``server.url``."""
    wait_for(
        lambda: requests.get(f"{server.url}/accounts/login/", timeout=5).status_code == 200,
        60,
        0.3,
        what=f"{server.name} answering on {server.url}:\n{server.log_tail()}",
    )


def celery(name: str, env: dict[str, str], log_dir: Path, *args: str) -> Process:
    return Process(name, [sys.executable, "-m", "celery", "-A", "config", *args], env, log_dir)


CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_token(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10)
    page.raise_for_status()
    return CSRF_FIELD.search(page.text).group(1)


def post_form(
    session: requests.Session, url: str, data: dict[str, str], *, page: str | None = None, **kwargs
) -> requests.Response:
    """POST ``data`` to ``url`` as the form of ``page`` (default ``url``) would, CSRF token
    included."""
    token = csrf_token(session, page or url)
    return session.post(
        url, data={**data, "csrfmiddlewaretoken": token}, **{"timeout": 30, **kwargs}
    )


def ask_for_report(session: requests.Session, base_url: str, **options: str) -> requests.Response:
    """The provincial summary of 2568 asked for through the report form."""
    data = {"kind": "provincial_summary", "fiscal_year": "2568", **options}
    return post_form(session, f"{base_url}/reports/new/", data)


def sign_in(base_url: str, username: str, password: str) -> requests.Session:
    """A browser-like session signed in through the login form."""
    session = requests.Session()
    response = post_form(
        session,
        f"{base_url}/accounts/login/",
        {"username": username, "password": password},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, f"sign-in of {username} failed: {response.status_code}"
    return session
