"""Raising events, planning their messages, and delivering them once.

An event is planned into outbox rows (one per recipient and channel the recipient's
preferences turn on); the portal's bell rows are sent at once, e-mail and LINE are
sent by Celery after the transaction commits (never inside a page's request), e-mail
in the daily digest unless the user chose otherwise. Every send holds the row's lock
and checks its state, so a retried task, a second worker or a second beat run finds it
sent and does nothing.
"""

import datetime
import logging
import secrets
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from notifications import providers
from notifications.models import (
    WAITING,
    Channel,
    ChannelDefault,
    Digest,
    Event,
    Kind,
    LineLink,
    LineLinkCode,
    Mode,
    Outbox,
    Preference,
    State,
)

logger = logging.getLogger(__name__)

# What a kind does on each channel when neither the administrator nor the user chose.
CODE_DEFAULTS = {
    Channel.PORTAL: (True, Mode.IMMEDIATE),
    Channel.EMAIL: (True, Mode.DIGEST),
    Channel.LINE: (True, Mode.IMMEDIATE),
}
BATCH = 2000

# --- Preferences --------------------------------------------------------------------------


def _defaults() -> dict[tuple[str, str], tuple[bool, str]]:
    chosen = {
        (row.kind, row.channel): (row.enabled, row.mode) for row in ChannelDefault.objects.all()
    }
    return {
        (kind, channel): chosen.get((kind, channel), CODE_DEFAULTS[channel])
        for kind in Kind.values
        for channel in Channel.values
    }


def preferences_of(user_ids: Iterable[int], kinds: Iterable[str]) -> "Preferences":
    user_ids, kinds = list(user_ids), list(kinds)
    own = {}
    for start in range(0, len(user_ids), BATCH):
        rows = Preference.objects.filter(
            user_id__in=user_ids[start : start + BATCH], kind__in=kinds
        )
        own.update({(p.user_id, p.kind, p.channel): (p.enabled, p.mode) for p in rows})
    return Preferences(_defaults(), own)


class Preferences:
    def __init__(self, defaults, own):
        self.defaults, self.own = defaults, own

    def of(self, user_id: int, kind: str, channel: str) -> tuple[bool, str]:
        return self.own.get((user_id, kind, channel), self.defaults[(kind, channel)])


@transaction.atomic
def preferences_save(*, user: User, choices: dict[tuple[str, str], tuple[bool, str]]) -> None:
    """``choices``: {(kind, channel): (enabled, mode)}; only what differs from the default
    is stored, so a later change of the administrator's default reaches everyone else."""
    defaults = _defaults()
    for (kind, channel), (enabled, mode) in choices.items():
        if kind not in Kind.values or channel not in Channel.values or mode not in Mode.values:
            continue
        if (enabled, mode) == defaults[(kind, channel)]:
            Preference.objects.filter(user=user, kind=kind, channel=channel).delete()
        else:
            Preference.objects.update_or_create(
                user=user, kind=kind, channel=channel, defaults={"enabled": enabled, "mode": mode}
            )


# --- Quiet hours --------------------------------------------------------------------------


def _quiet_window() -> tuple[datetime.time, datetime.time] | None:
    text = (settings.NOTIFY_QUIET_HOURS or "").strip()
    if not text:
        return None
    start, end = (datetime.time.fromisoformat(part.strip()) for part in text.split("-"))
    return start, end


def quiet_until(now: datetime.datetime | None = None) -> datetime.datetime | None:
    """When the quiet hours around ``now`` end (local time), or None outside them."""
    window = _quiet_window()
    if window is None:
        return None
    start, end = window
    local = timezone.localtime(now or timezone.now())
    moment = local.time()
    inside = (start <= moment or moment < end) if start > end else (start <= moment < end)
    if not inside:
        return None
    day = local.date() if moment < end else local.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, end), local.tzinfo)


# --- Raising events -----------------------------------------------------------------------


def _allowed(user: User, province_id: str | None, personal: bool) -> bool:
    """Never someone outside the event's province. ``personal``: the recipient was named
    by the object itself (the evaluator assigned to the visit, who requested the report)."""
    if not user.is_active:
        return False
    if personal:
        return True
    return province_id is not None and user.province_id == province_id


def province_users(province_ids: Iterable[str], roles: Iterable[str]) -> dict[str, list[User]]:
    by_province = defaultdict(list)
    users = User.objects.filter(
        province_id__in=list(province_ids), role__in=list(roles), is_active=True
    )
    for user in users.order_by("pk"):
        by_province[user.province_id].append(user)
    return by_province


def _rows_for(event: Event, users, prefs: Preferences, lines: dict[int, str], now) -> list[Outbox]:
    rows = []
    quiet = quiet_until(now)
    for user in users:
        for channel in Channel.values:
            enabled, mode = prefs.of(user.pk, event.kind, channel)
            if not enabled:
                continue
            if channel == Channel.EMAIL and not user.email:
                continue
            if channel == Channel.LINE and user.pk not in lines:
                continue
            row = Outbox(event=event, recipient=user, channel=channel)
            if channel == Channel.PORTAL:
                row.state, row.sent_at = State.SENT, now
            elif mode == Mode.DIGEST:
                row.state = State.DIGEST
            elif quiet:
                row.state, row.next_attempt_at = State.DEFERRED, quiet
            else:
                row.state, row.next_attempt_at = State.PENDING, now
            rows.append(row)
    return rows


def _line_links(user_ids) -> dict[int, str]:
    links = {}
    user_ids = list(user_ids)
    for start in range(0, len(user_ids), BATCH):
        links.update(
            LineLink.objects.filter(user_id__in=user_ids[start : start + BATCH]).values_list(
                "user_id", "line_user_id"
            )
        )
    return links


def _dispatch_on_commit(outbox_ids: list[int] | None = None) -> None:
    """After the commit, never before (the worker must find the rows), and never in the
    page's way: a broker that is down leaves the rows to beat's dispatch."""
    from notifications.tasks import outbox_deliver_task, outbox_dispatch_task

    def enqueue() -> None:
        try:
            if outbox_ids is None:
                outbox_dispatch_task.delay()
            for outbox_id in outbox_ids or []:
                outbox_deliver_task.delay(outbox_id)
        except Exception:
            logger.warning("notifications: the broker is down; beat's dispatch will send")

    transaction.on_commit(enqueue)


def event_raise(
    *,
    kind: str,
    key: str,
    province_id: str | None,
    recipients: Iterable[User],
    title: str,
    body: str = "",
    url: str = "",
    personal: bool = False,
) -> Event:
    """Raise ``key`` once: a second raise finds the event and its rows and adds none."""
    event, _created = Event.objects.get_or_create(
        key=key[:200],
        defaults={
            "kind": kind,
            "province_id": province_id,
            "title": title[:300],
            "body": body,
            "url": url,
        },
    )
    users = [u for u in recipients if _allowed(u, province_id, personal)]
    users = list({u.pk: u for u in users}.values())
    if not users:
        return event
    ids = [u.pk for u in users]
    rows = _rows_for(event, users, preferences_of(ids, [kind]), _line_links(ids), timezone.now())
    Outbox.objects.bulk_create(rows, ignore_conflicts=True)
    if any(row.state == State.PENDING for row in rows):
        pending = event.messages.filter(state=State.PENDING, recipient__in=ids)
        _dispatch_on_commit(list(pending.values_list("pk", flat=True)))
    return event


def events_raise_many(
    planned: list[dict], *, users_of: dict[str, list[User]], now=None
) -> tuple[int, int]:
    """The sweep's bulk form of ``event_raise``: ``planned`` events (kind, key,
    province_id, title, body, url) go to the users of their province. Returns (events
    created, rows created). Events already raised are left alone."""
    now = now or timezone.now()
    made_events = made_rows = 0
    all_users = {u.pk: u for users in users_of.values() for u in users}
    prefs = preferences_of(all_users, {p["kind"] for p in planned})
    lines = _line_links(all_users)
    pending = False
    for start in range(0, len(planned), BATCH):
        batch = planned[start : start + BATCH]
        keys = [p["key"] for p in batch]
        existing = set(Event.objects.filter(key__in=keys).values_list("key", flat=True))
        new = [Event(**p) for p in batch if p["key"] not in existing]
        if not new:
            continue
        with transaction.atomic():
            Event.objects.bulk_create(new, ignore_conflicts=True)
            events = Event.objects.filter(key__in=[e.key for e in new])
            rows = []
            for event in events:
                rows += _rows_for(event, users_of.get(event.province_id, []), prefs, lines, now)
            Outbox.objects.bulk_create(rows, ignore_conflicts=True, batch_size=BATCH)
        made_events += len(new)
        made_rows += len(rows)
        pending = pending or any(row.state == State.PENDING for row in rows)
    if pending:
        _dispatch_on_commit()
    return made_events, made_rows


# --- Delivering ---------------------------------------------------------------------------


def _link(url: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + url if url.startswith("/") else url


def email_subject(event: Event) -> str:
    return _("[พอร์ทัลติดตามโครงการ] %(title)s") % {"title": event.title}


def message_text(event: Event) -> str:
    parts = [event.title, event.body, _link(event.url) if event.url else ""]
    return "\n".join(part for part in parts if part)


def _send(row: Outbox) -> providers.Delivered:
    event = row.event
    if row.channel == Channel.EMAIL:
        body = (
            message_text(event)
            + "\n\n"
            + _("ตั้งค่าการแจ้งเตือนได้ที่ %(url)s") % {"url": _link("/notifications/settings/")}
        )
        return providers.send_email(to=row.recipient.email, subject=email_subject(event), body=body)
    if row.channel == Channel.LINE:
        link = LineLink.objects.filter(user_id=row.recipient_id).first()
        if link is None:
            raise providers.Permanent("the user unlinked their LINE account")
        return providers.line_push(
            to=link.line_user_id, text=message_text(event), retry_key=str(row.retry_key)
        )
    raise providers.Permanent(f"nothing sends the {row.channel} channel")


def backoff(attempts: int, retry_after: int | None = None) -> datetime.timedelta:
    seconds = settings.NOTIFY_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=max(min(seconds, 3600), retry_after or 0))


def outbox_deliver(*, outbox_id: int, now: datetime.datetime | None = None) -> str:
    """Send one row if it is still due; returns the state it is left in.

    The row stays locked while the provider is called: a second task for it waits, then
    finds it sent (or skips it while it is locked), so nothing is sent twice."""
    now = now or timezone.now()
    with transaction.atomic():
        row = (
            Outbox.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("event", "recipient")
            .filter(pk=outbox_id, state__in=WAITING)
            .first()
        )
        if row is None:
            return "not_due"
        if row.next_attempt_at and row.next_attempt_at > now:
            return row.state
        quiet = quiet_until(now)
        if quiet:
            row.state, row.next_attempt_at = State.DEFERRED, quiet
            row.save(update_fields=["state", "next_attempt_at"])
            return row.state
        row.attempts += 1
        try:
            answer = _send(row)
        except providers.Transient as error:
            row.provider_answer = error.answer
            if row.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
                row.state, row.next_attempt_at = State.FAILED, None
            else:
                row.state = State.RETRY
                row.next_attempt_at = now + backoff(row.attempts, error.retry_after)
        except providers.Permanent as error:
            row.state, row.provider_answer, row.next_attempt_at = State.FAILED, error.answer, None
        else:
            row.state, row.sent_at, row.provider_answer = State.SENT, now, answer.answer
            row.next_attempt_at = None
        row.save(
            update_fields=["state", "attempts", "provider_answer", "next_attempt_at", "sent_at"]
        )
        return row.state


def seconds_until_next_attempt(outbox_id: int) -> int:
    when = Outbox.objects.filter(pk=outbox_id).values_list("next_attempt_at", flat=True).first()
    return max(int((when - timezone.now()).total_seconds()), 1) if when else 1


def outbox_due(*, now: datetime.datetime | None = None, limit: int = 500) -> list[int]:
    now = now or timezone.now()
    return list(
        Outbox.objects.filter(state__in=WAITING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


# --- Daily digests ------------------------------------------------------------------------


def digest_text(rows: list[Outbox]) -> str:
    lines = [_("สรุปการแจ้งเตือนของท่าน %(n)s รายการ") % {"n": len(rows)}, ""]
    for number, row in enumerate(rows, start=1):
        lines.append(f"{number}. {row.event.title}")
        if row.event.body:
            lines.append(f"   {row.event.body}")
        if row.event.url:
            lines.append(f"   {_link(row.event.url)}")
    lines += ["", _("ตั้งค่าการแจ้งเตือนได้ที่ %(url)s") % {"url": _link("/notifications/settings/")}]
    return "\n".join(lines)


def digest_send(*, recipient_id: int, day: datetime.date, now=None) -> str:
    """One mail with every digest row of the recipient; a second run the same day finds
    the digest sent (the unique day) and sends nothing."""
    now = now or timezone.now()
    Digest.objects.get_or_create(recipient_id=recipient_id, channel=Channel.EMAIL, day=day)
    with transaction.atomic():
        digest = (
            Digest.objects.select_for_update(skip_locked=True)
            .filter(recipient_id=recipient_id, channel=Channel.EMAIL, day=day)
            .exclude(state__in=[State.SENT, State.FAILED])
            .select_related("recipient")
            .first()
        )
        if digest is None:
            return "not_due"
        if digest.next_attempt_at and digest.next_attempt_at > now:
            return digest.state
        rows = list(
            Outbox.objects.select_for_update(of=("self",))
            .filter(recipient_id=recipient_id, channel=Channel.EMAIL, state=State.DIGEST)
            .filter(Q(digest__isnull=True) | Q(digest=digest))
            .select_related("event")
            .order_by("created_at", "pk")
        )
        if not rows:
            digest.state = State.SKIPPED
            digest.save(update_fields=["state"])
            return digest.state
        quiet = quiet_until(now)
        if quiet:  # held, whole, until the quiet hours end; beat's dispatch sends it then
            digest.state, digest.next_attempt_at = State.DEFERRED, quiet
            digest.save(update_fields=["state", "next_attempt_at"])
            return digest.state
        digest.attempts += 1
        try:
            answer = providers.send_email(
                to=digest.recipient.email,
                subject=_("[พอร์ทัลติดตามโครงการ] สรุปการแจ้งเตือนประจำวัน %(n)s รายการ")
                % {"n": len(rows)},
                body=digest_text(rows),
            )
        except providers.Transient as error:
            digest.state, digest.provider_answer = State.RETRY, error.answer
            digest.next_attempt_at = now + backoff(digest.attempts, error.retry_after)
            if digest.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
                digest.state = State.FAILED
        except providers.Permanent as error:
            digest.state, digest.provider_answer = State.FAILED, error.answer
        else:
            digest.state, digest.sent_at, digest.provider_answer = State.SENT, now, answer.answer
            Outbox.objects.filter(pk__in=[r.pk for r in rows]).update(
                state=State.SENT, sent_at=now, digest=digest, provider_answer=answer.answer
            )
        digest.save(
            update_fields=["state", "attempts", "provider_answer", "next_attempt_at", "sent_at"]
        )
        return digest.state


def digests_due(*, day: datetime.date) -> list[int]:
    """Recipients with digest rows waiting, and digests of ``day`` waiting for a retry."""
    waiting = set(
        Outbox.objects.filter(channel=Channel.EMAIL, state=State.DIGEST)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    done = set(
        Digest.objects.filter(day=day, state__in=[State.SENT, State.FAILED]).values_list(
            "recipient_id", flat=True
        )
    )
    return sorted(waiting - done)


def digests_to_retry(*, now=None) -> list[tuple[int, datetime.date]]:
    """Digests due again: held past quiet hours, or waiting after a provider was down."""
    due = Digest.objects.filter(
        state__in=[State.RETRY, State.DEFERRED], next_attempt_at__lte=now or timezone.now()
    )
    return list(due.values_list("recipient_id", "day"))


# --- The bell -----------------------------------------------------------------------------


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    rows = Outbox.objects.unread(user)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())


# --- Linking a LINE account ---------------------------------------------------------------

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I to misread


@transaction.atomic
def line_link_code_create(*, user: User) -> LineLinkCode:
    """A new one-time code; the user's earlier unused codes stop working."""
    now = timezone.now()
    LineLinkCode.objects.filter(user=user, used_at__isnull=True).update(expires_at=now)
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _n in range(8))
        if not LineLinkCode.objects.filter(code=code).exists():
            break
    return LineLinkCode.objects.create(
        user=user,
        code=code,
        expires_at=now + datetime.timedelta(minutes=settings.LINE_LINK_CODE_MINUTES),
    )


@transaction.atomic
def line_link_by_code(*, code: str, line_user_id: str) -> User | None:
    """Link the LINE user who sent ``code`` to the code's owner; None for a code that is
    wrong, used or expired."""
    text = "".join(code.split()).upper()
    row = (
        LineLinkCode.objects.select_for_update()
        .filter(code=text, used_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("user")
        .first()
    )
    if row is None or not row.user.is_active:
        return None
    LineLink.objects.filter(line_user_id=line_user_id).exclude(user=row.user).delete()
    LineLink.objects.update_or_create(user=row.user, defaults={"line_user_id": line_user_id})
    row.used_at = timezone.now()
    row.save(update_fields=["used_at"])
    return row.user


def line_unlink(*, user: User | None = None, line_user_id: str | None = None) -> int:
    links = LineLink.objects.all()
    if user is not None:
        links = links.filter(user=user)
    if line_user_id is not None:
        links = links.filter(line_user_id=line_user_id)
    deleted, _rows = links.delete()
    return deleted


OFFICERS = [Role.OFFICER]
PROVINCE_READERS = [Role.OFFICER, Role.EXECUTIVE]
