"""What a worker keeps between signatures (issue 21's cost, bench/signing.py): the key
object of a PKCS#12 certificate made once, one timestamp client asking its authority
once per signature, and a certificate the administrator installs signing the very next
record."""

import io
import threading

import pytest
from cryptography.hazmat.primitives import serialization
from pyhanko.sign.diff_analysis import StandardDiffPolicy
from pypdf import PdfWriter

from reports import signed_records
from reports.signing import clients, keys
from reports.signing.sign import sign_pdf
from reports.signing.verify import verify_pdf
from tests.reports import signing_pki
from tests.reports.signed import certified_record, minimal_pdf, record_content


def _sign(certificate, content, *, embed_revocation=None):
    with keys.open_signer(certificate) as signer:
        return sign_pdf(
            content,
            signer=signer,
            timestamper=keys.timestamper_for(certificate),
            reason="test",
            location="นครพนม",
            contact="",
            name=certificate.holder,
            chain=keys.certificates_from_pem(certificate.chain_pem),
            embed_revocation=embed_revocation,
        )


@pytest.mark.django_db
def test_a_worker_makes_the_key_object_once_and_asks_the_authority_once_per_signature(
    signing, province_a, monkeypatch
):
    monkeypatch.setattr(clients, "_TIMESTAMPERS", {})
    loads, posts = [], []
    load, portal = serialization.load_der_private_key, threading.get_ident()

    def counted_load(*args, **kwargs):
        if threading.get_ident() == portal:  # not the test CA's thread
            loads.append(1)
        return load(*args, **kwargs)

    monkeypatch.setattr(serialization, "load_der_private_key", counted_load)
    post = clients.KeptTimeStamper._post
    monkeypatch.setattr(
        clients.KeptTimeStamper,
        "_post",
        lambda self, body: posts.append(self) or post(self, body),
    )
    certificate = keys.certificate_for(province_a.code)
    content = minimal_pdf()
    # Given three records signed B-LT by one worker process
    signed = [_sign(certificate, content) for _ in range(3)]
    # then the key object was made once (when the PKCS#12 file was opened), the
    # authority asked once per signature and once for the first token sizing them all,
    # by one client
    assert len(loads) == 1
    assert len(posts) == 3 + 1 and len(set(posts)) == 1
    # and every file verifies: ours, intact, timestamped, the certificate valid then
    for result in signed:
        assert result.level == "B-LT"
        verdict = verify_pdf(result.content)
        assert verdict.verdict == "ok", verdict
        assert verdict.timestamp_trusted and verdict.signed_at is not None


def test_the_timestamp_client_is_made_again_after_its_lifetime(monkeypatch):
    monkeypatch.setattr(clients, "_TIMESTAMPERS", {})
    url = "http://127.0.0.1:9/tsa"
    assert clients.timestamper(url) is clients.timestamper(url)
    monkeypatch.setattr(clients, "TIMESTAMPER_LIFETIME", 0.0)
    assert clients.timestamper(url) is not clients.timestamper(url)


@pytest.mark.django_db
def test_a_certificate_installed_in_place_of_the_kept_one_signs_the_next_record(
    signing, province_a, tmp_path
):
    first = keys.certificate_for(province_a.code)
    content = minimal_pdf()
    before = _sign(first, content, embed_revocation=False)
    assert verify_pdf(before.content).signer == "สำนักงานจังหวัดนครพนม (ทดสอบ)"
    # When the administrator overwrites the PKCS#12 file with another key and installs it
    path = signing.pki.pkcs12("signer-revoked", tmp_path)
    path.replace(tmp_path / "signer.p12")
    second = signed_records.signing_certificate_install(
        pkcs12_path=tmp_path / "signer.p12",
        password_env=signing_pki.PASSWORD_ENV,
        province=province_a,
    )
    assert second.pk != first.pk and keys.certificate_for(province_a.code) == second
    # then the next signature is made with the new key, and the old one is not kept
    after = _sign(second, content, embed_revocation=False)
    assert verify_pdf(after.content).signer == "ผู้ลงนามที่ถูกเพิกถอน (ทดสอบ)"
    kept = [key for key in keys._PKCS12_SIGNERS if key[0] == str(tmp_path / "signer.p12")]
    assert len(kept) == 1 and kept[0][1] == second.pk


@pytest.mark.django_db
def test_the_stored_record_is_verified_without_the_analysis_of_later_revisions(
    signing, province_a, officer_a, django_capture_on_commit_callbacks, monkeypatch
):
    reviews = []
    review = StandardDiffPolicy.review_file
    monkeypatch.setattr(
        StandardDiffPolicy,
        "review_file",
        lambda self, *args, **kwargs: reviews.append(1) or review(self, *args, **kwargs),
    )
    _meeting, record = certified_record(province_a, officer_a, django_capture_on_commit_callbacks)
    content = record_content(record)
    # The stored record byte for byte: its checksum says nothing was added to it
    result = verify_pdf(content)
    assert result.verdict == "ok" and result.record == record and reviews == []
    # A page added after the signature: pyHanko's analysis runs and tells it
    writer = PdfWriter(io.BytesIO(content), incremental=True)
    writer.add_blank_page()
    output = io.BytesIO()
    writer.write(output)
    result = verify_pdf(output.getvalue())
    assert reviews == [1]
    assert result.intact and result.record == record and result.verdict == "changed"
