"""The demo PKI of ``make run``: a demo CA, its timestamp key and a signing certificate
per demo province, all marked DEMO and untrusted, under ``SIGNING_DEMO_DIR`` (var/,
never committed). It lets certify → download → verify work on a fresh machine; a real
agency installs its own certificate instead (README)."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from reports.signing.keys import DEMO_CA_CERT, DEMO_TSA_CERT, DEMO_TSA_KEY

CA_KEY = "demo-ca.key.pem"


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "TH"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Province monitor portal (DEMO)"),
            x509.NameAttribute(
                NameOID.ORGANIZATIONAL_UNIT_NAME, "DEMO - untrusted, not for real use"
            ),
            x509.NameAttribute(NameOID.COMMON_NAME, _fit(common_name)),
        ]
    )


def _new_key():
    # RSA: pyHanko's local timestamper (the demo TSA) signs with RSA only.
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _fit(text: str, limit: int = 64) -> str:
    """X.509 caps a name at 64 bytes of UTF-8: 21 Thai characters."""
    while len(text.encode()) > limit:
        text = text[:-1]
    return text


def _write_key(path: Path, key) -> None:
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    os.chmod(path, 0o600)


def _certificate(subject, issuer, public_key, issuer_key, *, ca=False, eku=None, years=5):
    now = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )
    if eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=True)
    return builder.sign(issuer_key, hashes.SHA256())


def demo_ca(directory: Path):
    """The demo CA and its timestamp key, made once and kept."""
    directory.mkdir(parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    ca_key_path, ca_cert_path = directory / CA_KEY, directory / DEMO_CA_CERT
    if ca_key_path.exists() and ca_cert_path.exists():
        ca_key = serialization.load_pem_private_key(ca_key_path.read_bytes(), None)
        ca_cert = x509.load_pem_x509_certificate(ca_cert_path.read_bytes())
    else:
        ca_key = _new_key()
        name = _name("Demo CA - untrusted")
        ca_cert = _certificate(name, name, ca_key.public_key(), ca_key, ca=True, years=20)
        _write_key(ca_key_path, ca_key)
        ca_cert_path.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    if not (directory / DEMO_TSA_CERT).exists():
        tsa_key = _new_key()
        tsa_cert = _certificate(
            _name("Demo TSA - untrusted"),
            ca_cert.subject,
            tsa_key.public_key(),
            ca_key,
            eku=[ExtendedKeyUsageOID.TIME_STAMPING],
            years=10,
        )
        _write_key(directory / DEMO_TSA_KEY, tsa_key)
        (directory / DEMO_TSA_CERT).write_bytes(tsa_cert.public_bytes(serialization.Encoding.PEM))
    return ca_key, ca_cert


def demo_signing_pkcs12(directory: Path, *, label: str, holder: str) -> Path:
    """A PKCS#12 file (no passphrase: it is a demo) for ``holder``, issued by the demo CA."""
    ca_key, ca_cert = demo_ca(directory)
    path = directory / f"demo-signer-{label}.p12"
    if path.exists():
        return path
    key = _new_key()
    cert = _certificate(
        _name(f"{_fit(holder, 56)} (DEMO)"), ca_cert.subject, key.public_key(), ca_key
    )
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            label.encode(), key, cert, [ca_cert], serialization.NoEncryption()
        )
    )
    os.chmod(path, 0o600)
    return path
