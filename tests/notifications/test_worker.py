"""Notifications through a real Celery worker process and Redis: a domain action raises
the event, the worker sends the mail to the SMTP server the test started, and an SMTP
server that is down when the worker first tries is delivered to once, after back-off."""

import pytest
from django.utils import timezone

from accounts.models import Role
from meetings.services import meeting_submit
from notifications.models import Channel, Kind, Mode, Outbox, Preference, State
from notifications.tasks import outbox_deliver_task, outbox_dispatch_task
from tests.accounts.factories import UserFactory
from tests.meetings.factories import CommitteeFactory, make_meeting
from tests.worker_processes import start_worker, stop_worker, wait_for, wait_until_ready

QUEUE = "notifications-test"

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mail_worker(smtp, monkeypatch):
    """A worker of our own, on its own queue, whose SMTP settings are the test server's;
    the portal's deliveries are sent to that queue (the suite's worker has other SMTP
    settings and must not take them)."""
    monkeypatch.setattr(outbox_deliver_task, "queue", QUEUE, raising=False)
    monkeypatch.setattr(outbox_deliver_task, "_exec_options", None)  # recomputed with it
    name = "notifications-test"
    worker = start_worker(
        name,
        QUEUE,
        {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
            "EMAIL_USE_TLS": "false",
            "EMAIL_USE_SSL": "false",
            "NOTIFY_QUIET_HOURS": "",  # the test runs at any hour
            "NOTIFY_RETRY_BASE_SECONDS": "1",  # back-off of 1 s, 2 s, 4 s…
            "NOTIFY_PROVIDER_TIMEOUT": "3",
        },
    )
    try:
        assert wait_until_ready(name), f"worker {name} did not start; see var/test-{name}.log"
        yield worker
    finally:
        stop_worker(worker)


@pytest.fixture
def submitted(province_a, officer_a):
    """Officer A sends minutes for checking; their colleague, who wants e-mail at once,
    is the checker to be told."""
    checker = UserFactory(
        username="checker_a", role=Role.OFFICER, province=province_a,
        email="checker@example.go.th", first_name="สมหญิง", last_name="ตรวจดี",
    )  # fmt: skip
    Preference.objects.create(
        user=checker, kind=Kind.MINUTES_SUBMITTED, channel=Channel.EMAIL, mode=Mode.IMMEDIATE
    )
    committee = CommitteeFactory(provinces=[province_a], name="คณะกรรมการ TO BE NUMBER ONE")
    meeting = make_meeting(committee)

    def submit():
        meeting_submit(meeting=meeting, submitted_by=officer_a)
        return Outbox.objects.get(recipient=checker, channel=Channel.EMAIL)

    return submit


def _sent(outbox_id: int):
    return Outbox.objects.filter(pk=outbox_id, state__in=[State.SENT, State.FAILED]).first()


def test_minutes_submitted_reach_the_checker_by_email_through_the_worker(
    smtp, mail_worker, submitted
):
    # When minutes are submitted on the portal
    row = submitted()
    assert row.state == State.PENDING  # the request does not wait for the mail

    # then the worker sends the mail, and the outbox row says so with the SMTP answer
    done = wait_for(lambda: _sent(row.pk), 60, 0.2)
    assert done is not None, "not sent within 60 s; see var/test-notifications-test.log"
    assert done.state == State.SENT and done.attempts == 1 and "250" in done.provider_answer
    (message,) = smtp.messages
    assert message["X-Envelope-To"] == "checker@example.go.th"
    assert (
        message["Subject"]
        .strip()
        .startswith("[พอร์ทัลติดตามโครงการ] รายงานการประชุมรอตรวจ: คณะกรรมการ TO BE NUMBER ONE ครั้งที่")
    )
    assert "/meetings/" in message.get_content()
    # and beat's dispatch running afterwards sends nothing more
    outbox_dispatch_task()
    assert len(smtp.messages) == 1


def test_smtp_down_then_up_is_delivered_once_by_the_workers_retries(smtp, mail_worker, submitted):
    # Given the SMTP server down when the minutes are submitted
    smtp.stop()
    row = submitted()
    # the worker tries, fails, and waits (the row keeps the provider's answer)
    waiting = wait_for(
        lambda: Outbox.objects.filter(pk=row.pk, state=State.RETRY, attempts__gte=1).first(),
        60,
        0.1,
    )
    assert waiting is not None, "the worker did not try; see var/test-notifications-test.log"
    assert "SMTP unavailable" in waiting.provider_answer
    assert waiting.next_attempt_at > waiting.created_at
    assert smtp.messages == []

    # When the server is back, the task's own retry delivers the message
    smtp.start()
    done = wait_for(lambda: _sent(row.pk), 90, 0.2)
    assert done is not None, "not sent within 90 s; see var/test-notifications-test.log"
    assert done.state == State.SENT and done.attempts >= 2
    assert done.sent_at <= timezone.now()
    # once: beat's dispatch and a duplicated task find it sent
    outbox_dispatch_task()
    assert outbox_deliver_task(row.pk) == "not_due"
    assert len(smtp.messages) == 1
