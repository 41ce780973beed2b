"""PAdES signing: B-T (an RFC 3161 signature timestamp) at least; B-LT (the OCSP
responses or CRLs embedded) when the certificate names where to get them."""

from __future__ import annotations

import datetime
import io
import logging
from dataclasses import dataclass

from asn1crypto import x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.general import SigningError
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import (
    ExpiredError,
    NotYetValidError,
    PathBuildingError,
    PathValidationError,
    RevokedError,
)

from reports.signing import clients

logger = logging.getLogger(__name__)

FIELD_NAME = "PortalSignature"


class CertificateRejected(Exception):
    """The signing certificate is revoked, expired or not yet valid: nothing is signed."""


@dataclass
class SignedPdf:
    content: bytes
    level: str  # "B-T" or "B-LT"


def _publishes_revocation(certificate: x509.Certificate) -> bool:
    return bool(certificate.ocsp_urls or certificate.crl_distribution_points)


def _trust_roots(certificates) -> list[x509.Certificate]:
    return [c for c in certificates if c.self_signed in ("maybe", "yes")]


def sign_pdf(
    content: bytes,
    *,
    signer: signers.Signer,
    timestamper: timestamps.TimeStamper,
    reason: str,
    location: str,
    contact: str,
    name: str,
    chain: list[x509.Certificate] = (),
    embed_revocation: bool | None = None,
) -> SignedPdf:
    """``content`` signed in an incremental update. The visible signature block is part
    of the page (drawn with the Thai text layer); the signature field itself is not.

    ``embed_revocation``: None embeds the OCSP response or CRL when the certificate names
    where to get them (B-LT), and refuses a revoked or expired certificate; False signs
    B-T without looking (the tests make files signed with such certificates this way).
    """
    certificate = signer.signing_cert
    now = datetime.datetime.now(datetime.UTC)
    if embed_revocation is not False and not (
        certificate.not_valid_before <= now <= certificate.not_valid_after
    ):
        raise CertificateRejected(
            f"valid {certificate.not_valid_before} – {certificate.not_valid_after}"
        )
    lt = _publishes_revocation(certificate)
    if embed_revocation is not False and lt:
        context = ValidationContext(
            trust_roots=_trust_roots(chain) or None,
            other_certs=list(chain),
            allow_fetching=True,
            revocation_mode="hard-fail",
            fetcher_backend=clients.fetcher_backend(),
        )
        try:
            return SignedPdf(
                _sign(content, signer, timestamper, reason, location, contact, name, context),
                "B-LT",
            )
        except (PathBuildingError, PathValidationError, SigningError, OSError) as error:
            # pyHanko wraps the validator's verdict in a SigningError.
            cause = error.__cause__ if isinstance(error, SigningError) else error
            if isinstance(cause, (RevokedError, ExpiredError, NotYetValidError)):
                raise CertificateRejected(str(cause)) from error
            # The OCSP responder or the CRL could not be reached now: B-T still holds the
            # time of signing; a verifier fetches the revocation status itself.
            logger.warning("revocation information not embedded, signing B-T: %r", cause)
    return SignedPdf(
        _sign(content, signer, timestamper, reason, location, contact, name, None), "B-T"
    )


def _sign(content, signer, timestamper, reason, location, contact, name, context) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(content))
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        contact_info=contact,
        name=name,
        embed_validation_info=context is not None,
        validation_context=context,
        use_pades_lta=False,
    )
    pdf_signer = signers.PdfSigner(
        metadata,
        signer=signer,
        timestamper=timestamper,
        new_field_spec=fields.SigFieldSpec(sig_field_name=FIELD_NAME),
    )
    output = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=output)
    return output.getvalue()
