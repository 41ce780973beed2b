"""Celery entry points: thin, by id, with their retry policy and time limits."""

import contextlib

from celery import shared_task
from django.conf import settings
from django.utils.translation import gettext as _

from reports import services, signed_records


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.REPORTS_SOFT_TIME_LIMIT,
    time_limit=settings.REPORTS_TIME_LIMIT,
    max_retries=settings.REPORTS_MAX_RETRIES,
)
def report_job_render_task(self, job_id: int) -> None:
    try:
        services.report_job_run(job_id=job_id)
    except services.TRANSIENT_ERRORS as error:
        if self.request.retries >= self.max_retries:
            services.report_job_fail(
                job_id=job_id,
                message=_(
                    "ฐานข้อมูลหรือระบบคิวไม่พร้อมใช้งาน ลองใหม่ครบ %(n)s ครั้งแล้ว กรุณาขอรายงานใหม่ภายหลัง"
                )
                % {"n": self.max_retries},
            )
            return
        # Still down: the retry (or, at worst, the sweeper) settles the job.
        with contextlib.suppress(services.TRANSIENT_ERRORS):
            services.report_job_requeue(job_id=job_id, message=_("ระบบไม่พร้อมชั่วคราว กำลังรอลองใหม่"))
        # Exponential back-off: 5 s, 10 s, 20 s, …
        raise self.retry(exc=error, countdown=5 * 2**self.request.retries) from error


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def report_jobs_sweep_task() -> int:
    return services.report_jobs_sweep()


@shared_task(acks_late=True, soft_time_limit=120, time_limit=180)
def report_monthly_summaries_task() -> int:
    return len(services.report_schedule_monthly())


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.REPORTS_SOFT_TIME_LIMIT,
    time_limit=settings.REPORTS_TIME_LIMIT,
    max_retries=settings.SIGNING_MAX_RETRIES,
)
def signed_record_make_task(self, record_id: int) -> None:
    """Render, sign and store a record. The database, the broker, the timestamp authority
    or the OCSP responder briefly unreachable: tried again with a growing pause."""
    try:
        signed_records.signed_record_make(record_id=record_id)
    except (*services.TRANSIENT_ERRORS, OSError) as error:
        if self.request.retries >= self.max_retries:
            signed_records.signed_record_fail(
                record_id=record_id,
                message=_("ลงนามเอกสารไม่สำเร็จ ลองใหม่ครบ %(n)s ครั้งแล้ว: %(error)s")
                % {"n": self.max_retries, "error": error},
            )
            return
        with contextlib.suppress(services.TRANSIENT_ERRORS):
            signed_records.signed_record_requeue(
                record_id=record_id, message=_("ระบบไม่พร้อมชั่วคราว กำลังรอลองใหม่")
            )
        raise self.retry(exc=error, countdown=5 * 2**self.request.retries) from error
