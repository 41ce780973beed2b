"""Delivery through real parts: an SMTP server and a LINE-speaking HTTP server of the
tests' own. Sent once whatever is retried; a provider that is down delays, then delivers."""

import base64
import datetime
import hashlib
import hmac
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from notifications import services
from notifications.models import Channel, Digest, Kind, LineLink, Mode, Outbox, Preference, State
from notifications.tasks import digests_send_task, outbox_deliver_task, outbox_dispatch_task
from tests.accounts.factories import UserFactory
from tests.notifications.conftest import LINE_SECRET, LINE_TOKEN

pytestmark = pytest.mark.django_db


@pytest.fixture
def somchai(province_a):
    return UserFactory(
        username="somchai", role=Role.OFFICER, province=province_a, email="somchai@example.go.th",
        first_name="สมชาย", last_name="ใจดี",
    )  # fmt: skip


def raise_for(user, *, n=1, kind=Kind.MINUTES_SUBMITTED, province=None):
    return [
        services.event_raise(
            kind=kind,
            key=f"test:{kind}:{user.pk}:{i}",
            province_id=province or user.province_id,
            recipients=[user],
            title=f"รายงานการประชุมรอตรวจ: คณะกรรมการ TO BE NUMBER ONE ครั้งที่ {i + 1}/2569",
            body="ประชุมเมื่อ 8 มิถุนายน 2569",
            url=f"/meetings/{i + 1}/",
        )
        for i in range(n)
    ]


def prefer(user, kind, channel, mode=Mode.IMMEDIATE, enabled=True):
    Preference.objects.create(user=user, kind=kind, channel=channel, mode=mode, enabled=enabled)


def row(user, channel):
    return Outbox.objects.get(recipient=user, channel=channel)


# --- E-mail ---------------------------------------------------------------------------


def test_immediate_email_arrives_with_a_thai_subject_and_body(smtp, somchai):
    prefer(somchai, Kind.MINUTES_SUBMITTED, Channel.EMAIL)
    raise_for(somchai)

    assert outbox_deliver_task(row(somchai, Channel.EMAIL).pk) == State.SENT

    (message,) = smtp.messages
    assert "=?utf-8?" in smtp.raw[0].split(b"\r\n\r\n")[0].decode("ascii").lower()  # RFC 2047
    assert message["Subject"].strip() == (
        "[พอร์ทัลติดตามโครงการ] รายงานการประชุมรอตรวจ: คณะกรรมการ TO BE NUMBER ONE ครั้งที่ 1/2569"
    )
    assert message["X-Envelope-To"] == "somchai@example.go.th"
    body = message.get_content()
    assert "ประชุมเมื่อ 8 มิถุนายน 2569" in body
    assert "http://127.0.0.1:8000/meetings/1/" in body
    sent = row(somchai, Channel.EMAIL)
    assert sent.sent_at is not None and sent.attempts == 1 and "250" in sent.provider_answer


def test_email_is_a_daily_digest_by_default_sent_once_even_when_beat_runs_twice(smtp, somchai):
    raise_for(somchai, n=3)
    assert set(Outbox.objects.filter(channel=Channel.EMAIL).values_list("state", flat=True)) == {
        State.DIGEST
    }

    assert digests_send_task() == 1
    assert digests_send_task() == 0  # beat ran twice
    outbox_dispatch_task()

    (message,) = smtp.messages
    assert message["Subject"].strip() == "[พอร์ทัลติดตามโครงการ] สรุปการแจ้งเตือนประจำวัน 3 รายการ"
    body = message.get_content()
    assert "1. รายงานการประชุมรอตรวจ" in body and "3. รายงานการประชุมรอตรวจ" in body
    assert Outbox.objects.filter(channel=Channel.EMAIL, state=State.SENT).count() == 3
    assert Digest.objects.get().state == State.SENT


def test_smtp_down_then_up_delivers_once_after_back_off(smtp, somchai, settings):
    prefer(somchai, Kind.MINUTES_SUBMITTED, Channel.EMAIL)
    raise_for(somchai)
    outbox_id = row(somchai, Channel.EMAIL).pk
    smtp.stop()

    now = timezone.now()
    assert services.outbox_deliver(outbox_id=outbox_id, now=now) == State.RETRY
    waiting = Outbox.objects.get(pk=outbox_id)
    assert "SMTP unavailable" in waiting.provider_answer
    assert waiting.next_attempt_at == now + datetime.timedelta(
        seconds=settings.NOTIFY_RETRY_BASE_SECONDS
    )
    # Not again before the back-off is over, even when asked.
    assert (
        services.outbox_deliver(outbox_id=outbox_id, now=now + datetime.timedelta(seconds=5))
        == State.RETRY
    )
    assert Outbox.objects.get(pk=outbox_id).attempts == 1

    smtp.start()
    later = now + datetime.timedelta(minutes=5)
    assert services.outbox_deliver(outbox_id=outbox_id, now=later) == State.SENT
    assert services.outbox_deliver(outbox_id=outbox_id, now=later) == "not_due"  # a retried task
    outbox_dispatch_task()
    assert len(smtp.messages) == 1
    assert Outbox.objects.get(pk=outbox_id).attempts == 2


def test_quiet_hours_defer_and_never_drop(smtp, somchai, settings):
    settings.NOTIFY_QUIET_HOURS = "20:00-07:00"
    prefer(somchai, Kind.MINUTES_SUBMITTED, Channel.EMAIL)
    # The row is due from when it is raised (now), so the evening is one still to come.
    day = timezone.localdate() + datetime.timedelta(days=1)
    next_day = day + datetime.timedelta(days=1)
    evening = timezone.make_aware(datetime.datetime.combine(day, datetime.time(21, 15)))
    raise_for(somchai)
    outbox_id = row(somchai, Channel.EMAIL).pk

    assert services.outbox_deliver(outbox_id=outbox_id, now=evening) == State.DEFERRED
    deferred = Outbox.objects.get(pk=outbox_id)
    assert timezone.localtime(deferred.next_attempt_at) == timezone.make_aware(
        datetime.datetime.combine(next_day, datetime.time(7, 0))
    )
    assert services.outbox_due(now=evening + datetime.timedelta(hours=3)) == []
    assert smtp.messages == []

    morning = timezone.make_aware(datetime.datetime.combine(next_day, datetime.time(7, 1)))
    assert services.outbox_due(now=morning) == [outbox_id]
    assert services.outbox_deliver(outbox_id=outbox_id, now=morning) == State.SENT
    assert len(smtp.messages) == 1


def test_a_digest_due_in_quiet_hours_is_held_and_sent_once_when_they_end(smtp, somchai, settings):
    settings.NOTIFY_QUIET_HOURS = "20:00-07:00"
    raise_for(somchai, n=2)
    day = datetime.date(2026, 12, 7)
    evening = timezone.make_aware(datetime.datetime(2026, 12, 7, 21, 15))

    assert services.digest_send(recipient_id=somchai.pk, day=day, now=evening) == State.DEFERRED
    held = Digest.objects.get()
    assert timezone.localtime(held.next_attempt_at) == timezone.make_aware(
        datetime.datetime(2026, 12, 8, 7, 0)
    )
    # Beat runs the digest again in the night: still held, nothing sent.
    later = evening + datetime.timedelta(hours=3)
    assert services.digest_send(recipient_id=somchai.pk, day=day, now=later) == State.DEFERRED
    assert services.digests_to_retry(now=later) == []
    assert smtp.messages == []
    assert Outbox.objects.filter(channel=Channel.EMAIL, state=State.DIGEST).count() == 2

    morning = timezone.make_aware(datetime.datetime(2026, 12, 8, 7, 1))
    assert services.digests_to_retry(now=morning) == [(somchai.pk, day)]
    assert services.digest_send(recipient_id=somchai.pk, day=day, now=morning) == State.SENT
    assert services.digest_send(recipient_id=somchai.pk, day=day, now=morning) == "not_due"
    assert services.digests_to_retry(now=morning) == []

    (message,) = smtp.messages
    assert message["Subject"].strip() == "[พอร์ทัลติดตามโครงการ] สรุปการแจ้งเตือนประจำวัน 2 รายการ"
    assert Outbox.objects.filter(channel=Channel.EMAIL, state=State.SENT).count() == 2
    assert Digest.objects.get().attempts == 1


# --- LINE -----------------------------------------------------------------------------


def test_line_push_with_rate_limit_then_ok_is_delivered_once(line, somchai):
    LineLink.objects.create(user=somchai, line_user_id="U" + "a" * 32)
    raise_for(somchai)
    push = row(somchai, Channel.LINE)
    line.script = [429]

    now = timezone.now()
    assert services.outbox_deliver(outbox_id=push.pk, now=now) == State.RETRY
    assert "429" in Outbox.objects.get(pk=push.pk).provider_answer
    assert "rate limit" in Outbox.objects.get(pk=push.pk).provider_answer
    later = now + datetime.timedelta(minutes=2)
    assert services.outbox_deliver(outbox_id=push.pk, now=later) == State.SENT
    assert services.outbox_deliver(outbox_id=push.pk, now=later) == "not_due"

    assert [r["status"] for r in line.requests] == [429, 200]
    for request in line.requests:
        assert request["path"] == "/v2/bot/message/push"
        assert request["headers"]["Authorization"] == f"Bearer {LINE_TOKEN}"
        assert request["headers"]["X-Line-Retry-Key"] == str(push.retry_key)
    (delivered,) = line.delivered
    assert delivered["body"]["to"] == "U" + "a" * 32
    (message,) = delivered["body"]["messages"]
    assert message["type"] == "text"
    assert message["text"].startswith("รายงานการประชุมรอตรวจ")
    assert "http://127.0.0.1:8000/meetings/1/" in message["text"]


def test_a_push_line_already_accepted_is_not_sent_again(line, somchai):
    """The worker died after LINE accepted the push but before the row was saved: the
    retry carries the same X-Line-Retry-Key, LINE answers 409, and the row is sent."""
    LineLink.objects.create(user=somchai, line_user_id="U" + "b" * 32)
    raise_for(somchai)
    push = row(somchai, Channel.LINE)
    line.accepted_keys.add(str(push.retry_key))

    assert services.outbox_deliver(outbox_id=push.pk) == State.SENT
    assert [r["status"] for r in line.requests] == [409]
    assert line.delivered == []


@pytest.mark.parametrize("status", [400, 401, 403])
def test_line_errors_that_will_not_pass_fail_the_row_without_retrying(line, somchai, status):
    LineLink.objects.create(user=somchai, line_user_id="U" + "c" * 32)
    raise_for(somchai)
    push = row(somchai, Channel.LINE)
    line.script = [status]

    assert services.outbox_deliver(outbox_id=push.pk) == State.FAILED
    assert str(status) in Outbox.objects.get(pk=push.pk).provider_answer
    assert services.outbox_deliver(outbox_id=push.pk) == "not_due"
    assert len(line.requests) == 1


def test_line_500_then_ok_retries(line, somchai):
    LineLink.objects.create(user=somchai, line_user_id="U" + "d" * 32)
    raise_for(somchai)
    push = row(somchai, Channel.LINE)
    line.script = [500, 500]
    now = timezone.now()
    for minutes in (0, 1):
        assert (
            services.outbox_deliver(
                outbox_id=push.pk, now=now + datetime.timedelta(minutes=minutes * 10)
            )
            == State.RETRY
        )
    assert (
        services.outbox_deliver(outbox_id=push.pk, now=now + datetime.timedelta(hours=1))
        == State.SENT
    )
    assert len(line.delivered) == 1


def test_no_line_row_for_a_user_who_has_not_linked(line, somchai):
    raise_for(somchai)
    assert not Outbox.objects.filter(channel=Channel.LINE).exists()


# --- Preferences and defaults ---------------------------------------------------------


def test_preferences_turn_channels_off_and_choose_immediate(somchai, line):
    LineLink.objects.create(user=somchai, line_user_id="U" + "e" * 32)
    prefer(somchai, Kind.MINUTES_SUBMITTED, Channel.LINE, enabled=False)
    prefer(somchai, Kind.MINUTES_SUBMITTED, Channel.EMAIL, mode=Mode.IMMEDIATE)
    raise_for(somchai)
    raise_for(somchai, kind=Kind.RESULTS_APPROVED)

    channels = dict(
        Outbox.objects.filter(event__kind=Kind.MINUTES_SUBMITTED).values_list("channel", "state")
    )
    assert channels == {Channel.PORTAL: State.SENT, Channel.EMAIL: State.PENDING}
    other = dict(
        Outbox.objects.filter(event__kind=Kind.RESULTS_APPROVED).values_list("channel", "state")
    )
    assert other == {
        Channel.PORTAL: State.SENT,
        Channel.EMAIL: State.DIGEST,
        Channel.LINE: State.PENDING,
    }


def test_an_administrators_default_applies_to_who_has_not_chosen(somchai, officer_a):
    from notifications.models import ChannelDefault

    officer_a.email = "a@example.go.th"
    officer_a.save()
    ChannelDefault.objects.create(
        kind=Kind.MINUTES_SUBMITTED, channel=Channel.EMAIL, enabled=False, mode=Mode.DIGEST
    )
    prefer(somchai, Kind.MINUTES_SUBMITTED, Channel.EMAIL, mode=Mode.DIGEST)
    services.event_raise(
        kind=Kind.MINUTES_SUBMITTED, key="k", province_id=somchai.province_id,
        recipients=[somchai, officer_a], title="เรื่อง",
    )  # fmt: skip
    assert list(
        Outbox.objects.filter(channel=Channel.EMAIL).values_list("recipient__username", flat=True)
    ) == ["somchai"]


def test_settings_page_saves_choices(client, somchai):
    client.force_login(somchai)
    data = {f"{k}__{c}__mode": "immediate" for k in Kind.values for c in Channel.values}
    data.update({f"{k}__{c}__on": "1" for k in Kind.values for c in Channel.values})
    del data[f"{Kind.ACTION_DUE}__{Channel.LINE}__on"]
    data[f"{Kind.ACTION_OVERDUE}__{Channel.EMAIL}__mode"] = "digest"  # the default: not stored

    response = client.post(reverse("notifications:settings"), data)

    assert response.status_code == 302
    prefs = services.preferences_of([somchai.pk], Kind.values)
    assert prefs.of(somchai.pk, Kind.ACTION_DUE, Channel.LINE)[0] is False
    assert prefs.of(somchai.pk, Kind.ACTION_DUE, Channel.EMAIL) == (True, Mode.IMMEDIATE)
    assert not Preference.objects.filter(kind=Kind.ACTION_OVERDUE, channel=Channel.EMAIL).exists()
    bad = dict(data, **{f"{Kind.ACTION_DUE}__{Channel.EMAIL}__mode": "hourly"})
    response = client.post(reverse("notifications:settings"), bad, follow=True)
    assert "วิธีส่งไม่ถูกต้อง" in response.content.decode()


# --- Outside the province -------------------------------------------------------------


def test_a_user_outside_the_events_province_never_receives_it(somchai, officer_b):
    services.event_raise(
        kind=Kind.MINUTES_SUBMITTED, key="leak", province_id=somchai.province_id,
        recipients=[somchai, officer_b], title="เรื่องของนครพนม",
    )  # fmt: skip
    assert not Outbox.objects.filter(recipient=officer_b).exists()


# --- The bell -------------------------------------------------------------------------


def test_bell_counts_unread_and_opening_marks_read(client, somchai):
    raise_for(somchai, n=2)
    client.force_login(somchai)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "data-bell-count>2<" in page

    first = Outbox.objects.filter(recipient=somchai, channel=Channel.PORTAL).first()
    response = client.post(reverse("notifications:read"), {"id": first.pk, "next": first.event.url})
    assert response["Location"] == first.event.url
    assert "data-bell-count>1<" in client.get(reverse("notifications:list")).content.decode()
    client.post(reverse("notifications:read"))
    assert "data-bell-count" not in client.get(reverse("notifications:list")).content.decode()


# --- Linking LINE through the webhook -------------------------------------------------


def signed(body: dict) -> tuple[bytes, str]:
    raw = json.dumps(body).encode()
    digest = hmac.new(LINE_SECRET.encode(), raw, hashlib.sha256).digest()
    return raw, base64.b64encode(digest).decode()


def webhook(client, body, signature=None):
    raw, good = signed(body)
    return client.post(
        reverse("notifications:line_webhook"), raw, content_type="application/json",
        headers={"X-Line-Signature": signature if signature is not None else good},
    )  # fmt: skip


def test_a_one_time_code_links_the_line_account_and_is_replied_to(client, line, somchai):
    code = services.line_link_code_create(user=somchai).code
    event = {
        "type": "message", "replyToken": "reply-token-1",
        "source": {"type": "user", "userId": "U" + "f" * 32},
        "message": {"type": "text", "text": f" {code.lower()} "},
    }  # fmt: skip

    assert webhook(client, {"destination": "Ubot", "events": [event]}).status_code == 200

    assert LineLink.objects.get(user=somchai).line_user_id == "U" + "f" * 32
    (reply,) = line.delivered
    assert reply["path"] == "/v2/bot/message/reply"
    assert reply["body"]["replyToken"] == "reply-token-1"
    assert "เชื่อมต่อบัญชี LINE" in reply["body"]["messages"][0]["text"]

    # The code works once.
    other = dict(event, source={"type": "user", "userId": "U" + "0" * 32}, replyToken="r2")
    webhook(client, {"events": [other]})
    assert LineLink.objects.get(user=somchai).line_user_id == "U" + "f" * 32
    assert "รหัสไม่ถูกต้อง" in line.delivered[-1]["body"]["messages"][0]["text"]


def test_a_webhook_without_the_right_signature_is_refused(client, line, somchai):
    code = services.line_link_code_create(user=somchai).code
    event = {
        "type": "message", "replyToken": "t", "source": {"userId": "U1"},
        "message": {"type": "text", "text": code},
    }  # fmt: skip
    assert webhook(client, {"events": [event]}, signature="forged").status_code == 403
    assert not LineLink.objects.exists()
    assert line.requests == []


def test_unfollow_unlinks(client, line, somchai):
    LineLink.objects.create(user=somchai, line_user_id="U9")
    webhook(client, {"events": [{"type": "unfollow", "source": {"userId": "U9"}}]})
    assert not LineLink.objects.exists()
