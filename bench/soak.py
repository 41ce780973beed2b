"""Soak: a province morning for minutes on end, then a count that nothing was lost or doubled.

    .venv/bin/python -m bench.national_data     # once: 77 provinces, 50,000 clubs, …
    .venv/bin/python -m bench.soak [--minutes 5] [--phones 4] [--officers 4]
                                   [--executives 4] [--report-every 15]

On national data in ``monitor_bench``, the portal under gunicorn (3 sync workers, as
docker-compose runs it), a Celery worker with beat (2 processes) and a Redis of its own,
all at once until the time is up:

- phones send score sheets to ``/api/v1/evaluations/submissions/`` with their
  evaluators' tokens, 15 % of them twice (the answer "was lost");
- officers of several provinces save agenda items of their meetings as the editor
  autosaves them (``/meetings/agenda/<id>/save/``, htmx), and every tenth step import
  ten clubs from a CSV through ``/clubs/import/``;
- executives open their province dashboards and province pages;
- the administrator asks for a provincial summary of another province every
  ``--report-every`` seconds.

Then every accepted write is checked: each sheet stored once per phone id, each agenda
item holding the text of its last accepted save with one history row per save, each
imported club there once; and every report finished (the bench waits for the queue to
drain). It prints the counts and answers by status and exits non-zero on any loss,
duplicate, 5xx answer or failed report.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import random
import re
import secrets
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

from bench._setup import BENCH_DATABASE_URL, django_setup, wait_for_worker

PREFIX = "BENCH soak"
PROVINCES = ["48", "33", "10", "50", "54", "90", "30", "40"]


class Tally:
    """Answers by actor and status, and what each accepted write was."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.answers: collections.Counter = collections.Counter()
        self.sheets: set[str] = set()  # accepted phone ids
        self.saves: dict[int, list[str]] = collections.defaultdict(list)  # item → texts
        self.clubs: list[str] = []  # names imported
        self.lost_answers: dict[int, bool] = {}  # items whose save had no answer

    def answer(self, actor: str, status: int | str) -> None:
        with self.lock:
            self.answers[(actor, status)] += 1

    def call(self, actor: str, send) -> requests.Response | None:
        """Send, and count the answer; a request with no answer (a timeout, a reset)
        counts as an error of its own, and the actor goes on."""
        try:
            response = send()
        except requests.RequestException as error:
            self.answer(actor, type(error).__name__)
            return None
        self.answer(actor, response.status_code)
        return response


def _session(user, base_url: str) -> requests.Session:
    """A signed-in browser: a session row of the user, and a CSRF cookie it echoes."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    csrf = secrets.token_hex(16)  # 32 characters: an unmasked secret Django accepts
    session = requests.Session()
    session.cookies.set("sessionid", store.session_key)
    session.cookies.set("csrftoken", csrf)
    session.headers.update({"X-CSRFToken": csrf, "Accept-Language": "th"})
    return session


# --- the world ---------------------------------------------------------------------------


def _cleanup() -> None:
    from accounts.models import User
    from bench import evaluations_sync
    from meetings.models import Committee
    from programs.models import Club

    evaluations_sync._cleanup()
    for committee in Committee.objects.filter(name__startswith=PREFIX):
        committee.meetings.all().delete()
        committee.delete()
    Club.objects.filter(name__startswith=PREFIX).delete()
    User.objects.filter(username__startswith="bench_soak_").delete()


def _officers(count: int) -> list[dict]:
    """An officer per province with a meeting of five agenda items to edit."""
    from accounts.models import Role, User
    from meetings import services
    from programs.models import Province

    officers = []
    for code in PROVINCES[:count]:
        province = Province.objects.get(code=code)
        user = User.objects.create_user(
            username=f"bench_soak_officer_{code}", role=Role.OFFICER, province=province
        )
        committee = services.committee_create(
            name=f"{PREFIX} คณะทำงาน TO BE NUMBER ONE จังหวัด{province.name_th}",
            provinces=[province],
        )
        meeting = services.meeting_create(
            committee=committee, date=datetime.date(2026, 11, 12), venue="ห้องประชุมศาลากลาง"
        )
        items = [
            services.agenda_item_add(
                meeting=meeting, part=4, title=f"รายงานผลการดำเนินงาน อำเภอที่ {n}",
                discussion="", resolution="",
            )
            for n in range(1, 6)
        ]  # fmt: skip
        district = province.districts.order_by("code").first()
        officers.append({"user": user, "items": items, "district": district.code})
    return officers


def _executives(count: int) -> list:
    from accounts.models import Role, User
    from programs.models import Province

    return [
        User.objects.create_user(
            username=f"bench_soak_exec_{code}", role=Role.EXECUTIVE,
            province=Province.objects.get(code=code),
        )
        for code in PROVINCES[:count]
    ]  # fmt: skip


# --- the actors ----------------------------------------------------------------------------


def _phone(base_url: str, queue: list[dict], tally: Tally, until: float, rng) -> None:
    for item in queue:
        if time.monotonic() > until:
            return
        for _attempt in range(2 if rng.random() < 0.15 else 1):
            response = tally.call("phone", lambda item=item: requests.post(
                f"{base_url}/api/v1/evaluations/submissions/", json=item["body"],
                headers={"Authorization": f"Token {item['token']}"}, timeout=60,
            ))  # fmt: skip
            if response is not None and response.status_code in (200, 201):
                with tally.lock:
                    tally.sheets.add(item["body"]["client_id"])


SAVED = re.compile("บันทึกแล้ว")
IMPORTED = re.compile(r"ชมรม: สร้างใหม่ 10 ")


def _officer(base_url: str, officer: dict, tally: Tally, until: float, rng) -> None:
    session = _session(officer["user"], base_url)
    versions = {item.pk: item.version for item in officer["items"]}
    step = 0
    while time.monotonic() < until:
        step += 1
        item = rng.choice(officer["items"])
        text = f"ที่ประชุมรับทราบผลการดำเนินงาน ครั้งที่ {step} ({secrets.token_hex(4)})"
        response = tally.call("officer save", lambda item=item, text=text: session.post(
            f"{base_url}/meetings/agenda/{item.pk}/save/",
            data={"title": item.title, "discussion": text, "resolution": "รับทราบ",
                  "version": versions[item.pk]},
            headers={"HX-Request": "true"}, timeout=60,
        ))  # fmt: skip
        if response is None:  # no answer: what the server holds is read back before going on
            versions[item.pk] = type(item).objects.get(pk=item.pk).version
            with tally.lock:
                tally.lost_answers[item.pk] = True
            continue
        if response.status_code == 200 and SAVED.search(response.text):
            versions[item.pk] += 1
            with tally.lock:
                tally.saves[item.pk].append(text)
        if step % 10 == 0:
            _import_clubs(base_url, session, officer, step, tally)


def _import_clubs(base_url: str, session, officer: dict, step: int, tally: Tally) -> None:
    code = officer["user"].province_id
    names = [f"{PREFIX} ชมรม {code}-{step}-{n}" for n in range(10)]
    rows = ["ชื่อชมรม,ประเภท,รหัสอำเภอ", *[f"{name},ชุมชน,{officer['district']}" for name in names]]
    response = tally.call("officer import", lambda: session.post(
        f"{base_url}/clubs/import/",
        files={"file": (f"clubs-{step}.csv", "\n".join(rows).encode(), "text/csv")},
        timeout=120,
    ))  # fmt: skip
    if response is not None and response.status_code == 200 and IMPORTED.search(response.text):
        with tally.lock:
            tally.clubs.extend(names)


def _executive(base_url: str, user, tally: Tally, until: float) -> None:
    session = _session(user, base_url)
    code = user.province_id
    while time.monotonic() < until:
        for path in (f"/dashboards/{code}/", f"/provinces/{code}/"):
            tally.call("executive", lambda path=path: session.get(base_url + path, timeout=60))


def _reports(base_url: str, admin, tally: Tally, until: float, every: float) -> None:
    from thai.fiscal_year import current_fiscal_year

    session = _session(admin, base_url)
    codes = list(PROVINCES)
    years = [current_fiscal_year(), current_fiscal_year() - 1]
    n = 0
    while time.monotonic() < until:
        code, year = codes[n % len(codes)], years[(n // len(codes)) % 2]
        parameters = {"province": code, "fiscal_year": year, "thai_digits": n % 3 == 0}
        tally.call("report", lambda parameters=parameters: session.post(
            f"{base_url}/api/v1/reports/",
            json={"kind": "provincial_summary", "parameters": parameters}, timeout=60,
        ))  # fmt: skip
        n += 1
        time.sleep(every)  # the pace of a person asking, not a wait for a condition


# --- the check -------------------------------------------------------------------------------


def _check(tally: Tally, started_at, phone_ids: set[str]) -> list[str]:
    from bench import evaluations_sync
    from evaluations.models import ScoreSheet, SubmissionReceipt
    from meetings.models import AgendaItem
    from programs.models import Club

    problems = []
    receipts = collections.Counter(
        SubmissionReceipt.objects.filter(client_id__in=phone_ids).values_list(
            "client_id", flat=True
        )
    )
    stored = {str(client_id) for client_id in receipts}
    problems += [f"sheet {cid} accepted but not stored" for cid in tally.sheets - stored]
    problems += [f"sheet {cid} stored {n} times" for cid, n in receipts.items() if n > 1]
    sheets = ScoreSheet.objects.filter(visit__round__name__startswith=evaluations_sync.PREFIX)
    pairs = sheets.values("visit", "evaluator").distinct().count()
    if sheets.count() != pairs:
        problems.append(f"{sheets.count() - pairs} duplicate sheets")
    for pk, texts in tally.saves.items():
        if pk in tally.lost_answers:
            continue  # a save with no answer may or may not have landed: nothing to count
        item = AgendaItem.objects.get(pk=pk)
        if item.discussion != texts[-1]:
            problems.append(f"agenda item {pk} holds {item.discussion!r}, not its last save")
        history = item.history.filter(history_date__gte=started_at, history_type="~").count()
        if history != len(texts):
            problems.append(f"agenda item {pk}: {len(texts)} saves, {history} history rows")
    counts = collections.Counter(
        Club.objects.filter(name__in=tally.clubs).values_list("name", flat=True)
    )
    problems += [f"club {name!r} imported but missing" for name in tally.clubs if not counts[name]]
    problems += [f"club {name!r} stored {n} times" for name, n in counts.items() if n > 1]
    return problems


def _drain_reports(started_at, limit: float) -> tuple[list, float]:
    from reports.models import ReportJob, ReportStatus

    jobs = ReportJob.objects.filter(requested_at__gte=started_at)
    began = time.monotonic()
    while jobs.exclude(status__in=[ReportStatus.DONE, ReportStatus.FAILED]).exists():
        if time.monotonic() - began > limit:
            break
        time.sleep(1)
    return list(jobs), time.monotonic() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--phones", type=int, default=4)
    parser.add_argument("--officers", type=int, default=4)
    parser.add_argument("--executives", type=int, default=4)
    parser.add_argument("--report-every", type=float, default=15)
    parser.add_argument("--sheets", type=int, default=6000, help="queued on the phones")
    parser.add_argument("--allow-small", action="store_true", help="run without national data")
    options = parser.parse_args()
    django_setup()

    from django.utils import timezone

    from accounts.models import User
    from bench import evaluations_sync
    from programs.models import Club
    from reports.models import ReportStatus
    from tests.faults.servers import AppServer, RedisServer, celery, portal_env

    if Club.objects.count() < 1000 and not options.allow_small:
        raise SystemExit("no national data: run `.venv/bin/python -m bench.national_data` first")
    _cleanup()
    queue = evaluations_sync._setup(options.sheets)
    officers = _officers(options.officers)
    executives = _executives(options.executives)
    admin = User.objects.get(username="bench_admin")
    rng = random.Random(2569)
    phone_queues = [queue[n :: options.phones] for n in range(options.phones)]

    log_dir = Path(tempfile.mkdtemp(prefix="bench-soak-"))
    redis = RedisServer(log_dir).start()
    env = portal_env(
        database_url=BENCH_DATABASE_URL, redis_url=redis.url(),
        DJANGO_SETTINGS_MODULE="config.settings.local", CONN_MAX_AGE="60", LOG_LEVEL="WARNING",
    )  # fmt: skip
    app = AppServer(env, log_dir, workers=3)
    worker = celery(
        "worker", env, log_dir, "worker", "--beat", f"--schedule={log_dir / 'beat'}",
        "--concurrency=2", "--loglevel=warning",
    )  # fmt: skip
    tally = Tally()
    try:
        app.start()
        worker.start()
        wait_for_worker(env)
        started_at = timezone.now()
        until = time.monotonic() + options.minutes * 60
        print(f"soak: {options.minutes:g} min on {app.url}, logs in {log_dir}", flush=True)
        actors = [
            *[threading.Thread(target=_phone, args=(app.url, q, tally, until, rng))
              for q in phone_queues],
            *[threading.Thread(target=_officer, args=(app.url, o, tally, until, rng))
              for o in officers],
            *[threading.Thread(target=_executive, args=(app.url, e, tally, until))
              for e in executives],
            threading.Thread(
                target=_reports, args=(app.url, admin, tally, until, options.report_every)
            ),
        ]  # fmt: skip
        for actor in actors:
            actor.start()
        for actor in actors:
            actor.join()
        soaked = time.monotonic() - (until - options.minutes * 60)
        jobs, drained = _drain_reports(started_at, limit=600)
    finally:
        worker.stop()
        app.stop()
        redis.stop()

    problems = _check(tally, started_at, {item["body"]["client_id"] for item in queue})
    unfinished = [job for job in jobs if job.status != ReportStatus.DONE]
    problems += [f"report {job.pk} ended {job.status}: {job.error}" for job in unfinished]
    server_errors = {
        key: n for key, n in tally.answers.items() if isinstance(key[1], str) or key[1] >= 500
    }
    problems += [f"{n} answers {status} to {actor}" for (actor, status), n in server_errors.items()]
    print(f"ran {soaked:.0f} s; answers by actor and status:")
    for (actor, status), n in sorted(tally.answers.items(), key=str):
        print(f"  {actor:15} {status}: {n}")
    print(
        f"accepted: {len(tally.sheets)} sheets, {sum(map(len, tally.saves.values()))} agenda "
        f"saves on {len(tally.saves)} items, {len(tally.clubs)} clubs imported; "
        f"reports: {len(jobs)} asked, {len(jobs) - len(unfinished)} done "
        f"(queue drained {drained:.0f} s after the soak)"
    )
    print("problems:", *problems or ["none"], sep="\n  ")
    _cleanup()
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
