"""The daily sweep of action items: due in N days (``NOTIFY_DUE_IN_DAYS``) and overdue.

Each item raises one event per province of its committee and per occasion (due in 3
days, due in 1 day, overdue — each for the due date it has), so beat running it twice,
or an item that stays overdue for weeks, never makes a second message; a new due date
makes new ones. Built for national data: a fixed number of queries per batch.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import ActionItem, Committee
from notifications.models import Event, Kind
from notifications.services import OFFICERS, events_raise_many, province_users
from thai.dates import format_thai_date


def _candidates(today: datetime.date):
    due_days = [today + datetime.timedelta(days=n) for n in settings.NOTIFY_DUE_IN_DAYS]
    return (
        ActionItem.objects.still_open()
        .filter(Q(due_date__in=due_days) | Q(due_date__lt=today))
        .values_list(
            "pk",
            "due_date",
            "description",
            "responsible",
            "agenda_item__meeting_id",
            "agenda_item__meeting__committee_id",
        )
        .order_by("pk")
    )


def _keys_known(keys: list[str]) -> set[str]:
    known = set()
    for start in range(0, len(keys), 5000):
        batch = keys[start : start + 5000]
        known.update(Event.objects.filter(key__in=batch).values_list("key", flat=True))
    return known


def action_items_sweep(*, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    items = list(_candidates(today).iterator(chunk_size=5000))
    committees = {row[5] for row in items}
    provinces_of = defaultdict(list)
    through = Committee.provinces.through
    for committee_id, province_id in through.objects.filter(
        committee_id__in=committees
    ).values_list("committee_id", "province_id"):
        provinces_of[committee_id].append(province_id)
    # The keys first: on most days nearly every item was told before, and only the new
    # ones are worth writing a message for.
    keyed = []
    for item in items:
        pk, due = item[0], item[1]
        overdue = due < today
        kind = Kind.ACTION_OVERDUE if overdue else Kind.ACTION_DUE
        occasion = "overdue" if overdue else f"in{(due - today).days}"
        for province_id in provinces_of[item[5]]:
            keyed.append(
                (f"{kind}:{pk}:{due.isoformat()}:{occasion}:{province_id}", kind, province_id, item)
            )
    known = _keys_known([key for key, *_rest in keyed])
    meeting_url = reverse("meetings:meeting_detail", args=[0]).replace("/0/", "/{}/")
    planned = []
    for key, kind, province_id, item in keyed:
        if key in known:
            continue
        pk, due, description, responsible, meeting_id, _committee = item
        if kind == Kind.ACTION_OVERDUE:
            title = _("ข้อสั่งการเลยกำหนด %(n)s วัน: %(text)s")
            n = (today - due).days
        else:
            title = _("ข้อสั่งการจะถึงกำหนดในอีก %(n)s วัน: %(text)s")
            n = (due - today).days
        planned.append(
            {
                "kind": kind,
                "key": key,
                "province_id": province_id,
                "title": (title % {"n": n, "text": description[:150]})[:300],
                "body": _("กำหนดเสร็จ %(date)s · ผู้รับผิดชอบ %(who)s")
                % {"date": format_thai_date(due), "who": responsible},
                "url": meeting_url.format(meeting_id) + f"#action-{pk}",
            }
        )
    users_of = province_users({p["province_id"] for p in planned}, OFFICERS)
    events, rows = events_raise_many(planned, users_of=users_of)
    return {"items": len(items), "planned": len(planned), "events": events, "rows": rows}
