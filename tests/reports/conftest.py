"""The signing tests' real parts: certomancer's test PKI served over HTTP (timestamp
authority, OCSP responder, CRLs) and a province's certificate installed from it."""

import pytest

from reports import signed_records
from tests.reports import signing_pki


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
