"""A missing report font is said before any job is queued: /healthz names it, the report
page says so in Thai and refuses the request; with the font installed, all is ok."""

from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse

from reports import tasks
from reports.models import ReportJob
from reports.pdf import thai_typography

pytestmark = pytest.mark.django_db

MONITORING = {"HTTP_AUTHORIZATION": f"Bearer {settings.HEALTHZ_TOKEN}"}
WORKER_UP = {"status": "ok", "workers": ["celery@worker-host"]}
MISSING = "NoSuchThaiReportFont"


@pytest.fixture
def font_not_installed(monkeypatch):
    """fontconfig asked for a family it does not have (it answers with another one)."""
    monkeypatch.setattr(thai_typography, "FONT_FAMILY", MISSING)
    thai_typography.font_files.cache_clear()
    yield
    thai_typography.font_files.cache_clear()


def _health(client):
    with mock.patch("config.healthz.check_worker", return_value=WORKER_UP):
        return client.get("/healthz", **MONITORING)


def test_healthz_names_the_installed_report_font(client):
    response = _health(client)

    assert response.json()["report_font"] == {"status": "ok", "font": "Laksaman"}


def test_healthz_names_a_missing_report_font_and_is_503(client, font_not_installed):
    response = _health(client)

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["report_font"]["status"] == "error"
    assert body["report_font"]["font"] == MISSING
    assert "fonts-thai-tlwg" in body["report_font"]["reason"]
    assert body["database"] == {"status": "ok"}


def test_report_page_says_in_thai_that_the_font_is_missing(client, officer_a, font_not_installed):
    client.force_login(officer_a)

    page = client.get(reverse("reports:job_create")).content.decode()

    assert 'id="report-font-missing"' in page
    assert f"ยังไม่ได้ติดตั้งฟอนต์ {MISSING} ที่ใช้จัดทำรายงาน PDF" in page
    assert "apt-get install fonts-thai-tlwg" in page


def test_no_job_is_queued_without_the_font(client, officer_a, font_not_installed):
    client.force_login(officer_a)
    with mock.patch.object(tasks.report_job_render_task, "delay") as delay:
        response = client.post(
            reverse("reports:job_create"), {"kind": "club_directory", "fiscal_year": "2568"}
        )

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(f"ยังไม่ได้ติดตั้งฟอนต์ {MISSING}") == 1  # once: in the error summary
    assert not ReportJob.objects.exists()
    delay.assert_not_called()


def test_report_page_with_the_font_has_no_warning(client, officer_a):
    client.force_login(officer_a)

    page = client.get(reverse("reports:job_create")).content.decode()

    assert 'id="report-font-missing"' not in page
