"""The shared cast (two provinces, a user of every role), the check that the real
services are up, and a real Celery worker process for background-work tests."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from accounts.models import Role
from config.celery_app import app as celery_app
from tests.accounts.factories import UserFactory
from tests.programs.factories import DistrictFactory, ProvinceFactory, SubdistrictFactory
from tests.worker_processes import stop_worker

PASSWORD = "pass-1234-word"

# Property-based tests: a modest number of examples so the suite stays fast, no deadline
# (a test that touches PostgreSQL varies in time); HYPOTHESIS_PROFILE=thorough digs deeper.
_HYPOTHESIS_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
}
hypothesis_settings.register_profile("portal", max_examples=40, **_HYPOTHESIS_COMMON)
hypothesis_settings.register_profile("thorough", max_examples=1000, **_HYPOTHESIS_COMMON)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "portal"))
BASE_DIR = Path(__file__).resolve().parent.parent

START_HINT = {
    "PostgreSQL": "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    "Redis": (
        "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no"
    ),
}


def _reachable(url: str, default_port: int) -> tuple[str, int, bool]:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or default_port
    try:
        with socket.create_connection((host, port), timeout=2):
            return host, port, True
    except OSError:
        return host, port, False


def pytest_sessionstart(session):
    """The suite runs against the real services; if one is down, say so in one line."""
    database = settings.DATABASES["default"]
    services = [("Redis", settings.REDIS_URL, 6379)]
    if database["ENGINE"] != "django.db.backends.sqlite3":  # TEST_DATABASE=sqlite needs none
        host, port = database.get("HOST") or "127.0.0.1", database.get("PORT") or 5432
        services.insert(0, ("PostgreSQL", f"postgres://{host}:{port}", 5432))
    for name, url, port in services:
        host, port, ok = _reachable(url, port)
        if not ok:
            pytest.exit(
                f"{name} is not reachable at {host}:{port}; start it with: {START_HINT[name]}",
                returncode=3,
            )


@pytest.fixture(autouse=True)
def _clear_cache():
    # Login throttling and rate limits live in the cache (Redis); start each test clean.
    cache.clear()
    yield


@pytest.fixture
def province_a(db):
    """Nakhon Phanom (48): the officer's own province in most tests."""
    province = ProvinceFactory(code="48", name_th="นครพนม", name_en="Nakhon Phanom")
    district = DistrictFactory(province=province, code="4801", name_th="เมืองนครพนม")
    SubdistrictFactory(district=district, code="480101", name_th="ในเมือง")
    return province


@pytest.fixture
def province_b(db):
    """Sisaket (33): the other province, whose rows province A must never see."""
    province = ProvinceFactory(code="33", name_th="ศรีสะเกษ", name_en="Si Sa Ket")
    district = DistrictFactory(province=province, code="3301", name_th="เมืองศรีสะเกษ")
    SubdistrictFactory(district=district, code="330101", name_th="เมืองใต้")
    return province


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)


@pytest.fixture
def officer_a(province_a):
    return UserFactory(username="officer_a", role=Role.OFFICER, province=province_a)


@pytest.fixture
def officer_b(province_b):
    return UserFactory(username="officer_b", role=Role.OFFICER, province=province_b)


@pytest.fixture
def evaluator(db):
    return UserFactory(username="evaluator", role=Role.EVALUATOR, position="ข้าราชการบำนาญ")


@pytest.fixture
def evaluator_other(db):
    """An evaluator on no round of province A: sees none of its visits."""
    return UserFactory(username="evaluator_other", role=Role.EVALUATOR, position="ข้าราชการบำนาญ")


@pytest.fixture
def executive_a(province_a):
    return UserFactory(username="governor_a", role=Role.EXECUTIVE, province=province_a)


@pytest.fixture
def approver_a(province_a):
    """The head of Nakhon Phanom's provincial office, who signs off its figures."""
    return UserFactory(
        username="head_a", role=Role.EXECUTIVE, province=province_a, is_approver=True,
        first_name="สมศักดิ์", last_name="รักษ์ดี",
    )  # fmt: skip


@pytest.fixture
def national_executive(db):
    return UserFactory(username="national", role=Role.EXECUTIVE, province=None)


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """A real `celery worker` process on the test database and the test Redis broker.

    Tests that use it need committed data (``transactional_db``): the worker is
    another process with its own connection.
    """
    test_database = settings.DATABASES["default"]["NAME"]  # already the test name here
    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": (
            f"postgres://{database.get('USER') or 'postgres'}@{database.get('HOST') or '127.0.0.1'}"
            f":{database.get('PORT') or 5432}/{test_database}"
        ),
        "TEST_DATABASE_NAME": test_database,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "REDIS_URL": settings.REDIS_URL,
    }
    (BASE_DIR / "var").mkdir(exist_ok=True)
    log = open(BASE_DIR / "var" / "test-worker.log", "w")  # noqa: SIM115 — closed below
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork",
         "--concurrency=2", "--loglevel=info", "--hostname=test-worker@%h"],
        cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            break
        if celery_app.control.ping(timeout=1):
            break
    else:
        worker.kill()
        pytest.fail("the Celery worker did not answer within 30 s; see var/test-worker.log")
    if worker.poll() is not None:
        pytest.fail("the Celery worker exited at start; see var/test-worker.log")
    worker.log = log
    yield worker
    stop_worker(worker)


def _drop_cached_broker_pools() -> None:
    # Celery keeps its connection and producer pools for the broker URL it first
    # used: without this a changed URL would still be served (and pinged) by the
    # old pools, and a pool made here would outlive the test.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_url():
    """Set the Celery broker for one test, then put the configured one back."""
    original = celery_app.conf.broker_url

    def use(url: str) -> None:
        celery_app.conf.broker_url = url
        _drop_cached_broker_pools()

    yield use
    celery_app.conf.broker_url = original
    _drop_cached_broker_pools()
    assert celery_app.conf.broker_url == settings.CELERY_BROKER_URL
