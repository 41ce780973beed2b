"""Celery entry points: thin, by id."""

from celery import shared_task
from django.conf import settings

from portal import services


# No retries: a backup that failed says why on its job, and tomorrow's runs anyway.
@shared_task(
    acks_late=False,
    soft_time_limit=settings.BACKUP_TIME_LIMIT,
    time_limit=settings.BACKUP_TIME_LIMIT + 60,
)
def backup_make_task(job_id: int) -> None:
    services.backup_job_run(job_id=job_id)


@shared_task(
    acks_late=False,
    soft_time_limit=settings.BACKUP_TIME_LIMIT,
    time_limit=settings.BACKUP_TIME_LIMIT + 60,
)
def backup_daily_task() -> int | None:
    job = services.backup_daily()
    return job.pk if job else None
