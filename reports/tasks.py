"""Celery entry points: thin, by id, with their retry policy and time limits."""

import contextlib

from celery import shared_task
from django.conf import settings
from django.utils.translation import gettext as _

from reports import services, signed_records


def _retry_with_back_off(task, error: Exception, *, fail, requeue) -> None:
    """A transient failure of ``task``: after its last retry ``fail()`` settles the row;
    before that the row reads "waiting to retry" and the task is retried after 5 s, 10 s,
    20 s, … (if even that write fails, the retry — or, at worst, the sweeper — settles it)."""
    if task.request.retries >= task.max_retries:
        fail()
        return
    with contextlib.suppress(services.TRANSIENT_ERRORS):
        requeue(_("ระบบไม่พร้อมชั่วคราว กำลังรอลองใหม่"))
    raise task.retry(exc=error, countdown=5 * 2**task.request.retries) from error


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
    except (*services.TRANSIENT_ERRORS, services.SignedRecordPending) as error:
        pending = isinstance(error, services.SignedRecordPending)
        waiting = str(error)
        if pending:
            failure = _("รายงานการประชุมที่รับรองแล้วยังลงนามไม่เสร็จ กรุณาขอรายงานใหม่ภายหลัง")
        else:
            failure = _(
                "ฐานข้อมูลหรือระบบคิวไม่พร้อมใช้งาน ลองใหม่ครบ %(n)s ครั้งแล้ว กรุณาขอรายงานใหม่ภายหลัง"
            ) % {"n": self.max_retries}
        _retry_with_back_off(
            self,
            error,
            fail=lambda: services.report_job_fail(job_id=job_id, message=failure),
            requeue=lambda message: services.report_job_requeue(
                job_id=job_id, message=waiting if pending else message
            ),
        )


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
        failure = _("ลงนามเอกสารไม่สำเร็จ ลองใหม่ครบ %(n)s ครั้งแล้ว: %(error)s") % {
            "n": self.max_retries,
            "error": error,
        }
        _retry_with_back_off(
            self,
            error,
            fail=lambda: signed_records.signed_record_fail(record_id=record_id, message=failure),
            requeue=lambda message: signed_records.signed_record_requeue(
                record_id=record_id, message=message
            ),
        )
