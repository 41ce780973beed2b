"""Several people writing at once on `make run`'s embedded SQLite, through the API.

    .venv/bin/python -m bench.sqlite_writers [--clients 8] [--writes 25] [--django-defaults]

The portal is served as `make run` serves it (``manage.py runserver``, threaded,
``config.settings.local``, no DATABASE_URL options of its own) on a fresh SQLite file in
a temporary folder, migrated, with the embedded geography and one officer of Nakhon
Phanom (48) holding a token per client. ``--clients`` threads each create ``--writes``
clubs with ``POST /api/v1/clubs/`` at the same time. Every answer that is not 201 is an
error; at the end the clubs stored are counted in the file itself.

``--django-defaults`` serves the same with Django's and SQLite's own defaults instead
of the portal's (rollback journal, deferred transactions, a 5 s busy timeout), given in
the database URL, whose options win over ``config.settings.base.SQLITE_OPTIONS``.
tests/faults/test_sqlite_writers.py runs the default case and requires 0 errors.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import requests

from tests.faults.servers import BASE_DIR, Process, free_port, manage, wait_until_serving

DJANGO_DEFAULTS = "?timeout=5&transaction_mode=DEFERRED&init_command=" + quote(
    "PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL"
)
DISTRICTS = ["4801", "4802", "4803", "4804", "4805"]  # embedded in demo/geography.py

SETUP = """
import json
from accounts.models import Role
from accounts.services import api_token_create
from demo.programs import _load_geography
from tests.accounts.factories import UserFactory
_load_geography()
officer = UserFactory(username="writers_officer", role=Role.OFFICER, province_id="48")
print(json.dumps([api_token_create(user=officer)[1] for _ in range({clients})]))
"""


@dataclass
class Result:
    clients: int
    writes: int
    statuses: collections.Counter
    errors: list[str]
    seconds: float
    stored: int
    journal_mode: str
    locked: int  # "database is locked" in the server's log


class EmbeddedPortal(Process):
    """`make run`'s web server on a SQLite file of its own."""

    def __init__(self, directory: Path, *, django_defaults: bool = False):
        self.database = directory / "db.sqlite3"
        self.port = free_port()
        env = {
            name: value
            for name, value in os.environ.items()
            if name not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "TEST_DATABASE")
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.local",
            DATABASE_URL=f"sqlite:///{self.database}{DJANGO_DEFAULTS if django_defaults else ''}",
            MEDIA_ROOT=str(directory / "media"),
            PYTHONPATH=str(BASE_DIR),
        )
        super().__init__(
            "runserver",
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            env,
            directory,
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def prepare(self, clients: int) -> list[str]:
        """Migrate the file and make the officer's tokens, one a client."""
        manage(self.env, "migrate", "--noinput", "-v0")
        output = manage(self.env, "shell", "-c", SETUP.format(clients=clients))
        return json.loads(output.splitlines()[-1])

    def start(self) -> EmbeddedPortal:
        super().start()
        wait_until_serving(self)
        return self

    def count(self, table: str) -> int:
        with sqlite3.connect(self.database) as db:
            return db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]

    def journal_mode(self) -> str:
        with sqlite3.connect(self.database) as db:
            return db.execute("PRAGMA journal_mode").fetchone()[0]


def write_clubs(portal: EmbeddedPortal, tokens: list[str], writes: int) -> Result:
    """Each token's client creates ``writes`` clubs, all clients at once."""

    def client(number: int, token: str) -> list[tuple[int, str]]:
        session = requests.Session()
        session.headers["Authorization"] = f"Token {token}"
        answers = []
        for write in range(writes):
            body = {
                "district": DISTRICTS[write % len(DISTRICTS)],
                "name": f"ชมรม TO BE NUMBER ONE ผู้เขียน {number} ครั้งที่ {write + 1}",
                "club_type": "community",
            }
            response = session.post(f"{portal.url}/api/v1/clubs/", json=body, timeout=120)
            answers.append((response.status_code, response.text[:200]))
        return answers

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(len(tokens)) as pool:
        answers = [
            answer for answers in pool.map(client, range(len(tokens)), tokens) for answer in answers
        ]
    seconds = time.monotonic() - started
    return Result(
        clients=len(tokens),
        writes=writes,
        statuses=collections.Counter(status for status, _ in answers),
        errors=[f"{status} {text}" for status, text in answers if status != 201],
        seconds=seconds,
        stored=portal.count("programs_club"),
        journal_mode=portal.journal_mode(),
        locked=portal.log_path.read_text(errors="replace").count("database is locked"),
    )


def run(*, clients: int, writes: int, django_defaults: bool) -> Result:
    directory = Path(tempfile.mkdtemp(prefix="sqlite-writers-"))
    portal = EmbeddedPortal(directory, django_defaults=django_defaults)
    try:
        tokens = portal.prepare(clients)
        portal.start()
        return write_clubs(portal, tokens, writes)
    finally:
        portal.stop()
        shutil.rmtree(directory, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--writes", type=int, default=25)
    parser.add_argument("--django-defaults", action="store_true")
    arguments = parser.parse_args()
    result = run(
        clients=arguments.clients,
        writes=arguments.writes,
        django_defaults=arguments.django_defaults,
    )
    print(
        f"{result.clients} clients × {result.writes} writes, "
        f"{'Django defaults' if arguments.django_defaults else 'portal settings'} "
        f"(journal {result.journal_mode}): {len(result.errors)} errors, "
        f"{result.stored} clubs stored, {result.seconds:.1f} s; answers {dict(result.statuses)}, "
        f'"database is locked" {result.locked} times in the log'
    )


if __name__ == "__main__":
    main()
