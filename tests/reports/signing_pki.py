"""A real test PKI for the signing tests: certomancer's root and intermediate CAs, a
timestamp authority, an OCSP responder and CRLs, served over HTTP by certomancer's
Animator (a WSGI app) from a thread, and PKCS#12 files of its signing certificates.

Signers: ``signer`` (valid), ``signer-revoked`` (revoked before any signing),
``signer-expired`` (expired in 2022, before any signing).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from certomancer import crypto_utils
from certomancer.integrations.animator import Animator, AnimatorArchStore
from certomancer.registry import ArchLabel, CertLabel, CertomancerConfig
from cryptography import x509 as crypto_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12

PASSWORD = "test-pkcs12-passphrase"
PASSWORD_ENV = "TEST_SIGNING_PASSPHRASE"
KEYS = ["root", "interm", "interm-ocsp", "tsa", "signer", "signer-revoked", "signer-expired"]
ALWAYS = {"valid-from": "2000-01-01T00:00:00+0000", "valid-to": "2100-01-01T00:00:00+0000"}


def _usage(*names):
    return {
        "id": "key_usage",
        "critical": True,
        "smart-value": {"schema": "key-usage", "params": list(names)},
    }


def _signer(**extra):
    cert = {
        "issuer": "interm",
        "validity": ALWAYS,
        "extensions": [
            _usage("digital_signature", "non_repudiation"),
            {
                "id": "crl_distribution_points",
                "smart-value": {"schema": "crl-dist-url", "params": {"crl-repo-names": ["interm"]}},
            },
            {
                "id": "authority_information_access",
                "smart-value": {
                    "schema": "aia-urls",
                    "params": {"ocsp-responder-names": ["interm"]},
                },
            },
        ],
    }
    cert.update(extra)
    return cert


def config(key_dir: Path, url: str) -> dict:
    return {
        "external-url-prefix": url,
        "keysets": {
            "test": {
                "path-prefix": str(key_dir),
                "keys": {name: {"path": f"{name}.key.pem"} for name in KEYS},
            }
        },
        "pki-architectures": {
            "testing-ca": {
                "keyset": "test",
                "entity-defaults": {"country-name": "TH", "organization-name": "Test PKI"},
                "entities": {
                    "root": {"common-name": "Test Root CA"},
                    "interm": {"common-name": "Test Intermediate CA"},
                    "interm-ocsp": {"common-name": "Test OCSP responder"},
                    "tsa": {"common-name": "Test Time Stamping Authority"},
                    "signer": {"common-name": "สำนักงานจังหวัดนครพนม (ทดสอบ)"},
                    "signer-revoked": {"common-name": "ผู้ลงนามที่ถูกเพิกถอน (ทดสอบ)"},
                    "signer-expired": {"common-name": "ผู้ลงนามที่หมดอายุ (ทดสอบ)"},
                },
                "certs": {
                    "root": {
                        "subject": "root",
                        "issuer": "root",
                        "validity": ALWAYS,
                        "extensions": [
                            {"id": "basic_constraints", "critical": True, "value": {"ca": True}},
                            _usage("digital_signature", "key_cert_sign", "crl_sign"),
                        ],
                    },
                    "interm": {
                        "issuer": "root",
                        "validity": ALWAYS,
                        "extensions": [
                            {
                                "id": "basic_constraints",
                                "critical": True,
                                "value": {"ca": True, "path-len-constraint": 0},
                            },
                            _usage("digital_signature", "key_cert_sign", "crl_sign"),
                            {
                                "id": "crl_distribution_points",
                                "smart-value": {
                                    "schema": "crl-dist-url",
                                    "params": {"crl-repo-names": ["root"]},
                                },
                            },
                        ],
                    },
                    "interm-ocsp": {
                        "issuer": "interm",
                        "validity": ALWAYS,
                        "extensions": [
                            _usage("digital_signature"),
                            {
                                "id": "extended_key_usage",
                                "critical": True,
                                "value": ["ocsp_signing"],
                            },
                            {"id": "ocsp_no_check"},
                        ],
                    },
                    "tsa": {
                        "issuer": "root",
                        "validity": ALWAYS,
                        "extensions": [
                            _usage("digital_signature"),
                            {
                                "id": "extended_key_usage",
                                "critical": True,
                                "value": ["time_stamping"],
                            },
                        ],
                    },
                    "signer": _signer(),
                    "signer-revoked": _signer(
                        revocation={
                            "revoked-since": "2021-01-01T00:00:00+0000",
                            "reason": "key_compromise",
                        }
                    ),
                    "signer-expired": _signer(
                        validity={
                            "valid-from": "2020-01-01T00:00:00+0000",
                            "valid-to": "2022-01-01T00:00:00+0000",
                        }
                    ),
                },
                "services": {
                    "ocsp": {
                        "interm": {
                            "for-issuer": "interm",
                            "responder-cert": "interm-ocsp",
                            "signing-key": "interm-ocsp",
                        }
                    },
                    "crl-repo": {
                        "root": {
                            "for-issuer": "root",
                            "signing-key": "root",
                            "simulated-update-schedule": "P90D",
                        },
                        "interm": {
                            "for-issuer": "interm",
                            "signing-key": "interm",
                            "simulated-update-schedule": "P30D",
                        },
                    },
                    "time-stamping": {"tsa": {"signing-key": "tsa", "signing-cert": "tsa"}},
                },
            }
        },
    }


class _KeptKeys(crypto_utils.PycaCryptographyBackend):
    """certomancer's signing with each key object made once, as a real CA or timestamp
    authority keeps its key loaded (or in its HSM). certomancer turns the stored key
    into a key object for every timestamp token, OCSP response and CRL, RSA's
    consistency check included: about 35 ms each, 70 % of the test CA's CPU, which the
    signing benchmark counts (bench/README.md)."""

    def __init__(self):
        self._keys: dict[bytes, rsa.RSAPrivateKey] = {}

    def generic_sign(self, private_key, tbs_bytes, sd_algo) -> bytes:
        if sd_algo.signature_algo != "rsassa_pkcs1v15":
            return super().generic_sign(private_key, tbs_bytes, sd_algo)
        der = private_key.dump()
        key = self._keys.get(der)
        if key is None:
            key = self._keys[der] = serialization.load_der_private_key(der, password=None)
        return key.sign(tbs_bytes, padding.PKCS1v15(), getattr(hashes, sd_algo.hash_algo.upper())())


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


@dataclass
class TestPki:
    url: str
    tsa_url: str
    arch: object
    key_dir: Path
    server: WSGIServer

    def cert(self, label: str):
        return self.arch.get_cert(CertLabel(label))

    def pkcs12(self, label: str, directory: Path) -> Path:
        """The signer's key, certificate and chain in a PKCS#12 file (passphrase
        ``PASSWORD``), as an agency receives one from its CA."""
        key = serialization.load_pem_private_key(
            (self.key_dir / f"{label}.key.pem").read_bytes(), None
        )
        cert = crypto_x509.load_der_x509_certificate(self.cert(label).dump())
        chain = [
            crypto_x509.load_der_x509_certificate(self.cert(name).dump())
            for name in ("interm", "root")
        ]
        path = directory / f"{label}.p12"
        path.write_bytes(
            pkcs12.serialize_key_and_certificates(
                label.encode(),
                key,
                cert,
                chain,
                serialization.BestAvailableEncryption(PASSWORD.encode()),
            )
        )
        return path


def start(directory: Path) -> TestPki:
    crypto_utils.CRYPTO_BACKEND = _KeptKeys()
    key_dir = directory / "keys"
    key_dir.mkdir(parents=True, exist_ok=True)
    for name in KEYS:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        (key_dir / f"{name}.key.pem").write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    server = make_server("127.0.0.1", 0, lambda environ, respond: [], handler_class=_Quiet)
    url = f"http://127.0.0.1:{server.server_port}"
    cfg = CertomancerConfig(config(key_dir, url), key_search_dir=str(directory))
    server.set_app(Animator(AnimatorArchStore(cfg.pki_archs), with_web_ui=False))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    arch = cfg.get_pki_arch(ArchLabel("testing-ca"))
    return TestPki(
        url=url, tsa_url=f"{url}/testing-ca/tsa/tsa", arch=arch, key_dir=key_dir, server=server
    )


if __name__ == "__main__":
    # A process of its own, as a real CA's services are (bench/signing.py):
    # python -m tests.reports.signing_pki DIR — writes DIR/signer.p12 and prints the
    # timestamp authority's URL, then serves until stopped.
    import sys
    import time

    pki = start(Path(sys.argv[1]))
    pki.pkcs12("signer", Path(sys.argv[1]))
    print(pki.tsa_url, flush=True)
    while True:
        time.sleep(3600)
