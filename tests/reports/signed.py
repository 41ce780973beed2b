"""The signing tests' fixtures and helpers: certomancer's test PKI served over HTTP
(timestamp authority, OCSP responder, CRLs), a province's certificate installed from it,
a certified meeting with its signed record made. ``tests/reports/conftest.py`` and the
browser tests import the fixtures."""

import io

import pytest
from pypdf import PdfWriter

from reports import signed_records
from reports.models import ReportStatus, SignedRecord
from tests.reports import signing_pki
from tests.reports.factories import minutes_meeting
from tests.reports.test_archival_pdf import certify


@pytest.fixture(scope="session")
def test_pki(tmp_path_factory):
    pki = signing_pki.start(tmp_path_factory.mktemp("pki"))
    yield pki
    pki.server.shutdown()


@pytest.fixture
def signing(settings, test_pki, province_a, tmp_path, monkeypatch):
    """Province A's certificate installed from a PKCS#12 file, the test TSA configured."""
    settings.SIGNING_TIMESTAMP_URL = test_pki.tsa_url
    settings.SIGNING_PUBLIC_URL = "https://portal.example.go.th"
    monkeypatch.setenv(signing_pki.PASSWORD_ENV, signing_pki.PASSWORD)

    def install(label="signer"):
        return signed_records.signing_certificate_install(
            pkcs12_path=test_pki.pkcs12(label, tmp_path),
            password_env=signing_pki.PASSWORD_ENV,
            province=province_a,
        )

    install.pki = test_pki
    install()
    return install


def certified_record(province, officer, django_capture_on_commit_callbacks, username="checker"):
    """Minutes certified, their record queued after the commit and then made."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        meeting = certify(
            minutes_meeting(province, officer=officer), officer=officer, checker_username=username
        )
    record = SignedRecord.objects.get(meeting=meeting)
    assert record.status == ReportStatus.QUEUED and callbacks  # sent to the worker after commit
    return meeting, signed_records.signed_record_make(record_id=record.pk)


def record_content(record) -> bytes:
    with record.file.open("rb") as file:
        return file.read()


def minimal_pdf() -> bytes:
    """One blank A4 page, to sign."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
