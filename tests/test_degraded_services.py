"""The portal with Redis or PostgreSQL unreachable, inside the test process.

Redis is made unreachable by pointing the cache and the Celery broker at a port
where nothing listens; the database by making the session read fail as a dropped
connection does. The same faults against real servers that are stopped and started
again are in tests/faults/.
"""

from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import InterfaceError, OperationalError
from django.test import override_settings
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from accounts.models import Role
from accounts.services import api_token_create
from reports import services
from reports.models import ReportJob, ReportStatus
from tests.accounts.factories import UserFactory
from tests.conftest import PASSWORD
from tests.programs.factories import ClubFactory

UNREACHABLE_REDIS = "redis://127.0.0.1:6399/0"  # nothing listens on 6399

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache_down(settings):
    cache_settings = {**settings.CACHES["default"], "LOCATION": UNREACHABLE_REDIS}
    with override_settings(CACHES={"default": cache_settings}):
        caches["default"].close()
        yield
    caches["default"].close()


@pytest.fixture
def redis_down(redis_cache_down, broker_url):
    broker_url(UNREACHABLE_REDIS)


# --- Redis down: pages, forms and sign-in go on -----------------------------------------


def test_with_redis_down_an_officer_signs_in_and_works(client, redis_down, officer_a):
    club = ClubFactory(district=officer_a.province.districts.first(), name="ชมรมบ้านนาสมดี")

    response = client.post(
        reverse("accounts:login"), {"username": "officer_a", "password": PASSWORD}
    )
    assert response.status_code == 302, "sign-in must not need Redis (sessions are in the DB)"

    listing = client.get(reverse("programs:club_list"))
    assert listing.status_code == 200
    assert "ชมรมบ้านนาสมดี" in listing.content.decode()
    assert client.get(reverse("programs:club_detail", args=[club.pk])).status_code == 200


def test_with_redis_down_failed_sign_ins_are_still_counted_and_locked(client, redis_down):
    UserFactory(username="somchai", role=Role.EXECUTIVE)
    for _attempt in range(5):
        client.post(reverse("accounts:login"), {"username": "somchai", "password": "wrong"})

    # django-axes keeps its counts in the database: Redis down opens no door
    response = client.post(reverse("accounts:login"), {"username": "somchai", "password": PASSWORD})
    assert response.status_code == 429
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in response.content.decode()


def test_with_redis_down_the_rate_limited_token_endpoint_still_answers(client, redis_down):
    UserFactory(username="api_user", role=Role.EXECUTIVE)

    response = client.post("/api/v1/auth/token/", {"username": "api_user", "password": PASSWORD})

    assert response.status_code == 200 and response.json()["token"]


def test_the_cache_misses_and_drops_writes_while_redis_is_down(redis_cache_down):
    cache = caches["default"]

    assert cache.get("key", "fallback") == "fallback"
    assert cache.add("key", 1) is False
    assert cache.get_or_set("key", 2) == 2
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.get_many(["a", "b"]) == {}
    with pytest.raises(ValueError):
        cache.incr("counter")
    with pytest.raises(RedisConnectionError):
        cache.ping()  # /healthz must still see it


def test_health_names_the_cache_when_redis_is_down(client, redis_down):
    response = client.get("/healthz", HTTP_AUTHORIZATION=f"Bearer {settings.HEALTHZ_TOKEN}")

    assert response.status_code == 503
    body = response.json()
    assert body["database"] == {"status": "ok"}
    assert body["cache"]["status"] == "error" and "6399" in body["cache"]["reason"]
    assert body["broker"]["status"] == "error" and "6399" in body["broker"]["reason"]


# --- Redis down: a report asked for is kept and sent later -------------------------------


def test_report_asked_for_with_the_broker_down_is_kept_and_says_so_in_thai(
    client, redis_down, officer_a
):
    client.force_login(officer_a)

    response = client.post(
        reverse("reports:job_create"), {"kind": "club_directory", "fiscal_year": "2568"}
    )

    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert job.status == ReportStatus.QUEUED and job.enqueued_at is None
    page = client.get(response["Location"]).content.decode()
    assert "ระบบจัดทำรายงานไม่พร้อมใช้งานในขณะนี้" in page
    assert "บันทึกไว้แล้ว" in page


def test_unsent_job_is_sent_by_the_sweeper_once_the_broker_is_back(
    redis_down, broker_url, officer_a
):
    job = services.report_request(
        kind="club_directory", parameters={"fiscal_year": 2568}, user=officer_a
    )
    assert job.is_unsent
    ReportJob.objects.filter(pk=job.pk).update(
        requested_at=job.requested_at - services.UNSENT_GRACE
    )
    # while the broker is still down the sweeper leaves it queued
    services.report_jobs_sweep()
    assert ReportJob.objects.get(pk=job.pk).is_unsent

    broker_url("redis://127.0.0.1:6379/13")  # a broker again (no worker there)
    with mock.patch("reports.tasks.report_job_render_task.delay") as delay:
        services.report_jobs_sweep()

    delay.assert_called_once_with(job.pk)
    job.refresh_from_db()
    assert job.status == ReportStatus.QUEUED and job.enqueued_at is not None


def test_asking_again_for_an_unsent_report_tries_the_broker_again(
    redis_down, officer_a, django_capture_on_commit_callbacks
):
    first = services.report_request(
        kind="club_directory", parameters={"fiscal_year": 2568}, user=officer_a
    )
    assert first.is_unsent

    with (
        mock.patch("reports.tasks.report_job_render_task.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        again = services.report_request(
            kind="club_directory", parameters={"fiscal_year": 2568}, user=officer_a
        )

    assert again.pk == first.pk
    delay.assert_called_once_with(first.pk)
    assert not ReportJob.objects.get(pk=first.pk).is_unsent


def test_sweeper_leaves_a_just_asked_job_to_its_own_request(officer_a):
    job = services.report_job_create(
        kind="club_directory",
        parameters={"province": "48", "fiscal_year": 2568, "thai_digits": False},
        user=officer_a,
    )
    with mock.patch("reports.tasks.report_job_render_task.delay") as delay:
        assert services.report_jobs_resend() == 0
    delay.assert_not_called()
    assert job.is_unsent


def test_beat_runs_the_sweeper_often_enough_to_send_waiting_jobs(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reports-sweep-stuck-jobs"]
    assert entry["task"] == "reports.tasks.report_jobs_sweep_task"
    assert entry["schedule"] == settings.REPORTS_SWEEP_SECONDS <= 300


# --- the database unreachable: a Thai 503, not a traceback --------------------------------


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_database_unreachable_answers_a_thai_503_page(client, officer_a, error):
    client.force_login(officer_a)
    client.raise_request_exception = False
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.load",
        side_effect=error("server closed the connection unexpectedly"),
    ):
        response = client.get(reverse("programs:club_list"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "ระบบไม่พร้อมให้บริการชั่วคราว" in body
    assert "Traceback" not in body and "server closed" not in body


def test_database_unreachable_in_the_api_answers_json_503(client, officer_a):
    client.force_login(officer_a)
    client.raise_request_exception = False
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.load",
        side_effect=OperationalError("could not connect to server"),
    ):
        response = client.get("/api/v1/clubs/")

    assert response.status_code == 503
    assert "ฐานข้อมูลไม่พร้อมใช้งานชั่วคราว" in response.json()["detail"]


@pytest.mark.parametrize("debug", [False, True])
def test_database_still_locked_when_the_api_writes_answers_json_503_debug_or_not(
    client, officer_a, settings, debug
):
    """`make run` has DEBUG on: a script must read the API's JSON, not Django's debug page."""
    settings.DEBUG = debug
    client.raise_request_exception = False
    token = api_token_create(user=officer_a)[1]
    with mock.patch(
        "programs.api.views.club_create",
        side_effect=OperationalError("database is locked"),
    ):
        response = client.post(
            "/api/v1/clubs/",
            {"district": "4801", "name": "ชมรมบ้านนาสมดี", "club_type": "community"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {token}",
        )

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "30"
    assert "ฐานข้อมูลไม่พร้อมใช้งานชั่วคราว" in response.json()["detail"]
    assert "locked" not in response.text


def test_any_other_server_error_answers_a_thai_500_page(client, officer_a):
    client.force_login(officer_a)
    client.raise_request_exception = False
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.load", side_effect=RuntimeError("boom")
    ):
        response = client.get(reverse("programs:club_list"))

    assert response.status_code == 500
    assert "เกิดข้อผิดพลาดภายในระบบ" in response.content.decode()
    assert not response.has_header("Retry-After")
