"""Two workers at once send a row once; a broker that is down never blocks the page."""

import asyncio
import threading
import time

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.urls import reverse

from accounts.models import Role
from notifications import services
from notifications.models import Channel, Kind, Mode, Outbox, Preference, State
from notifications.tasks import outbox_dispatch_task
from tests.accounts.factories import UserFactory
from tests.meetings.factories import CommitteeFactory, make_meeting


class SlowInbox:
    """Holds each message a moment, so that a second sender would overlap the first."""

    def __init__(self, inbox):
        self.inbox = inbox

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(1)
        return await self.inbox.handle_DATA(server, session, envelope)


@pytest.mark.django_db(transaction=True)
def test_two_workers_delivering_the_same_row_send_it_once(smtp, province_a):
    user = UserFactory(role=Role.OFFICER, province=province_a, email="a@example.go.th")
    Preference.objects.create(
        user=user, kind=Kind.MINUTES_SUBMITTED, channel=Channel.EMAIL, mode=Mode.IMMEDIATE
    )
    services.event_raise(
        kind=Kind.MINUTES_SUBMITTED, key="race", province_id=province_a.pk,
        recipients=[user], title="รายงานการประชุมรอตรวจ",
    )  # fmt: skip
    outbox_id = Outbox.objects.get(channel=Channel.EMAIL).pk
    smtp.stop()
    smtp.controller = Controller(SlowInbox(smtp.inbox), hostname="127.0.0.1", port=smtp.port)
    smtp.controller.start()
    results = []

    def deliver():
        try:
            results.append(services.outbox_deliver(outbox_id=outbox_id))
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _n in range(3)]
    for thread in threads:
        thread.start()
        time.sleep(0.1)
    for thread in threads:
        thread.join(timeout=20)

    assert sorted(results) == ["not_due", "not_due", State.SENT]
    assert len(smtp.messages) == 1
    assert Outbox.objects.get(pk=outbox_id).attempts == 1


@pytest.mark.django_db
def test_a_broker_that_is_down_never_blocks_the_form_and_beat_sends_later(
    client, smtp, broker_url, province_a, officer_a, django_capture_on_commit_callbacks
):
    checker = UserFactory(role=Role.OFFICER, province=province_a, email="checker@example.go.th")
    Preference.objects.create(
        user=checker, kind=Kind.MINUTES_SUBMITTED, channel=Channel.EMAIL, mode=Mode.IMMEDIATE
    )
    meeting = make_meeting(CommitteeFactory(provinces=[province_a]))
    broker_url("redis://127.0.0.1:1/0")  # nothing listens there
    client.force_login(officer_a)

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:meeting_submit", args=[meeting.pk]))
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < 10  # the page answered although no message could be queued
    pending = Outbox.objects.get(recipient=checker, channel=Channel.EMAIL)
    assert pending.state == State.PENDING
    assert smtp.messages == []

    assert outbox_dispatch_task() == 1  # beat's dispatch, once the worker runs again
    assert outbox_dispatch_task() == 0
    assert len(smtp.messages) == 1
    assert "รายงานการประชุมรอตรวจ" in smtp.messages[0]["Subject"]
