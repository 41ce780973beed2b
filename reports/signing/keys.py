"""The signer and timestamp authority of a province's signing certificate.

The key is where the administrator put it: a PKCS#12 file (its passphrase in an
environment variable named on the certificate, never in the database) or a PKCS#11
token (SoftHSM2 in the tests, an HSM or a smart card in production).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from asn1crypto import pem, x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
from pyhanko.sign import signers, timestamps
from pyhanko.sign.general import SigningError, get_pyca_cryptography_hash
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from reports.models import SigningCertificate
from reports.signing import clients


class SigningUnavailable(Exception):
    """No certificate, key or timestamp authority to sign with: a Thai message."""


def certificates_from_pem(text: str) -> list[x509.Certificate]:
    return [
        x509.Certificate.load(der)
        for _type, _headers, der in pem.unarmor(text.encode(), multiple=True)
    ]


def certificate_pem(certificate: x509.Certificate) -> str:
    return pem.armor("CERTIFICATE", certificate.dump()).decode()


def fingerprint(certificate: x509.Certificate) -> str:
    return hashlib.sha256(certificate.dump()).hexdigest()


def holder_of(certificate: x509.Certificate) -> str:
    subject = certificate.subject.native
    return subject.get("common_name") or certificate.subject.human_friendly


def certificate_for(province_code: str | None) -> SigningCertificate:
    """The province's active certificate, else the agency's; the newest one first."""
    active = SigningCertificate.objects.filter(is_active=True).order_by("-installed_at", "-pk")
    certificate = (
        active.filter(province_id=province_code).first() or active.filter(province=None).first()
    )
    if certificate is None:
        raise SigningUnavailable(_("ยังไม่มีใบรับรองสำหรับลงนามของจังหวัดนี้ ผู้ดูแลระบบต้องติดตั้งใบรับรองก่อน"))
    return certificate


def _secret(variable: str) -> bytes | None:
    if not variable:
        return None
    value = os.environ.get(variable)
    if value is None:
        raise SigningUnavailable(
            _("ไม่พบรหัสผ่านของกุญแจในตัวแปรสภาพแวดล้อม %(name)s") % {"name": variable}
        )
    return value.encode()


class KeptKeySigner(signers.SimpleSigner):
    """pyHanko's in-memory signer, its key object made once.

    ``SimpleSigner`` turns its stored key (DER) into a key object for every raw
    signature, twice per PDF signature (the size estimate signs too), and for RSA that
    includes the key's consistency check: 30–70 ms each. Here it is made once, when the
    PKCS#12 file is opened; PKCS#1 v1.5 RSA and ECDSA sign with it, any other
    mechanism goes through pyHanko's own code.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._key = serialization.load_der_private_key(self.signing_key.dump(), password=None)

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        try:
            name = mechanism.signature_algo
        except ValueError:
            name = mechanism["algorithm"].native
        hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
        if name == "rsassa_pkcs1v15" and isinstance(self._key, RSAPrivateKey):
            return self._key.sign(data, PKCS1v15(), hash_algorithm)
        if name == "ecdsa" and isinstance(self._key, EllipticCurvePrivateKey):
            return self._key.sign(data, ECDSA(hash_algorithm))
        return super().sign_raw(data, digest_algorithm)


# A worker signs many records with one file: its key is decrypted once per process (the
# PKCS#12 key derivation alone takes about 0.2 s) and kept with its key object, again
# when the certificate row, the file or the passphrase changes (an administrator
# installing a new certificate makes a new row, or replaces the file).
_PKCS12_SIGNERS: dict[tuple, KeptKeySigner] = {}


def _pkcs12_signer(certificate: SigningCertificate) -> signers.Signer:
    path = Path(certificate.pkcs12_path)
    if not path.is_file():
        raise SigningUnavailable(_("ไม่พบไฟล์กุญแจ %(path)s") % {"path": path})
    passphrase = _secret(certificate.password_env)
    stat = path.stat()
    key = (
        str(path),
        certificate.pk,
        certificate.fingerprint,
        stat.st_mtime_ns,
        stat.st_size,
        hashlib.sha256(passphrase or b"").hexdigest(),
        certificate.chain_pem,
    )
    if key in _PKCS12_SIGNERS:
        return _PKCS12_SIGNERS[key]
    try:
        loaded = signers.SimpleSigner.load_pkcs12_data(
            path.read_bytes(),
            other_certs=certificates_from_pem(certificate.chain_pem),
            passphrase=passphrase,
        )
        signer = KeptKeySigner(
            signing_cert=loaded.signing_cert,
            signing_key=loaded.signing_key,
            cert_registry=loaded.cert_registry,
        )
    except (ValueError, TypeError) as error:
        raise SigningUnavailable(
            _("เปิดไฟล์กุญแจไม่ได้ (รหัสผ่านไม่ถูกต้องหรือไฟล์เสีย): %(error)s") % {"error": error}
        ) from error
    for stale in [k for k in _PKCS12_SIGNERS if k[0] == key[0]]:  # the file was replaced
        del _PKCS12_SIGNERS[stale]
    _PKCS12_SIGNERS[key] = signer
    return signer


try:
    from pkcs11.exceptions import PKCS11Error

    PKCS11_ERRORS: tuple[type[Exception], ...] = (PKCS11Error,)
except ImportError:  # pragma: no cover - python-pkcs11 comes with pyhanko[pkcs11]
    PKCS11_ERRORS = ()


def pkcs11_session(*, module: str, token_label: str, pin_env: str):
    """A logged-in session on the token (its PIN from the environment variable
    ``pin_env``); the caller closes it."""
    try:
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign import pkcs11
    except ImportError as error:  # python-pkcs11 (pyhanko[pkcs11]) is not installed
        raise SigningUnavailable(_("ไม่มีไลบรารี python-pkcs11 สำหรับกุญแจบนโทเค็น")) from error
    if not Path(module).is_file():
        raise SigningUnavailable(_("ไม่พบไลบรารี PKCS#11 %(path)s") % {"path": module})
    pin = _secret(pin_env)
    try:
        return pkcs11.open_pkcs11_session(
            module,
            token_criteria=TokenCriteria(label=token_label or None),
            user_pin=pin.decode() if pin is not None else None,
        )
    except (*PKCS11_ERRORS, SigningError) as error:
        raise SigningUnavailable(
            _("เปิดโทเค็น %(token)s ไม่ได้ (ไม่พบโทเค็นหรือ PIN ไม่ถูกต้อง): %(error)s")
            % {"token": token_label, "error": type(error).__name__}
        ) from error


def pkcs11_signer(session, *, key_label: str, signing_cert=None, cert_label: str = "", chain=()):
    """pyHanko's signer for the key ``key_label`` on the token; the certificate given, or
    the one on the token labelled ``cert_label`` (else like the key)."""
    from pkcs11 import ObjectClass
    from pkcs11.exceptions import MultipleObjectsReturned, NoSuchKey
    from pyhanko.sign import pkcs11

    try:
        session.get_key(object_class=ObjectClass.PRIVATE_KEY, label=key_label)
    except (NoSuchKey, MultipleObjectsReturned) as error:
        raise SigningUnavailable(
            _("ไม่พบกุญแจ %(label)s บนโทเค็น (หรือพบมากกว่าหนึ่งดอก)") % {"label": key_label}
        ) from error
    return pkcs11.PKCS11Signer(
        session,
        key_label=key_label,
        cert_label=None if signing_cert is not None else (cert_label or key_label),
        signing_cert=signing_cert,
        ca_chain=list(chain),
    )


@contextlib.contextmanager
def open_signer(certificate: SigningCertificate) -> Iterator[signers.Signer]:
    """The certificate's signer: its PKCS#12 file, or its key on a PKCS#11 token (the
    session is closed when the block ends)."""
    if certificate.pkcs12_path:
        yield _pkcs12_signer(certificate)
        return
    session = pkcs11_session(
        module=certificate.pkcs11_module,
        token_label=certificate.pkcs11_token,
        pin_env=certificate.pkcs11_pin_env,
    )
    try:
        yield pkcs11_signer(
            session,
            key_label=certificate.pkcs11_key_label,
            signing_cert=certificates_from_pem(certificate.certificate_pem)[0],
            chain=certificates_from_pem(certificate.chain_pem),
        )
    finally:
        session.close()


DEMO_TSA_KEY = "demo-tsa.key.pem"
DEMO_TSA_CERT = "demo-tsa.cert.pem"
DEMO_CA_CERT = "demo-ca.cert.pem"


_DEMO_TIMESTAMPERS: dict[tuple, DummyTimeStamper] = {}


def timestamper_for(certificate: SigningCertificate) -> timestamps.TimeStamper:
    """The RFC 3161 service of ``SIGNING_TIMESTAMP_URL`` (one client per process); for a
    demo certificate without one, the demo CA's own timestamp key (``make run``: still
    a real RFC 3161 token)."""
    if settings.SIGNING_TIMESTAMP_URL:
        return clients.timestamper(settings.SIGNING_TIMESTAMP_URL, timeout=15)
    if certificate.is_demo:
        directory = Path(settings.SIGNING_DEMO_DIR)
        try:
            kept = tuple(
                (name, (directory / name).stat().st_mtime_ns)
                for name in (DEMO_TSA_CERT, DEMO_TSA_KEY, DEMO_CA_CERT)
            )
        except OSError:
            kept = None
        if kept in _DEMO_TIMESTAMPERS:
            return _DEMO_TIMESTAMPERS[kept]
        try:
            tsa_cert = load_cert_from_pemder(directory / DEMO_TSA_CERT)
            tsa_key = load_private_key_from_pemder(directory / DEMO_TSA_KEY, passphrase=None)
            ca_cert = load_cert_from_pemder(directory / DEMO_CA_CERT)
        except OSError as error:
            raise SigningUnavailable(
                _("ไม่พบกุญแจของผู้ประทับเวลาสาธิต ให้เรียก manage.py signing_demo_setup")
            ) from error
        stamper = DummyTimeStamper(
            tsa_cert=tsa_cert,
            tsa_key=tsa_key,
            certs_to_embed=SimpleCertificateStore.from_certs([ca_cert]),
        )
        _DEMO_TIMESTAMPERS.clear()
        _DEMO_TIMESTAMPERS[kept] = stamper
        return stamper
    raise SigningUnavailable(_("ยังไม่ได้ตั้งค่าผู้ให้บริการประทับเวลา (SIGNING_TIMESTAMP_URL)"))
