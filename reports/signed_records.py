"""Signed archival records: certified minutes and approved provincial summaries made as
PDF/A-3b, signed (PAdES B-T or B-LT) in a Celery task and stored once with their
SHA-256. A correction is a new version that names the one it replaces.

Lower apps do not know this module: ``reports.receivers`` asks for a record when minutes
are certified or amended and when a period is approved.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from pathlib import Path

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pyhanko.sign.general import SigningError

from reports.models import RecordKind, ReportStatus, SignedRecord, SigningCertificate
from reports.signing import keys
from reports.signing.sign import CertificateRejected, sign_pdf
from thai.dates import format_thai_date

logger = logging.getLogger(__name__)


# --- certificates ---------------------------------------------------------------------


def _installed(*, leaf, chain, province, is_demo: bool, key: dict) -> SigningCertificate:
    """The certificate kept (its chain too, so that what it signed verifies after it is
    retired), with where its key is; the province's other certificates stop signing."""
    leaf_print = keys.fingerprint(leaf)
    chain = {keys.fingerprint(c): c for c in chain if keys.fingerprint(c) != leaf_print}
    blank_key = {
        "pkcs12_path": "",
        "password_env": "",
        "pkcs11_module": "",
        "pkcs11_token": "",
        "pkcs11_key_label": "",
        "pkcs11_pin_env": "",
    }
    certificate, _created = SigningCertificate.objects.update_or_create(
        fingerprint=leaf_print,
        defaults={
            "province": province,
            "holder": keys.holder_of(leaf),
            **blank_key,
            **key,
            "certificate_pem": keys.certificate_pem(leaf),
            "chain_pem": "".join(keys.certificate_pem(c) for c in chain.values()),
            "is_demo": is_demo,
            "is_active": True,
        },
    )
    # One active certificate per province: the newest signs.
    SigningCertificate.objects.filter(province=province, is_active=True).exclude(
        pk=certificate.pk
    ).update(is_active=False)
    return certificate


@transaction.atomic
def signing_certificate_install(
    *,
    pkcs12_path: str | Path,
    password_env: str = "",
    province=None,
    is_demo: bool = False,
) -> SigningCertificate:
    """Install a PKCS#12 key for ``province`` (None: the agency's, for every province
    without its own). The file is read once to keep its certificates; the key stays in
    the file and its passphrase in the environment variable ``password_env``."""
    from pyhanko.sign.signers import SimpleSigner

    path = Path(pkcs12_path).resolve()
    if not path.is_file():
        raise ValidationError({"pkcs12_path": _("ไม่พบไฟล์ %(path)s") % {"path": path}})
    try:
        signer = SimpleSigner.load_pkcs12_data(
            path.read_bytes(), other_certs=None, passphrase=keys._secret(password_env)
        )
    except keys.SigningUnavailable as error:
        raise ValidationError({"password_env": str(error)}) from error
    except (ValueError, TypeError) as error:
        raise ValidationError(
            {"pkcs12_path": _("เปิดไฟล์ PKCS#12 ไม่ได้ (รหัสผ่านไม่ถูกต้องหรือไฟล์เสีย)")}
        ) from error
    return _installed(
        leaf=signer.signing_cert,
        chain=list(signer.cert_registry),
        province=province,
        is_demo=is_demo,
        key={"pkcs12_path": str(path), "password_env": password_env},
    )


@transaction.atomic
def signing_certificate_install_token(
    *,
    module: str | Path,
    token_label: str,
    key_label: str,
    pin_env: str,
    cert_label: str = "",
    chain_path: str | Path | None = None,
    province=None,
) -> SigningCertificate:
    """Install a key kept on a PKCS#11 token (an HSM, a smart card; SoftHSM2 in the
    tests) for ``province``. The token is opened once, with the PIN from the environment
    variable ``pin_env`` (never stored), to find the key and read its certificate (the
    one labelled ``cert_label``, else like the key) and the CA certificates it holds;
    ``chain_path`` adds the CA certificates from a PEM file."""
    chain = []
    if chain_path:
        path = Path(chain_path)
        if not path.is_file():
            raise ValidationError({"chain_path": _("ไม่พบไฟล์ %(path)s") % {"path": path}})
        chain = keys.certificates_from_pem(path.read_text())
        if not chain:
            raise ValidationError({"chain_path": _("ไม่พบใบรับรองในไฟล์ %(path)s") % {"path": path}})
    module = str(module)  # as given: the library is loaded once per process, by this path
    try:
        session = keys.pkcs11_session(module=module, token_label=token_label, pin_env=pin_env)
        try:
            signer = keys.pkcs11_signer(
                session, key_label=key_label, cert_label=cert_label, chain=chain
            )
            leaf = signer.signing_cert
            chain = [*chain, *signer.cert_registry]
        finally:
            session.close()
    except keys.SigningUnavailable as error:
        raise ValidationError({"token_label": str(error)}) from error
    except (*keys.PKCS11_ERRORS, SigningError) as error:  # no such certificate on the token
        raise ValidationError(
            {"cert_label": _("อ่านใบรับรองบนโทเค็นไม่ได้: %(error)s") % {"error": error}}
        ) from error
    return _installed(
        leaf=leaf,
        chain=chain,
        province=province,
        is_demo=False,
        key={
            "pkcs11_module": module,
            "pkcs11_token": token_label,
            "pkcs11_key_label": key_label,
            "pkcs11_pin_env": pin_env,
        },
    )


# --- asking for a record --------------------------------------------------------------


def _next_version(**subject) -> tuple[int, SignedRecord | None]:
    latest = SignedRecord.objects.filter(**subject).order_by("-version").first()
    return (latest.version + 1 if latest else 1), latest


def _create(*, kind, province, reason="", **subject) -> SignedRecord:
    version, latest = _next_version(**subject)
    record = SignedRecord(
        public_id=uuid.uuid4(),
        kind=kind,
        province=province,
        version=version,
        replaces=latest,
        reason=reason,
        **subject,
    )
    record.full_clean()
    record.save()
    transaction.on_commit(lambda: signed_record_enqueue(record=record))
    return record


@transaction.atomic
def signed_record_for_minutes(*, meeting, reason: str = "", new_version: bool = False):
    """The signed record of certified minutes: the first on certification; with
    ``new_version`` (an amendment), the next version replacing the current one."""
    if not meeting.is_certified:
        return None
    existing = SignedRecord.objects.filter(meeting=meeting)
    if existing.exists() and not new_version:
        return existing.order_by("-version").first()
    province = meeting.committee.provinces.order_by("code").first()
    if province is None:
        return None
    return _create(kind=RecordKind.MINUTES, province=province, reason=reason, meeting=meeting)


@transaction.atomic
def signed_record_for_approval(*, approval):
    """A period's approved figures: a version per approval (a reopened and approved
    again period gets the next version, replacing the one before)."""
    existing = SignedRecord.objects.filter(period_approval=approval).order_by("-version").first()
    if existing is not None and existing.decided_at == approval.approved_at:
        return existing
    record = _create(
        kind=RecordKind.PERIOD_SUMMARY,
        province=approval.province,
        reason=_("รับรองผลอีกครั้ง") if existing else "",
        period_approval=approval,
    )
    SignedRecord.objects.filter(pk=record.pk).update(decided_at=approval.approved_at)
    record.decided_at = approval.approved_at
    return record


def signed_record_enqueue(*, record: SignedRecord) -> bool:
    """Hand the record to the worker; False when the broker is unreachable (the record
    stays queued and ``manage.py signed_records_make`` or the next request sends it)."""
    from reports.services import BROKER_ERRORS
    from reports.tasks import signed_record_make_task

    try:
        signed_record_make_task.delay(record.pk)
    except BROKER_ERRORS as error:
        logger.warning("signed record %s not sent, the broker is unreachable: %s", record.pk, error)
        return False
    return True


# --- making it --------------------------------------------------------------------------


def verification_url(record: SignedRecord) -> str:
    path = reverse("verify:record", kwargs={"public_id": record.public_id})
    return settings.SIGNING_PUBLIC_URL.rstrip("/") + path


def signature_block(
    record: SignedRecord, certificate: SigningCertificate, *, decided_by: str, decided_at
) -> dict:
    url = verification_url(record)
    local = timezone.localtime(decided_at)
    return {
        "decided_by": decided_by,
        "decided_on": format_thai_date(local, "full"),
        "decided_time": f"{local:%H:%M}",
        "holder": certificate.holder,
        "is_demo": certificate.is_demo,
        "record": record,
        "url": url,
        "qr_svg": segno.make(url, error="m").svg_inline(scale=2, border=0),
    }


def _minutes_pdf(record: SignedRecord, certificate: SigningCertificate):
    from reports.kinds.meeting_minutes import minutes_archival_record

    meeting = record.meeting
    decided_by = str(meeting.certified_by) if meeting.certified_by_id else ""
    block = signature_block(
        record, certificate, decided_by=decided_by, decided_at=meeting.certified_at
    )
    block["certified_in"] = meeting.certified_in
    archival = minutes_archival_record(meeting)
    return (
        _render(record, "minutes", {"meeting": meeting.pk}, block, archival),
        decided_by,
        meeting.certified_at,
        _("รับรองรายงานการประชุม %(meeting)s") % {"meeting": meeting},
        f"minutes-{meeting.committee_id}-{meeting.number}-{meeting.year}-v{record.version}.pdf",
    )


def _period_pdf(record: SignedRecord, certificate: SigningCertificate):
    from reports.kinds.provincial_summary import period_archival_record

    approval = record.period_approval
    decided_by = str(approval.approved_by) if approval.approved_by_id else ""
    block = signature_block(
        record, certificate, decided_by=decided_by, decided_at=approval.approved_at
    )
    archival = period_archival_record(approval)
    parameters = {"province": approval.province_id, "fiscal_year": approval.fiscal_year}
    return (
        _render(record, "provincial_summary", parameters, block, archival),
        decided_by,
        approval.approved_at,
        _("รับรองผลการดำเนินงาน %(approval)s") % {"approval": approval},
        f"approved-{approval.province_id}-{approval.fiscal_year}-{approval.frequency}"
        f"{approval.period}-{approval.program_id}-v{record.version}.pdf",
    )


BUILDERS = {RecordKind.MINUTES: _minutes_pdf, RecordKind.PERIOD_SUMMARY: _period_pdf}


def _render(record, kind: str, parameters: dict, block: dict, archival) -> bytes:
    from reports.kinds import registry
    from reports.pdf.render import html_to_pdf
    from reports.services import report_html

    archival.data["signed_record"] = {
        "id": str(record.public_id),
        "version": record.version,
        "replaces": str(record.replaces.public_id) if record.replaces_id else None,
        "reason": record.reason,
        "verification_url": block["url"],
    }
    clean = registry[kind].clean_parameters(parameters, user=None)
    html = report_html(
        job_kind=kind, parameters=clean, user=None, extra_context={"signature": block}
    )
    return html_to_pdf(html, base_url=str(settings.BASE_DIR), archival=archival).content


def _claim(record_id: int) -> SignedRecord | None:
    with transaction.atomic():
        record = SignedRecord.objects.select_for_update().filter(pk=record_id).first()
        if record is None or record.status == ReportStatus.DONE:
            return None
        record.status = ReportStatus.RUNNING
        record.attempts += 1
        record.error = ""
        record.save(update_fields=["status", "attempts", "error"])
    return record


def signed_record_make(*, record_id: int) -> SignedRecord | None:
    """Render, sign and store a record. Exceptions go to the task, which retries the
    transient ones; ``keys.SigningUnavailable`` fails the record with its message."""
    record = _claim(record_id)
    if record is None:
        return None
    try:
        certificate = keys.certificate_for(record.province_id)
        timestamper = keys.timestamper_for(certificate)
        with translation.override("th"), keys.open_signer(certificate) as signer:
            content, decided_by, decided_at, reason, filename = BUILDERS[record.kind](
                record, certificate
            )
            signed = sign_pdf(
                content,
                signer=signer,
                timestamper=timestamper,
                reason=reason,
                location=record.province.name_th,
                contact=verification_url(record),
                name=certificate.holder,
                chain=keys.certificates_from_pem(certificate.chain_pem),
            )
    except keys.SigningUnavailable as error:
        signed_record_fail(record_id=record.pk, message=str(error))
        return SignedRecord.objects.get(pk=record.pk)
    except CertificateRejected as error:
        signed_record_fail(
            record_id=record.pk,
            message=_("ใบรับรองสำหรับลงนามถูกเพิกถอนหรือหมดอายุ ผู้ดูแลระบบต้องติดตั้งใบรับรองใหม่ (%(error)s)")
            % {"error": error},
        )
        return SignedRecord.objects.get(pk=record.pk)
    name = record.file.storage.save(
        record.file.field.generate_filename(record, filename), ContentFile(signed.content)
    )
    record.file.name = name
    record.size = len(signed.content)
    record.sha256 = hashlib.sha256(signed.content).hexdigest()
    record.certificate = certificate
    record.signature_level = signed.level
    record.decided_by_name = decided_by[:255]
    record.decided_at = decided_at
    record.signed_at = timezone.now()
    record.status = ReportStatus.DONE
    record.save()
    return record


def signed_record_fail(*, record_id: int, message: str) -> None:
    SignedRecord.objects.filter(pk=record_id).exclude(status=ReportStatus.DONE).update(
        status=ReportStatus.FAILED, error=message
    )


def signed_record_requeue(*, record_id: int, message: str) -> None:
    SignedRecord.objects.filter(pk=record_id, status=ReportStatus.RUNNING).update(
        status=ReportStatus.QUEUED, error=message
    )


def signed_records_resend() -> int:
    """Queued or failed records sent to the worker again (``manage.py signed_records_make``)."""
    pending = SignedRecord.objects.exclude(status=ReportStatus.DONE)
    count = 0
    for record in pending:
        SignedRecord.objects.filter(pk=record.pk).update(status=ReportStatus.QUEUED)
        count += signed_record_enqueue(record=record)
    return count
