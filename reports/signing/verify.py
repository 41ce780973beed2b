"""What a PDF says about itself, checked with pyHanko's validator: whether this portal
signed it, whether it changed since, who signed, when, whether the certificate was valid
at that time, and which record and version it is. Only what the file holds is reported."""

from __future__ import annotations

import datetime
import hashlib
import io
import re
from dataclasses import dataclass, field

from asn1crypto import cms, tsp
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.generic_cms import extract_tst_data_iter
from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from reports.models import SignedRecord, SigningCertificate
from reports.signing import clients
from reports.signing.keys import certificates_from_pem, fingerprint

RECORD_ID = re.compile(r"/verify/([0-9a-f-]{36})/")


@dataclass
class Verification:
    is_pdf: bool = True
    signed: bool = False
    issued_here: bool = False  # signed with a certificate this portal installed
    intact: bool = False  # the signed bytes are those signed
    unchanged: bool = False  # and nothing was added after the signature
    changes: str = ""  # what was added after signing, when something was
    signer: str = ""
    signed_at: datetime.datetime | None = None  # the timestamp authority's time
    timestamp_trusted: bool = False
    certificate_valid: bool = False  # at the time of signing
    certificate_problem: str = ""
    reason: str = ""
    record: SignedRecord | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        """ok: ours, intact and unchanged; changed; foreign; invalid; unsigned."""
        if not self.signed:
            return "unsigned"
        if not self.intact:
            return "changed"
        if not self.issued_here:
            return "foreign"
        if not self.unchanged:
            return "changed"
        if not self.certificate_valid:
            return "invalid"
        return "ok"


def _trust_roots_and_ours():
    roots, others, ours = [], [], {}
    for certificate in SigningCertificate.objects.all():
        leaf = certificates_from_pem(certificate.certificate_pem)[0]
        ours[fingerprint(leaf)] = certificate
        for issuer in certificates_from_pem(certificate.chain_pem):
            (roots if issuer.self_signed in ("maybe", "yes") else others).append(issuer)
    return roots, others, ours


def _timestamp(signer_info: cms.SignerInfo) -> datetime.datetime | None:
    for token in extract_tst_data_iter(signer_info, signed=False):
        info = token["encap_content_info"]["content"].parsed
        if isinstance(info, tsp.TSTInfo):
            return info["gen_time"].native
    return None


def verify_pdf(content: bytes) -> Verification:
    if content.lstrip()[:5] != b"%PDF-":
        return Verification(is_pdf=False)
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        signatures = reader.embedded_signatures
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        return Verification(is_pdf=False, problems=[str(error)])
    result = Verification()
    if not signatures:
        return result
    result.signed = True
    embedded = signatures[0]
    sig_object = embedded.sig_object
    result.reason = str(sig_object.get("/Reason", ""))
    roots, others, ours = _trust_roots_and_ours()
    signing_cert = embedded.signer_cert
    result.signer = signing_cert.subject.native.get("common_name", "")
    result.issued_here = fingerprint(signing_cert) in ours
    result.signed_at = _timestamp(embedded.signer_info)
    moment = result.signed_at or datetime.datetime.now(datetime.UTC)

    def context() -> ValidationContext:
        return ValidationContext(
            trust_roots=roots,
            other_certs=others,
            moment=moment,
            allow_fetching=True,
            retroactive_revinfo=True,
            revocation_mode="soft-fail",
            fetcher_backend=clients.fetcher_backend(),
        )

    record = _record_of(content, sig_object)
    stored = record is not None and record.sha256 == hashlib.sha256(content).hexdigest()
    # A stored record byte for byte: nothing followed its signature but what this portal
    # stored, so pyHanko's analysis of the later revisions (reading every object of the
    # file, about half of the time) is not needed.
    status = validate_pdf_signature(
        embedded,
        signer_validation_context=context(),
        ts_validation_context=context(),
        skip_diff=stored,
    )
    result.intact = bool(status.intact and status.valid)
    result.timestamp_trusted = bool(status.timestamp_validity and status.timestamp_validity.trusted)
    result.certificate_valid = bool(status.trusted and not status.revoked)
    if not result.certificate_valid:
        result.certificate_problem = _certificate_problem(status)
    # pyHanko's view of what followed the signature: nothing, or only validation data
    # (the DSS of a B-LT signature), or more (a page, an annotation, a form field).
    only_validation = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        status.modification_level in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES)
    )
    result.record = record
    if stored:
        result.unchanged = result.intact  # byte for byte the stored record
    elif record is not None:
        result.unchanged = False
        if result.intact:
            result.changes = _what_was_added(status.modification_level)
    else:
        result.unchanged = result.intact and only_validation
        if result.intact and not only_validation:
            result.changes = _what_was_added(status.modification_level)
    return result


def _record_of(content: bytes, sig_object) -> SignedRecord | None:
    """The stored record this file is, or begins with (an incremental update after it):
    by its SHA-256, else by the record the signature names (its verification link)."""
    digest = hashlib.sha256(content).hexdigest()
    record = SignedRecord.objects.filter(sha256=digest).first()
    if record is not None:
        return record
    match = RECORD_ID.search(str(sig_object.get("/ContactInfo", "")))
    if match is None:
        return None
    return SignedRecord.objects.filter(public_id=match.group(1)).exclude(sha256="").first()


def _what_was_added(level) -> str:
    if level is None or level in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES):
        return "validation"
    if level == ModificationLevel.FORM_FILLING:
        return "form"
    if level == ModificationLevel.ANNOTATIONS:
        return "annotations"
    return "other"


def _certificate_problem(status) -> str:
    if status.revoked:
        return "revoked"
    indication = status.trust_problem_indic
    name = indication.name if indication is not None else ""
    if any(word in name for word in ("EXPIRED", "OUT_OF_BOUNDS", "NOT_YET_VALID")):
        return "expired"
    return "untrusted"
