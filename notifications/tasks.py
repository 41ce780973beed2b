"""Celery entry points: thin, by id; each is safe to run twice (the outbox rows' states
and locks decide what is sent)."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from notifications import services, sweep
from notifications.models import State


@shared_task(bind=True, acks_late=True, soft_time_limit=60, time_limit=90)
def outbox_deliver_task(self, outbox_id: int) -> str:
    """One row; a provider that is down is tried again with exponential back-off (the
    wait is on the row, ``next_attempt_at``, so beat's dispatch keeps to it too)."""
    state = services.outbox_deliver(outbox_id=outbox_id)
    if state == State.RETRY and self.request.retries < settings.NOTIFY_MAX_ATTEMPTS:
        wait = services.seconds_until_next_attempt(outbox_id)
        raise self.retry(countdown=wait, max_retries=settings.NOTIFY_MAX_ATTEMPTS)
    return state


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def outbox_dispatch_task() -> int:
    """Send every row that is due: new ones, those deferred past quiet hours, and those
    waiting for a retry with back-off (a provider that was down). Beat runs it every
    ``NOTIFY_DISPATCH_SECONDS``; a second run at the same time skips the locked rows."""
    sent = 0
    for outbox_id in services.outbox_due():
        sent += services.outbox_deliver(outbox_id=outbox_id) == State.SENT
    for recipient_id, day in services.digests_to_retry():
        sent += services.digest_send(recipient_id=recipient_id, day=day) == State.SENT
    return sent


@shared_task(acks_late=True, soft_time_limit=1800, time_limit=2000)
def action_items_sweep_task() -> dict:
    return sweep.action_items_sweep()


@shared_task(acks_late=True, soft_time_limit=1800, time_limit=2000)
def digests_send_task() -> int:
    day = timezone.localdate()
    return sum(
        services.digest_send(recipient_id=pk, day=day) == State.SENT
        for pk in services.digests_due(day=day)
    )
