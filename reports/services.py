"""Writes of report jobs: request (with reuse), render, fail, sweep, schedule."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import logging
import os
import socket
import threading
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from programs.models import Club, IndicatorResult, Project, Province
from reports.kinds import registry
from reports.kinds.base import parameters_key, viewer_scope
from reports.models import ReportJob, ReportStatus
from reports.pdf import thai_typography
from reports.pdf.render import html_to_pdf
from reports.signals import report_ready
from thai.dates import format_thai_date
from thai.fiscal_year import current_fiscal_year, fiscal_year_range
from thai.numbers import thai_digits_in_html

logger = logging.getLogger(__name__)

REPORT_CSS = (settings.BASE_DIR / "reports" / "pdf" / "report.css").read_text()

# Errors worth another try: the database or the broker was briefly unreachable.
try:
    from kombu.exceptions import OperationalError as BrokerError
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    BROKER_ERRORS: tuple[type[BaseException], ...] = (
        BrokerError,
        RedisConnectionError,
        RedisTimeoutError,
        ConnectionError,
    )
    TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
        OperationalError,
        InterfaceError,
        BrokerError,
        RedisConnectionError,
        RedisTimeoutError,
        ConnectionError,
    )
except ImportError:  # pragma: no cover - redis is a dependency
    BROKER_ERRORS = (ConnectionError,)
    TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError)


def _kind(kind: str):
    spec = registry.get(kind)
    if spec is None:
        raise ValidationError({"kind": _("ไม่รู้จักชนิดรายงานนี้")})
    return spec


# --- requesting ----------------------------------------------------------------------


@transaction.atomic
def font_missing_message() -> str | None:
    """The report page's words (and a request's error) when the PDF font is missing."""
    if thai_typography.font_problem() is None:
        return None
    return _(
        "ยังไม่ได้ติดตั้งฟอนต์ %(font)s ที่ใช้จัดทำรายงาน PDF ระบบจึงยังรับคำขอรายงานไม่ได้ "
        "ผู้ดูแลระบบติดตั้งได้ด้วยคำสั่ง apt-get install %(package)s (หรือ make run)"
    ) % {"font": thai_typography.FONT_FAMILY, "package": thai_typography.FONT_PACKAGE}


def report_request(*, kind: str, parameters: dict[str, Any], user) -> ReportJob:
    """A job for ``user``: an identical job of theirs still in progress is returned; a
    finished file is reused when it was made for the same view of the data (the same
    parameters, data version and ``viewer_scope``: what a report holds depends on who
    reads it); otherwise a new job is queued after the commit."""
    spec = _kind(kind)
    if user is not None and user.is_evaluator:
        raise ValidationError(_("ผู้ประเมินไม่มีสิทธิ์ขอรายงานระดับจังหวัด"))
    clean = spec.clean_parameters(parameters, user=user)
    key = parameters_key(clean)
    version = spec.data_version(clean)
    mine = ReportJob.objects.filter(kind=kind, parameters_key=key, requested_by=user)
    pending = mine.filter(status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING]).first()
    if pending is not None:
        if pending.is_unsent:  # asked again: a good moment to try the broker again
            transaction.on_commit(lambda: report_job_enqueue(job=pending))
        return pending
    done = _reusable(
        kind=kind, key=key, scope=_scope_of(spec, clean, user), version=version
    ).first()
    if done is not None:
        if done.requested_by_id == (user.pk if user else None):
            return done
        return _copy_of(done, user=user)
    if message := font_missing_message():
        raise ValidationError(message)  # before a job that could only fail is queued
    job = report_job_create(kind=kind, parameters=clean, user=user, data_version=version)
    transaction.on_commit(lambda: report_job_enqueue(job=job))
    return job


def _scope_of(spec, parameters: dict[str, Any], user) -> str:
    return viewer_scope(spec.reader(parameters, user=user))


def _reusable(*, kind: str, key: str, scope: str, version: str):
    """Finished files made from the same parameters and data for the same view."""
    return ReportJob.objects.filter(
        kind=kind,
        parameters_key=key,
        viewer_scope=scope,
        data_version=version,
        status=ReportStatus.DONE,
    ).order_by("-finished_at")


def report_job_enqueue(*, job: ReportJob) -> bool:
    """Hand a queued job to the broker and note when; False when the broker is unreachable.

    The job then stays queued with no ``enqueued_at``: the request is kept, the page says
    generation is unavailable for now, and the sweeper sends it once Redis is back.
    """
    from reports.tasks import report_job_render_task

    try:
        report_job_render_task.delay(job.pk)
    except BROKER_ERRORS as error:
        logger.warning("report job %s not sent, the broker is unreachable: %s", job.pk, error)
        return False
    job.enqueued_at = timezone.now()
    ReportJob.objects.filter(pk=job.pk).update(enqueued_at=job.enqueued_at)
    return True


def report_job_create(
    *, kind: str, parameters: dict[str, Any], user, data_version: str = ""
) -> ReportJob:
    """A queued job (parameters already cleaned); does not enqueue it."""
    spec = _kind(kind)
    code = spec.province_code(parameters)
    job = ReportJob(
        kind=kind,
        parameters=parameters,
        parameters_key=parameters_key(parameters),
        requested_by=user,
        province_id=code,
        viewer_scope=_scope_of(spec, parameters, user),
        data_version=data_version,
        step=_("รอคิว"),
    )
    job.full_clean()
    job.save()
    return job


def _copy_of(done: ReportJob, *, user) -> ReportJob:
    """The same finished file, as a job of another user: nothing is rendered again."""
    now = timezone.now()
    job = ReportJob(
        kind=done.kind,
        parameters=done.parameters,
        parameters_key=done.parameters_key,
        requested_by=user,
        province_id=done.province_id,
        viewer_scope=done.viewer_scope,
        status=ReportStatus.DONE,
        progress=100,
        step=_("ใช้รายงานที่จัดทำไว้แล้ว (ข้อมูลไม่เปลี่ยนแปลง)"),
        data_version=done.data_version,
        file=done.file.name,
        size=done.size,
        checksum=done.checksum,
        page_count=done.page_count,
        started_at=now,
        finished_at=now,
    )
    job.full_clean()
    job.save()
    return job


# --- rendering -------------------------------------------------------------------------


def _progress_writer(job_id: int):
    def progress(percent: int, step: str) -> None:
        ReportJob.objects.filter(pk=job_id, status=ReportStatus.RUNNING).update(
            progress=max(0, min(percent, 99)), step=str(step)[:200], heartbeat_at=timezone.now()
        )

    return progress


def _this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _is_stale(job: ReportJob, *, now: datetime.datetime | None = None) -> bool:
    last_sign = job.heartbeat_at or job.started_at
    stale = datetime.timedelta(seconds=settings.REPORTS_HEARTBEAT_STALE)
    return last_sign is None or last_sign < (now or timezone.now()) - stale


def _worker_alive(job: ReportJob) -> bool:
    """Whether the process that claimed a running job is still making it.

    A process on this machine is asked directly, so that a pool process killed mid-job
    is replaced at once when its message comes back; of a process elsewhere only its
    heartbeat tells.
    """
    if _is_stale(job):
        return False
    host, _sep, pid = job.worker.rpartition(":")
    if host != socket.gethostname():
        return True
    if not pid.isdigit() or int(pid) == os.getpid():
        return False  # this very process is not making it: it is asking to start it
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@transaction.atomic
def _claim(job_id: int) -> ReportJob | None:
    """Mark the job running, or say there is nothing to do (finished, being made by a live
    worker — a message sent twice — or retried too often)."""
    job = ReportJob.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.is_finished:
        return None
    if job.status == ReportStatus.RUNNING:
        if _worker_alive(job):
            return None
        if job.attempts >= settings.REPORTS_MAX_ATTEMPTS:
            _fail_worker_lost(job)  # its worker died mid-job, too many times
            return None
    job.status = ReportStatus.RUNNING
    job.attempts += 1
    job.started_at = job.heartbeat_at = timezone.now()
    job.worker = _this_worker()
    job.progress = 1
    job.step = _("เริ่มจัดทำรายงาน")
    job.error = ""
    job.save(
        update_fields=[
            "status", "attempts", "started_at", "heartbeat_at", "worker", "progress", "step",
            "error",
        ]
    )  # fmt: skip
    return job


@contextlib.contextmanager
def _heartbeat(job_id: int):
    """While the block runs, touch the job every ``REPORTS_HEARTBEAT_SECONDS`` from a
    thread of its own: layout can run long between two progress steps."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(settings.REPORTS_HEARTBEAT_SECONDS):
                try:
                    ReportJob.objects.filter(pk=job_id, status=ReportStatus.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except TRANSIENT_ERRORS as error:  # the next beat tries again
                    logger.warning("report job %s heartbeat failed: %s", job_id, error)
        finally:
            connection.close()  # the thread's own connection

    thread = threading.Thread(target=beat, name=f"report-job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=settings.REPORTS_HEARTBEAT_SECONDS + 5)


class SignedRecordPending(Exception):
    """The job serves a signed record that the worker is still making: tried again."""


def _page_count(file) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    with file.open("rb") as content:
        return int(PdfFileReader(content, strict=False).root["/Pages"]["/Count"])


def _finish_with_signed_record(job: ReportJob, record, *, version: str) -> ReportJob:
    """The job hands out the signed record itself: the same stored file, bytes and
    checksum, never a render of its own (``ReportKind.signed_record``)."""
    if record.status == ReportStatus.FAILED:
        _mark_failed(
            job, _("ลงนามรายงานการประชุมที่รับรองแล้วไม่สำเร็จ: %(error)s") % {"error": record.error}
        )
        return job
    if not record.is_done:
        raise SignedRecordPending(_("รอการลงนามรายงานการประชุมที่รับรองแล้ว"))
    _finish(
        job,
        file_name=record.file.name,
        size=record.size,
        checksum=record.sha256,
        page_count=_page_count(record.file),
        version=version,
        step=_("เอกสารที่ลงนามแล้ว (ฉบับที่ %(version)s)") % {"version": record.version},
    )
    return job


def report_job_render(*, job_id: int) -> ReportJob | None:
    """Render a job's PDF and store it. The same code serves the task and the command.

    Returns the finished job, or None when there was nothing to do. Exceptions go to
    the caller (``report_job_run`` decides between retry and failure).
    """
    job = _claim(job_id)
    if job is None:
        return None
    spec = _kind(job.kind)
    progress = _progress_writer(job.pk)
    parameters = job.parameters
    version = spec.data_version(parameters)
    scope = _scope_of(spec, parameters, job.requested_by)
    if scope != job.viewer_scope:  # the requester's role or province changed meanwhile
        job.viewer_scope = scope
        job.save(update_fields=["viewer_scope"])
    record = spec.signed_record(parameters)
    if record is not None:
        return _finish_with_signed_record(job, record, version=spec.data_version(parameters))
    reusable = (
        _reusable(kind=job.kind, key=job.parameters_key, scope=job.viewer_scope, version=version)
        .exclude(pk=job.pk)
        .first()
    )
    if reusable is not None:
        _finish(
            job,
            file_name=reusable.file.name,
            size=reusable.size,
            checksum=reusable.checksum,
            page_count=reusable.page_count,
            version=version,
            step=_("ใช้รายงานที่จัดทำไว้แล้ว (ข้อมูลไม่เปลี่ยนแปลง)"),
        )
        return job
    with _heartbeat(job.pk), translation.override("th"):
        html = report_html(
            job_kind=job.kind, parameters=parameters, user=job.requested_by, progress=progress
        )
        progress(30, _("กำลังจัดหน้าเอกสาร"))
        pdf = html_to_pdf(
            html,
            base_url=str(settings.BASE_DIR),
            archival=spec.archival_record(parameters),
            on_page=lambda page: progress(
                min(30 + page * 2, 90), _("กำลังจัดหน้าเอกสาร หน้า %(page)s") % {"page": page}
            ),
        )
        progress(92, _("กำลังบันทึกไฟล์"))
    checksum = hashlib.sha256(pdf.content).hexdigest()
    name = job.file.storage.save(
        job.file.field.generate_filename(job, spec.filename(parameters)), ContentFile(pdf.content)
    )
    _finish(
        job,
        file_name=name,
        size=len(pdf.content),
        checksum=checksum,
        page_count=pdf.page_count,
        version=version,
        step=_("เสร็จแล้ว"),
    )
    return job


def report_html(
    *, job_kind: str, parameters: dict[str, Any], user, progress=None, extra_context=None
) -> str:
    """The report's HTML, before the Thai pipeline (the benchmark renders it both ways).
    ``extra_context``: a signed record's signature block (``reports.signed_records``)."""
    spec = _kind(job_kind)
    progress = progress or (lambda percent, step: None)
    context = spec.build_context(parameters=parameters, user=user, progress=progress)
    context.update(extra_context or {})
    context.update(
        font_css=thai_typography.font_face_css(),
        report_css=REPORT_CSS,
        thai_digits=parameters.get("thai_digits", False),
        generated_on=format_thai_date(timezone.localdate()),
    )
    if "fiscal_year" in parameters:
        context["period_start"], context["period_end"] = fiscal_year_range(
            parameters["fiscal_year"]
        )
    html = render_to_string(spec.template_name, context)
    return thai_digits_in_html(html) if parameters.get("thai_digits") else html


def _finish(job, *, file_name, size, checksum, page_count, version, step) -> None:
    job.file.name = file_name
    job.size, job.checksum, job.page_count = size, checksum, page_count
    job.data_version = version
    job.status = ReportStatus.DONE
    job.progress = 100
    job.step = step
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "file",
            "size",
            "checksum",
            "page_count",
            "data_version",
            "status",
            "progress",
            "step",
            "finished_at",
        ]
    )
    report_ready.send(sender=ReportJob, job=job)


def _mark_failed(job: ReportJob, message: str) -> None:
    job.status = ReportStatus.FAILED
    job.error = message
    job.step = _("ไม่สำเร็จ")
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "step", "finished_at"])


def _fail_worker_lost(job: ReportJob) -> None:
    _mark_failed(
        job,
        _("เครื่องประมวลผลหยุดทำงานระหว่างจัดทำรายงาน %(n)s ครั้ง กรุณาขอรายงานใหม่อีกครั้ง")
        % {"n": job.attempts},
    )


@transaction.atomic
def report_job_fail(*, job_id: int, message: str) -> None:
    job = ReportJob.objects.select_for_update().filter(pk=job_id).first()
    if job is not None and not job.is_finished:
        _mark_failed(job, message)


def report_job_requeue(*, job_id: int, message: str) -> None:
    """Back to the queue before a retry, so the page says it is waiting, not stuck."""
    ReportJob.objects.filter(pk=job_id, status=ReportStatus.RUNNING).update(
        status=ReportStatus.QUEUED, step=message[:200]
    )


def report_job_run(*, job_id: int) -> ReportJob | None:
    """Render, turning every non-transient error into a failed job with a Thai message.

    Transient errors (database or broker unreachable) and a signed record still being
    made (``SignedRecordPending``) are raised for the task to retry.
    """
    from celery.exceptions import SoftTimeLimitExceeded

    try:
        return report_job_render(job_id=job_id)
    except (*TRANSIENT_ERRORS, SignedRecordPending):
        raise
    except SoftTimeLimitExceeded:
        report_job_fail(
            job_id=job_id, message=_("ใช้เวลาจัดทำรายงานนานเกินกำหนด กรุณาเลือกเงื่อนไขให้แคบลงแล้วลองใหม่")
        )
    except Exception as error:  # noqa: BLE001 — every failure must end in a failed job
        logger.exception("report job %s failed", job_id)
        report_job_fail(
            job_id=job_id,
            message=_("จัดทำรายงานไม่สำเร็จเนื่องจากข้อผิดพลาดภายในระบบ (%(error)s)")
            % {"error": type(error).__name__},
        )
    return ReportJob.objects.filter(pk=job_id).first()


# --- housekeeping ------------------------------------------------------------------------


# A job this young may still be on its way to the broker (its request's on_commit).
UNSENT_GRACE = datetime.timedelta(seconds=10)


def report_jobs_sweep(*, now: datetime.datetime | None = None) -> int:
    """What beat runs every ``REPORTS_SWEEP_SECONDS``: hand the running jobs whose worker
    has gone quiet to another worker (or fail them after ``REPORTS_MAX_ATTEMPTS``), send
    the queued jobs no worker has taken, and fail jobs running past the hard time limit
    or queued for longer than a day. Returns the number of jobs failed."""
    now = now or timezone.now()
    failed = report_jobs_recover(now=now)
    report_jobs_resend(now=now)
    grace = datetime.timedelta(seconds=settings.REPORTS_TIME_LIMIT + settings.REPORTS_SWEEP_GRACE)
    stuck = ReportJob.objects.filter(
        Q(status=ReportStatus.RUNNING, started_at__lt=now - grace)
        | Q(status=ReportStatus.QUEUED, requested_at__lt=now - datetime.timedelta(days=1))
    )
    for job_id in stuck.values_list("pk", flat=True):
        report_job_fail(
            job_id=job_id,
            message=_(
                "การจัดทำรายงานหยุดค้างเกินเวลาที่กำหนด (เครื่องประมวลผลอาจหยุดทำงาน) กรุณาขอรายงานใหม่"
            ),
        )
        failed += 1
    return failed


def report_jobs_recover(*, now: datetime.datetime | None = None) -> int:
    """Running jobs whose worker stopped touching them (killed, machine restarted, cut
    off from the database): back to the queue for another worker, or failed once they
    have been tried ``REPORTS_MAX_ATTEMPTS`` times. Returns the number failed."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=settings.REPORTS_HEARTBEAT_STALE)
    quiet = (
        ReportJob.objects.filter(status=ReportStatus.RUNNING)
        .alias(last_sign=Coalesce("heartbeat_at", "started_at"))
        .filter(last_sign__lt=stale)
    )
    failed, requeued = 0, []
    for job_id in quiet.values_list("pk", flat=True):
        with transaction.atomic():
            job = ReportJob.objects.select_for_update().get(pk=job_id)
            if job.status != ReportStatus.RUNNING or not _is_stale(job, now=now):
                continue  # taken up again meanwhile
            if job.attempts >= settings.REPORTS_MAX_ATTEMPTS:
                _fail_worker_lost(job)
                failed += 1
                continue
            logger.warning("report job %s lost its worker %s; queued again", job.pk, job.worker)
            job.status = ReportStatus.QUEUED
            job.enqueued_at = None  # unsent until the broker has it
            job.step = _("เครื่องประมวลผลหยุดทำงาน กำลังส่งให้เครื่องอื่นจัดทำ")
            job.save(update_fields=["status", "enqueued_at", "step"])
            requeued.append(job)
    for job in requeued:
        if not report_job_enqueue(job=job):
            break  # the broker is down: report_jobs_resend sends them once it is back
    return failed


def report_jobs_resend(*, now: datetime.datetime | None = None) -> int:
    """Send again the queued jobs the broker does not have; the number sent.

    A job sent twice is harmless: the second delivery finds it finished and does nothing.
    """
    now = now or timezone.now()
    lost_before = now - datetime.timedelta(seconds=settings.REPORTS_RESEND_AFTER)
    waiting = ReportJob.objects.filter(
        Q(enqueued_at__isnull=True, requested_at__lt=now - UNSENT_GRACE)
        | Q(enqueued_at__lt=lost_before),
        status=ReportStatus.QUEUED,
        requested_at__gte=now - datetime.timedelta(days=1),
    ).order_by("requested_at")
    sent = 0
    for job in waiting:
        if not report_job_enqueue(job=job):
            break  # the broker is still down: the next sweep tries again
        sent += 1
    return sent


def report_schedule_monthly(*, fiscal_year: int | None = None) -> list[ReportJob]:
    """The monthly provincial summary of every province that has data, as system jobs."""
    fiscal_year = fiscal_year or current_fiscal_year()
    codes = (
        set(Club.objects.values_list("province_id", flat=True).distinct())
        | set(IndicatorResult.objects.values_list("province_id", flat=True).distinct())
        | set(Project.objects.values_list("province_id", flat=True).distinct())
    )
    jobs = []
    for province in Province.objects.filter(pk__in=codes).order_by("code"):
        jobs.append(
            report_request(
                kind="provincial_summary",
                parameters={"province": province.code, "fiscal_year": fiscal_year},
                user=None,
            )
        )
    return jobs
