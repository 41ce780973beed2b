"""The signing tests' real parts (``tests/reports/signed.py``): certomancer's test PKI
served over HTTP (timestamp authority, OCSP responder, CRLs) and a province's
certificate installed from it."""

from tests.reports.signed import signing, test_pki  # noqa: F401
