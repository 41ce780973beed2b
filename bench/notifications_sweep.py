"""The due-soon and overdue sweep of action items over national data.

    .venv/bin/python -m bench.notifications_sweep [--officers 2]

In ``monitor_bench`` as ``bench.national_data`` builds it (200,000 action items in
20,000 meetings of 77 provinces). Each province gets ``--officers`` officers of the
bench's own (e-mail set, so each event plans a bell row and a digest row per officer).
Then ``notifications.sweep.action_items_sweep`` runs three times, as beat would:
the first run of a new deployment (every open overdue item is news), the same day again
(beat ran twice: nothing new), and the next day (only what changed). Every row the bench
made (users, events, outbox) is deleted at the end.
"""

import argparse
import datetime
import time

from bench._setup import django_setup

PREFIX = "bench_notify_"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--officers", type=int, default=2)
    args = parser.parse_args()
    django_setup()

    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from accounts.models import Role, User
    from meetings.models import ActionItem
    from notifications.models import Event, Outbox
    from notifications.sweep import action_items_sweep
    from programs.models import Province

    settings.NOTIFY_QUIET_HOURS = ""
    items = ActionItem.objects.count()
    open_items = ActionItem.objects.still_open().count()
    if items < 100_000:
        raise SystemExit(
            f"monitor_bench has {items} action items: run `python -m bench.national_data`"
        )
    _clean(User, Event)
    officers = [
        User(
            username=f"{PREFIX}{province}_{n}",
            role=Role.OFFICER,
            province_id=province,
            email=f"{PREFIX}{province}_{n}@example.go.th",
        )  # fmt: skip
        for province in Province.objects.values_list("pk", flat=True)
        for n in range(args.officers)
    ]
    User.objects.bulk_create(officers)
    today = timezone.localdate()
    print(f"action items: {items:,} ({open_items:,} open); officers of the bench: {len(officers)}")
    try:
        for label, day in [
            ("first run (every open overdue item is news)", today),
            ("same day again (beat ran twice)", today),
            ("next day", today + datetime.timedelta(days=1)),
        ]:
            started = time.perf_counter()
            result = action_items_sweep(today=day)
            seconds = time.perf_counter() - started
            print(
                f"{label}: {seconds:.2f} s — {result['items']:,} items due or overdue, "
                f"{result['events']:,} events, {result['rows']:,} outbox rows"
            )
        print(f"outbox rows in all: {Outbox.objects.count():,}")
    finally:
        _clean(User, Event)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE notifications_outbox")


def _clean(User, Event) -> None:
    Event.objects.filter(messages__recipient__username__startswith=PREFIX).delete()
    Event.objects.filter(key__startswith="action_").delete()
    User.objects.filter(username__startswith=PREFIX).delete()


if __name__ == "__main__":
    main()
