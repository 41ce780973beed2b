"""Redis stopped under the running portal, then started again.

The portal (gunicorn), a Celery worker and Celery beat run as processes on the test
database and on a Redis server of this test's own, which the test stops and starts;
the test talks to the portal over HTTP as a browser would.
"""

import pytest
import requests
from django.conf import settings

from reports.models import ReportJob, ReportStatus
from tests.conftest import PASSWORD
from tests.faults.servers import (
    HEALTHZ_HEADERS,
    AppServer,
    ask_for_report,
    celery,
    database_url,
    portal_env,
    sign_in,
    wait_for,
)
from tests.reports.factories import province_report_data

UNSENT = "ระบบจัดทำรายงานไม่พร้อมใช้งานในขณะนี้"


@pytest.fixture
def portal_on_own_redis(own_redis, log_dir, stop_at_end, tmp_path):
    env = portal_env(
        database_url=database_url(settings.DATABASES["default"]),
        redis_url=own_redis.url(),
        # The sweeper sends the reports asked for while Redis was down: every 2 s here.
        REPORTS_SWEEP_SECONDS="2",
    )
    worker = celery(
        "faults-worker", env, log_dir,
        "worker", "--pool=prefork", "--concurrency=1", "--loglevel=info",
        "--hostname=faults-worker@%h", "--without-mingle", "--without-gossip",
    )  # fmt: skip
    beat = celery(
        "faults-beat", env, log_dir,
        "beat", "--loglevel=info", f"--schedule={tmp_path / 'celerybeat-schedule'}",
    )  # fmt: skip
    app = AppServer(env, log_dir)
    for process in (worker, beat, app):
        stop_at_end(process)
        process.start()

    def healthy():
        return requests.get(f"{app.url}/healthz", timeout=10).status_code == 200

    wait_for(healthy, 60, 0.5, what=f"/healthz 200 (worker up):\n{worker.log_tail()}")
    return app, worker


@pytest.mark.faults
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_redis_stopped_the_portal_works_and_a_report_asked_for_is_made_when_it_is_back(
    province_a, officer_a, own_redis, portal_on_own_redis
):
    app, worker = portal_on_own_redis
    province_report_data(province_a, entered_by=officer_a)
    officer = sign_in(app.url, "officer_a", PASSWORD)

    # When Redis stops
    own_redis.stop()

    # then pages, the sign-in form and other forms go on working
    for path in ["/", "/clubs/", "/reports/", f"/provinces/{province_a.code}/"]:
        response = officer.get(f"{app.url}{path}", timeout=15)
        assert response.status_code == 200, (path, response.status_code)
    sign_in(app.url, "officer_a", PASSWORD)
    # and asking for a report keeps the request and says, in Thai, that it waits
    response = ask_for_report(officer, app.url)
    assert response.status_code == 200 and UNSENT in response.text
    job = ReportJob.objects.get()
    assert job.status == ReportStatus.QUEUED and job.enqueued_at is None
    # and /healthz says which part is down
    health = requests.get(f"{app.url}/healthz", headers=HEALTHZ_HEADERS, timeout=15)
    assert health.status_code == 503
    body = health.json()
    assert body["database"] == {"status": "ok"}
    assert body["cache"]["status"] == "error" and body["broker"]["status"] == "error"

    # When Redis is back
    own_redis.start()

    # then beat runs the sweeper, which sends the waiting job, and the worker makes it
    def finished():
        return ReportJob.objects.filter(pk=job.pk, status__in=["done", "failed"]).first()

    done = wait_for(finished, 180, 1, what=f"the report made:\n{worker.log_tail()}")
    assert done.status == ReportStatus.DONE, done.error
    assert done.enqueued_at is not None
    # the page the officer kept open offers the download, and everything is healthy again
    progress = officer.get(f"{app.url}/reports/{job.pk}/progress/", timeout=15)
    assert f"/reports/{job.pk}/download/" in progress.text and UNSENT not in progress.text
    pdf = officer.get(f"{app.url}/reports/{job.pk}/download/", timeout=30)
    assert pdf.content.startswith(b"%PDF")
    wait_for(
        lambda: requests.get(f"{app.url}/healthz", timeout=10).status_code == 200,
        60,
        0.5,
        what="/healthz 200 again",
    )
