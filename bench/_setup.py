"""Shared set-up for benchmarks: a PostgreSQL database of their own.

Benchmarks run against PostgreSQL as production does, in ``monitor_bench`` (or
``BENCH_DATABASE_URL``), never in a developer's or the test suite's database.
"""

import os
import statistics

import psycopg2

BENCH_DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/monitor_bench"
)


def django_setup() -> None:
    name = BENCH_DATABASE_URL.rsplit("/", 1)[1]
    server = BENCH_DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    connection = psycopg2.connect(server)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()

    os.environ["DATABASE_URL"] = BENCH_DATABASE_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("DJANGO_DEBUG", "false")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def summary(label: str, seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (
        f"{label}: n={len(seconds)} median={statistics.median(seconds) * 1000:.0f} ms "
        f"min={ordered[0] * 1000:.0f} ms p95={p95 * 1000:.0f} ms"
    )


def wait_for_worker(env: dict[str, str]) -> None:
    """Until a Celery worker of ``env``'s broker answers a ping."""
    import subprocess
    import sys

    from tests.faults.servers import wait_for

    wait_for(
        lambda: subprocess.run(
            [sys.executable, "-m", "celery", "-A", "config", "inspect", "ping"],
            env=env, capture_output=True, timeout=20,
        ).returncode == 0,
        60, 1, what="the Celery worker",
    )  # fmt: skip
