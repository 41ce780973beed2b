"""Celery worker processes of a test's own (beside the suite's ``celery_worker_process``):
on their own queue, with their own environment (a short heartbeat, the test's SMTP server),
so that the test may stop or kill them and no other worker takes their messages."""

import os
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(__file__).resolve().parent.parent


def wait_for(predicate, timeout: float, interval: float = 0.05):
    """``predicate()``'s first true value within ``timeout`` seconds, else None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return None


def start_worker(name: str, queues: str, extra_env: dict[str, str] | None = None):
    """A `celery worker` on the test database and broker, consuming ``queues``; its log
    in var/test-<name>.log."""
    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": (
            f"postgres://{database.get('USER') or 'postgres'}@{database.get('HOST') or '127.0.0.1'}"
            f":{database.get('PORT') or 5432}/{database['NAME']}"
        ),
        "TEST_DATABASE_NAME": database["NAME"],
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "REDIS_URL": settings.REDIS_URL,
        **(extra_env or {}),
    }
    log = open(Path(BASE_DIR) / "var" / f"test-{name}.log", "w")  # noqa: SIM115
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork",
         "--concurrency=1", "--loglevel=info", f"--hostname={name}@%h", "-Q", queues],
        cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    worker.log = log
    return worker


def wait_until_ready(name: str, timeout: float = 45) -> bool:
    """Ready before anything is sent: Redis drops a message sent to a queue no one has
    declared yet."""
    from config.celery_app import app

    destination = [f"{name}@{os.uname().nodename}"]
    return bool(
        wait_for(lambda: app.control.ping(timeout=1, destination=destination), timeout, 0.2)
    )


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    worker.log.close()
