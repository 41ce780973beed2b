"""A signing key on a real PKCS#11 token: SoftHSM2 (Debian's ``softhsm2``, which
``make test`` installs), initialised by ``softhsm2-util`` with the test PKI's signer key
and certificate, installed with ``signing_certificate_install --pkcs11-module``, then
certified minutes signed through the Celery task and validated with pyHanko."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from reports import tasks
from reports.models import ReportStatus, SignedRecord, SigningCertificate
from reports.signing import keys
from reports.signing.verify import verify_pdf
from tests.reports.factories import minutes_meeting
from tests.reports.signed import record_content
from tests.reports.test_archival_pdf import certify

TOKEN = "portal-test"
KEY = "nkp-signing"
PIN = "81726354"
PIN_ENV = "TEST_TOKEN_PIN"
MODULES = ["/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"]


@pytest.fixture(scope="session")
def softhsm_token(test_pki, tmp_path_factory):
    """A SoftHSM2 token holding the ``signer`` key (imported from PKCS#8 by
    softhsm2-util) and its certificate (written as a token object)."""
    assert shutil.which("softhsm2-util"), "apt-get install softhsm2 (make test installs it)"
    module = next((path for path in MODULES if Path(path).is_file()), None)
    assert module, f"libsofthsm2.so not found in {MODULES}"
    directory = tmp_path_factory.mktemp("softhsm")
    (directory / "tokens").mkdir()
    conf = directory / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {directory / 'tokens'}\nobjectstore.backend = file\n"
        "log.level = ERROR\n"
    )
    # SoftHSM2 reads its configuration when the library is loaded, once per process.
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    env = {**os.environ}

    def util(*args):
        subprocess.run(["softhsm2-util", *args], check=True, capture_output=True, env=env)

    util("--init-token", "--free", "--label", TOKEN, "--so-pin", "12345678", "--pin", PIN)
    key_file = test_pki.key_dir / "signer.key.pem"
    util("--import", str(key_file), "--token", TOKEN, "--label", KEY, "--id", "01", "--pin", PIN)
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    certificate = test_pki.cert("signer")
    token = pkcs11.lib(module).get_token(token_label=TOKEN)
    with token.open(rw=True, user_pin=PIN) as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: KEY,
                Attribute.ID: b"\x01",
                Attribute.SUBJECT: certificate.subject.dump(),
                Attribute.VALUE: certificate.dump(),
            }
        )
    chain = directory / "chain.pem"
    chain.write_text("".join(keys.certificate_pem(test_pki.cert(n)) for n in ("interm", "root")))
    yield {"module": module, "chain": chain}
    if previous is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = previous


@pytest.fixture
def token(softhsm_token, test_pki, settings):
    settings.SIGNING_TIMESTAMP_URL = test_pki.tsa_url
    return softhsm_token


def _install(softhsm_token, province, *extra):
    call_command(
        "signing_certificate_install",
        "--province", province.code,
        "--pkcs11-module", softhsm_token["module"],
        "--token-label", TOKEN,
        "--key-label", KEY,
        "--pin-env", PIN_ENV,
        "--chain", str(softhsm_token["chain"]),
        *extra,
    )  # fmt: skip
    return SigningCertificate.objects.get(province=province, is_active=True)


def _certified_and_signed_by_the_task(province, officer, capture_on_commit) -> SignedRecord:
    with capture_on_commit(execute=False):
        meeting = certify(minutes_meeting(province, officer=officer), officer=officer)
    record = SignedRecord.objects.get(meeting=meeting)
    tasks.signed_record_make_task.apply(args=[record.pk]).get()  # the worker's code path
    record.refresh_from_db()
    return record


@pytest.mark.django_db
def test_minutes_are_signed_with_a_key_on_a_pkcs11_token(
    token, test_pki, province_a, officer_a, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setenv(PIN_ENV, PIN)
    # Given the token's key installed for province A: the certificate read from the token,
    # the PIN named, not kept
    certificate = _install(token, province_a)
    assert certificate.pkcs12_path == "" and certificate.pkcs11_key_label == KEY
    assert certificate.fingerprint == keys.fingerprint(test_pki.cert("signer"))
    assert certificate.holder == "สำนักงานจังหวัดนครพนม (ทดสอบ)"
    stored = SigningCertificate.objects.filter(pk=certificate.pk).values().get()
    assert not any(PIN in str(value) for value in stored.values())
    # when minutes are certified and the worker's task signs their record
    record = _certified_and_signed_by_the_task(
        province_a, officer_a, django_capture_on_commit_callbacks
    )
    # then it is signed with the token's key, B-LT, and pyHanko's validator accepts it
    assert record.status == ReportStatus.DONE, record.error
    assert record.certificate == certificate and record.signature_level == "B-LT"
    result = verify_pdf(record_content(record))
    assert result.verdict == "ok", result
    assert result.signer == "สำนักงานจังหวัดนครพนม (ทดสอบ)" and result.timestamp_trusted


@pytest.mark.django_db
def test_a_token_without_its_pin_fails_the_record_with_a_thai_message(
    token, province_a, officer_a, monkeypatch, django_capture_on_commit_callbacks
):
    # A wrong PIN is refused at installation, a wrong key label too
    monkeypatch.setenv(PIN_ENV, "00000000")
    with pytest.raises(CommandError, match="PIN ไม่ถูกต้อง"):
        _install(token, province_a)
    monkeypatch.setenv(PIN_ENV, PIN)
    with pytest.raises(CommandError, match="ไม่พบกุญแจ"):
        call_command(
            "signing_certificate_install", "--province", province_a.code,
            "--pkcs11-module", token["module"], "--token-label", TOKEN,
            "--key-label", "no-such-key", "--pin-env", PIN_ENV,
        )  # fmt: skip
    _install(token, province_a)
    # and a worker started without the PIN in its environment fails the record, saying so
    monkeypatch.delenv(PIN_ENV)
    record = _certified_and_signed_by_the_task(
        province_a, officer_a, django_capture_on_commit_callbacks
    )
    assert record.status == ReportStatus.FAILED and not record.file
    assert PIN_ENV in record.error and "ไม่พบรหัสผ่าน" in record.error
