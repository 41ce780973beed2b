"""/healthz: up or down for anyone; the state of database, broker and worker for
monitoring (a bearer token) and staff.

These tests point the Celery app at a broker of their own: a Redis database no
worker listens on (the suite's worker fixture and other runs use the test
database), or a port where nothing listens. The broker URL is restored after.
"""

import time
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import OperationalError

pytestmark = pytest.mark.django_db

MONITORING = {"HTTP_AUTHORIZATION": f"Bearer {settings.HEALTHZ_TOKEN}"}

# A Redis database that no worker consumes: only this file uses it.
NO_WORKER_REDIS_DB = 13
UNUSED_PORT_BROKER = "redis://127.0.0.1:6399/0"
WORKER_UP = {"status": "ok", "workers": ["celery@worker-host"]}


@pytest.fixture
def broker_without_worker(broker_url):
    parts = urlsplit(settings.CELERY_BROKER_URL)
    assert parts.scheme == "redis", "the test settings use Redis as the broker"
    broker_url(parts._replace(path=f"/{NO_WORKER_REDIS_DB}").geturl())


def test_with_database_and_broker_up_but_no_worker_health_is_503(client, broker_without_worker):
    response = client.get("/healthz", **MONITORING)

    assert response.status_code == 503
    body = response.json()
    assert list(body) == [
        "status",
        "database",
        "cache",
        "broker",
        "worker",
        "storage",
        "report_font",
    ]
    assert body["status"] == "error"
    assert body["database"] == {"status": "ok"}
    assert body["broker"] == {"status": "ok"}
    assert body["worker"]["status"] == "error"
    assert "no worker answered" in body["worker"]["reason"]


def test_with_broker_down_health_is_503_naming_the_broker_and_answers_quickly(client, broker_url):
    broker_url(UNUSED_PORT_BROKER)

    started = time.monotonic()
    response = client.get("/healthz", **MONITORING)
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == {"status": "ok"}
    assert body["broker"]["status"] == "error"
    assert "6399" in body["broker"]["reason"]
    assert body["worker"] == {"status": "error", "reason": "broker unavailable"}
    assert elapsed < 5, f"/healthz took {elapsed:.1f} s with the broker down"


def test_broker_comes_back_once_it_is_reachable_again(client, broker_url, broker_without_worker):
    broker_url(UNUSED_PORT_BROKER)
    assert client.get("/healthz", **MONITORING).json()["broker"]["status"] == "error"

    broker_url(
        urlsplit(settings.CELERY_BROKER_URL)._replace(path=f"/{NO_WORKER_REDIS_DB}").geturl()
    )

    assert client.get("/healthz", **MONITORING).json()["broker"] == {"status": "ok"}


def test_with_database_down_health_is_503_with_the_reason(client, broker_without_worker):
    with mock.patch(
        "config.healthz.connection.cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/healthz", **MONITORING)
        anonymous = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == {"status": "error", "reason": "connection refused"}
    assert anonymous.status_code == 503 and anonymous.json() == {"status": "error"}


def test_health_answer_is_never_cached(client, broker_without_worker):
    response = client.get("/healthz", **MONITORING)

    assert "no-cache" in response["Cache-Control"]
    assert response["Content-Type"] == "application/json"


def test_health_only_answers_get(client):
    assert client.post("/healthz").status_code == 405


def test_anonymous_health_says_only_up_or_down(client, broker_without_worker):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error"}


def test_anonymous_health_names_no_host_when_everything_is_up(client):
    with mock.patch("config.healthz.check_worker", return_value=WORKER_UP):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "worker-host" not in response.text


def test_monitoring_with_the_token_sees_the_worker_hosts(client):
    with mock.patch("config.healthz.check_worker", return_value=WORKER_UP):
        response = client.get("/healthz", **MONITORING)

    assert response.status_code == 200
    assert response.json()["worker"] == WORKER_UP


@pytest.mark.parametrize(
    "header",
    [
        "Bearer wrong-token",
        f"Token {settings.HEALTHZ_TOKEN}",
        "Bearer",
        f"{settings.HEALTHZ_TOKEN}",
    ],
)
def test_a_wrong_or_malformed_token_sees_no_details(client, header):
    with mock.patch("config.healthz.check_worker", return_value=WORKER_UP):
        response = client.get("/healthz", HTTP_AUTHORIZATION=header)

    assert response.json() == {"status": "ok"}


def test_with_no_token_configured_no_bearer_opens_the_details(client, settings):
    settings.HEALTHZ_TOKEN = ""
    with mock.patch("config.healthz.check_worker", return_value=WORKER_UP):
        response = client.get("/healthz", HTTP_AUTHORIZATION="Bearer ")

    assert response.json() == {"status": "ok"}


def test_staff_signed_in_see_the_details(client, admin_user, officer_a):
    client.force_login(officer_a)
    with mock.patch("config.healthz.check_worker", return_value=WORKER_UP):
        assert client.get("/healthz").json() == {"status": "ok"}
        client.force_login(admin_user)
        assert client.get("/healthz").json()["worker"] == WORKER_UP
