"""Beyond one machine: two web instances and two workers that share only the services.

Two gunicorn instances and two Celery workers run as processes, as they would on four
machines: nothing is shared between them but the PostgreSQL test database, one Redis
(a server of this test's own: cache and broker) and an S3-compatible object store
(moto's server mode on the loopback). The test talks to the web instances over HTTP,
as a browser behind a load balancer would, sent to one instance and then the other.
"""

import hashlib
import logging

import boto3
import pytest
import redis
import requests
from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from moto.server import ThreadedMotoServer

from programs.models import Club
from reports.models import ReportJob, ReportStatus
from tests.conftest import PASSWORD
from tests.faults.servers import (
    HEALTHZ_HEADERS,
    AppServer,
    ask_for_report,
    celery,
    child_pids,
    database_url,
    free_port,
    portal_env,
    post_form,
    sign_in,
    wait_for,
)
from tests.reports.factories import province_report_data

BUCKET = "portal-files"
S3_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
FAILURE_LIMIT = 3
SHARED_FRAGMENT = "<p>FRAGMENT-CACHED-BY-ANOTHER-INSTANCE</p>"


@pytest.fixture
def object_store():
    """An S3-compatible server of the test's own with an empty private bucket."""
    # moto's server logs every request at INFO: a failure's output keeps the portal's.
    werkzeug = logging.getLogger("werkzeug")
    level = werkzeug.level
    werkzeug.setLevel(logging.WARNING)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **S3_CREDENTIALS)
    s3.create_bucket(Bucket=BUCKET)
    yield endpoint, s3
    server.stop()
    werkzeug.setLevel(level)


@pytest.fixture
def two_machines(own_redis, object_store, log_dir, stop_at_end, tmp_path):
    endpoint, _s3 = object_store
    env = portal_env(
        database_url=database_url(settings.DATABASES["default"]),
        redis_url=own_redis.url(),
        AWS_STORAGE_BUCKET_NAME=BUCKET,
        S3_ENDPOINT_URL=endpoint,
        AWS_S3_REGION_NAME="us-east-1",
        AWS_S3_ADDRESSING_STYLE="path",
        AWS_ACCESS_KEY_ID=S3_CREDENTIALS["aws_access_key_id"],
        AWS_SECRET_ACCESS_KEY=S3_CREDENTIALS["aws_secret_access_key"],
        AXES_FAILURE_LIMIT=str(FAILURE_LIMIT),
        # A folder of the test's own, which must stay empty: every file is in the bucket.
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    workers = [
        celery(
            f"worker-{n}",
            env,
            log_dir,
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--loglevel=info",
            f"--hostname=worker-{n}@%h",
            "--without-mingle",
            "--without-gossip",
        )
        for n in (1, 2)
    ]
    webs = [AppServer(env, log_dir, workers=1, threads=2, name=f"web-{n}") for n in (1, 2)]
    for process in (*workers, *webs):
        stop_at_end(process)
        process.start()

    def both_workers_answer():
        health = requests.get(f"{webs[0].url}/healthz", headers=HEALTHZ_HEADERS, timeout=10)
        names = health.json()["worker"].get("workers", [])
        return health.status_code == 200 and {name.split("@")[0] for name in names} >= {
            "worker-1",
            "worker-2",
        }

    wait_for(both_workers_answer, 90, 0.5, what=f"both workers up:\n{workers[0].log_tail()}")
    # The cache both instances use, as Django reads it (the prefix of config/settings/test.py).
    cache = RedisCache(own_redis.url(), {"KEY_PREFIX": "test"})
    return webs, workers, cache


def finished(*, excluding: int | None = None) -> ReportJob:
    """The report job asked for (the one other than ``excluding``), once it is made."""

    def done():
        jobs = ReportJob.objects.exclude(pk=excluding) if excluding else ReportJob.objects
        return jobs.filter(status__in=["done", "failed"]).first()

    job = wait_for(done, 180, 0.5, what="the report made")
    assert job.status == ReportStatus.DONE, job.error
    return job


def maker(job: ReportJob, workers) -> int:
    """Which of the workers made the job (its pool process is a child of that worker)."""
    pid = int(job.worker.rpartition(":")[2])
    makers = [n for n, worker in enumerate(workers) if pid in child_pids(worker.process.pid)]
    assert len(makers) == 1, (job.worker, [w.process.pid for w in workers])
    return makers[0]


@pytest.mark.faults
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_two_web_instances_and_two_workers_share_sessions_files_locks_and_caches(
    province_a, officer_a, officer_b, own_redis, two_machines, object_store, tmp_path
):
    (web_1, web_2), workers, cache = two_machines
    _endpoint, s3 = object_store
    province_report_data(province_a, entered_by=officer_a)

    # A session signed in on instance 1 is the same session on instance 2
    officer = sign_in(web_1.url, "officer_a", PASSWORD)
    page = officer.get(f"{web_2.url}/reports/", allow_redirects=False, timeout=15)
    assert page.status_code == 200  # not sent to the sign-in page

    # A report asked for on instance 1 is made by one of the workers, into the bucket
    assert ask_for_report(officer, web_1.url).status_code == 200
    job = finished()
    first_maker = maker(job, workers)
    stored = s3.get_object(Bucket=BUCKET, Key=f"media/{job.file.name}")["Body"].read()
    assert hashlib.sha256(stored).hexdigest() == job.checksum
    assert not list((tmp_path / "media").rglob("*.pdf"))  # not on a machine's own disk
    # and instance 2 streams it from the bucket, to the session of instance 1 only
    pdf = officer.get(f"{web_2.url}/reports/{job.pk}/download/", timeout=30)
    assert pdf.status_code == 200 and pdf.content == stored and stored.startswith(b"%PDF")
    outsider = sign_in(web_2.url, "officer_b", PASSWORD)
    refused = outsider.get(f"{web_2.url}/reports/{job.pk}/download/", timeout=15)
    assert refused.status_code == 404

    # With the worker that made it stopped, the other makes the next, asked on instance 2,
    # and instance 1 serves it
    workers[first_maker].stop()
    assert ask_for_report(officer, web_2.url, thai_digits="on").status_code == 200
    second = finished(excluding=job.pk)
    assert maker(second, workers) == 1 - first_maker
    pdf = officer.get(f"{web_1.url}/reports/{second.pk}/download/", timeout=30)
    assert (
        pdf.content == s3.get_object(Bucket=BUCKET, Key=f"media/{second.file.name}")["Body"].read()
    )

    # Failed sign-ins on instance 1 lock the account on instance 2, even the right password
    guesser, other = requests.Session(), requests.Session()
    for _attempt in range(FAILURE_LIMIT):
        guess = {"username": "officer_b", "password": "wrong-guess"}
        post_form(guesser, f"{web_1.url}/accounts/login/", guess)
    right = {"username": "officer_b", "password": PASSWORD}
    locked = post_form(other, f"{web_2.url}/accounts/login/", right, allow_redirects=False)
    assert locked.status_code == 429
    # (a lock of one account is not a lock of the others)
    sign_in(web_2.url, "officer_a", PASSWORD)

    # The dashboard's cached figures are shared: a fragment cached for instance 1 is what
    # instance 2 shows, as long as the data fingerprint (in the database) is unchanged
    dashboard = f"/dashboards/{province_a.code}/"
    assert officer.get(f"{web_1.url}{dashboard}", timeout=30).status_code == 200
    stored_keys = redis.Redis.from_url(own_redis.url()).scan_iter(
        "test:1:template.cache.dashboard_province.*"
    )
    keys = [key.decode().removeprefix("test:1:") for key in stored_keys]
    assert len(keys) == 1, keys
    cache.set(keys[0], SHARED_FRAGMENT, 3600)
    assert SHARED_FRAGMENT in officer.get(f"{web_2.url}{dashboard}", timeout=30).text
    # and a change to the data moves the fingerprint for both: the next page recomputes
    club = Club.objects.filter(province=province_a).first()
    club.name = f"{club.name} (แก้ไข)"
    club.save()
    fresh = officer.get(f"{web_1.url}{dashboard}", timeout=30)
    assert fresh.status_code == 200 and SHARED_FRAGMENT not in fresh.text
    assert SHARED_FRAGMENT not in officer.get(f"{web_2.url}{dashboard}", timeout=30).text

    # Signing out on instance 2 ends the session on instance 1 too
    post_form(officer, f"{web_2.url}/accounts/logout/", {}, page=f"{web_2.url}/reports/")
    after = officer.get(f"{web_1.url}/reports/", allow_redirects=False, timeout=15)
    assert after.status_code == 302 and "/accounts/login/" in after.headers["Location"]
