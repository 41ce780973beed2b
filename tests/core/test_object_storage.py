"""Every stored file works on an S3 object store as on a folder (several machines).

The storage is the one `AWS_STORAGE_BUCKET_NAME` configures (config/settings/base.py),
against moto's in-process S3: uploads (meeting attachments, indicator evidence,
evaluation photos), report PDFs, the files a report's PDF may show, and backups are
written and read through the storage API only, and never land in MEDIA_ROOT.
"""

import hashlib
import io
import uuid
from unittest import mock

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto import mock_aws

from config.settings.base import s3_storage
from evaluations.services.scoring import evidence_photo_add
from meetings.models import Attachment
from meetings.services import attachment_add
from portal import backup, services
from programs.models import IndicatorAttachment
from reports.pdf.render import render_document
from reports.pdf.url_fetcher import stored_file_url
from tests.core.test_uploads import upload_evidence, upload_to_meeting
from tests.evaluations.factories import RoundFactory, jpeg_upload, published_rubric, visit_for
from tests.meetings.factories import CommitteeFactory, make_meeting
from tests.programs.factories import IndicatorResultFactory
from tests.reports.factories import done_job
from tests.reports.pdf_checks import pdf_text

pytestmark = pytest.mark.django_db
BUCKET, BACKUPS = "portal-files", "portal-backups"
PASSPHRASE = "object-store-backup-passphrase"


@pytest.fixture
def s3(settings, monkeypatch, tmp_path):
    monkeypatch.setenv("AWS_S3_REGION_NAME", "us-east-1")
    settings.MEDIA_ROOT = tmp_path / "media"  # must stay empty
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        for bucket in (BUCKET, BACKUPS):
            client.create_bucket(Bucket=bucket)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": s3_storage(bucket=BUCKET, location="media"),
            "backups": s3_storage(bucket=BACKUPS, location="backups"),
        }
        yield client
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*"))


def stored(client, bucket: str, key: str) -> bytes:
    return client.get_object(Bucket=bucket, Key=key)["Body"].read()


def test_uploads_go_to_the_bucket_and_come_back_through_the_scoped_views(
    s3, client, officer_a, officer_b, province_a
):
    # Given an officer's evidence and meeting attachment, uploaded through the pages
    assert type(storages["default"]).__name__ == "S3Storage"
    client.force_login(officer_a)
    result = IndicatorResultFactory(province=province_a, entered_by=officer_a)
    meeting = make_meeting(CommitteeFactory(provinces=[province_a]))
    upload_evidence(client, result, "หลักฐาน.pdf", b"%PDF-1.4 evidence")
    upload_to_meeting(client, meeting, "วาระ.pdf", b"%PDF-1.4 agenda")
    evidence, attachment = IndicatorAttachment.objects.get(), Attachment.objects.get()

    # Then each is an object of the bucket
    assert stored(s3, BUCKET, f"media/{evidence.file.name}") == b"%PDF-1.4 evidence"
    assert stored(s3, BUCKET, f"media/{attachment.file.name}") == b"%PDF-1.4 agenda"
    # and comes back through its view, to the officer of the province only
    for url, content in (
        (reverse("programs:result_attachment_download", args=[evidence.pk]), b"evidence"),
        (reverse("meetings:attachment_download", args=[attachment.pk]), b"agenda"),
    ):
        assert client.get(url).content.endswith(content)
    client.force_login(officer_b)
    outsider = client.get(reverse("meetings:attachment_download", args=[attachment.pk]))
    assert outsider.status_code == 404


def test_an_evaluation_photo_is_kept_in_the_bucket(s3, client, province_a, evaluator):
    rubric = published_rubric()
    visit = visit_for(
        round_=RoundFactory(province=province_a, program=rubric.program),
        rubric=rubric,
        evaluators=[evaluator],
    )
    photo, _created = evidence_photo_add(
        visit=visit, evaluator=evaluator, client_id=uuid.uuid4(), upload=jpeg_upload()
    )

    kept = stored(s3, BUCKET, f"media/{photo.image.name}")
    assert kept.startswith(b"\xff\xd8")  # the re-encoded JPEG
    client.force_login(evaluator)
    assert client.get(reverse("evaluations:photo", args=[photo.client_id])).content == kept


def test_a_report_pdf_streams_from_the_bucket(s3, client, officer_a, province_a):
    job = done_job(province=province_a, requested_by=officer_a)
    client.force_login(officer_a)

    response = client.get(reverse("reports:job_download", args=[job.pk]))

    assert response.streaming
    assert response.getvalue() == stored(s3, BUCKET, f"media/{job.file.name}")


def test_a_report_shows_a_stored_file_read_from_the_bucket(s3):
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">'
        '<text x="0" y="30" font-size="20">FROMTHEBUCKET</text></svg>'
    )
    name = default_storage.save("photos/logo.svg", ContentFile(svg.encode()))

    document = render_document(
        f'<html><body><img src="{stored_file_url(name)}" alt=""></body></html>',
        stored_files=[name],
    )

    assert "FROMTHEBUCKET" in pdf_text(document.write_pdf())


def test_a_backup_of_the_bucket_goes_to_the_backup_bucket(s3, officer_a, province_a):
    # Given a file in the store
    meeting = make_meeting(CommitteeFactory(provinces=[province_a]))
    attachment = attachment_add(
        meeting=meeting, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 kept"),
        uploaded_by=officer_a,
    )  # fmt: skip

    # When a backup is made to the backup storage
    name, size, manifest = services.backup_to_storage(passphrase=PASSPHRASE)

    # Then the archive is an object of the backup bucket, holding the file
    archive = stored(s3, BACKUPS, f"backups/{name}")
    assert len(archive) == size
    assert (
        manifest["files"][attachment.file.name]["sha256"]
        == hashlib.sha256(b"%PDF-1.4 kept").hexdigest()
    )
    assert backup.archive_read(io.BytesIO(archive), passphrase=PASSPHRASE) == manifest
    # and the restore's "is the storage empty" check sees the bucket's files
    assert backup.storage_first_file(storages["default"]) == attachment.file.name


def test_health_names_an_object_store_it_cannot_reach(s3, client, settings):
    monitoring = {"HTTP_AUTHORIZATION": f"Bearer {settings.HEALTHZ_TOKEN}"}
    worker_up = {"status": "ok", "workers": ["celery@worker-host"]}
    with mock.patch("config.healthz.check_worker", return_value=worker_up):
        # With the bucket there, the store is ok
        assert client.get("/healthz", **monitoring).json()["storage"] == {"status": "ok"}
        # and with the bucket gone (another name, wrong credentials) health is 503
        settings.STORAGES = {
            **settings.STORAGES,
            "default": s3_storage(bucket="no-such-bucket", location="media"),
        }
        response = client.get("/healthz", **monitoring)

    assert response.status_code == 503
    assert response.json()["storage"]["status"] == "error"
    assert "404" in response.json()["storage"]["reason"]
