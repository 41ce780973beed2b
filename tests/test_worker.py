"""The background-work path end to end: a real Celery worker process on Redis."""

import pytest
from django.conf import settings


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_healthz_reports_a_running_worker(client, celery_worker_process):
    # Given a worker process started by the suite
    # When monitoring asks for the health of the portal
    response = client.get("/healthz", HTTP_AUTHORIZATION=f"Bearer {settings.HEALTHZ_TOKEN}")

    # Then every part is ok and the worker is named
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["broker"]["status"] == "ok"
    assert any(name.startswith("test-worker@") for name in body["worker"]["workers"])
