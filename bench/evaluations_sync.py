"""Phones coming back online: 1,000 queued score sheets sent to the API at once.

    .venv/bin/python -m bench.evaluations_sync [--sheets 1000] [--phones 8] [--retries 0.15]

In ``monitor_bench`` (PostgreSQL, see bench/_setup.py): one published rubric of 16
criteria, one round of ``--sheets / 2`` club visits, each assigned to two of 50
evaluators, so every (visit, evaluator) pair has one queued sheet. gunicorn serves the
portal on loopback (``--workers``, 4 by default on this 2-core machine, each keeping its
database connection as in docker-compose.yml); ``--phones`` threads play
the phones, each with its evaluator's API token, sending what they queued.

To exercise idempotency the way a bad connection does, a share of the sheets
(``--retries``) is sent a second time (the answer "was lost"), half of those at the
very same moment as the original. The figures: wall time, sheets per second,
per-request median and p95, answers by status, and duplicates: rows beyond one sheet
per pair and receipts beyond one per phone id — both must be zero.

The bench's rows are deleted at the start and the end (unless ``--keep``).

``--profile N`` measures the work of one sheet instead, in this process: N sheets posted
one after the other through DRF's test client with their tokens (authentication,
middleware, parsing, the service, rendering; not gunicorn's HTTP), then the 15 % sent
again. It prints, per sheet, the statements, the CPU time of this process and of its
PostgreSQL backend, and the Python function calls under cProfile (a second pass, since
cProfile slows what it counts), with the profile's top entries.
"""

import argparse
import collections
import cProfile
import io
import json
import os
import pstats
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

from bench._setup import BENCH_DATABASE_URL, django_setup, summary

PREFIX = "BENCH evaluations_sync"
PORT = 8766


def _cleanup() -> None:
    from accounts.models import User
    from evaluations.models import EvaluationRound, Rubric
    from programs.models import Club

    for round_ in EvaluationRound.objects.filter(name__startswith=PREFIX):
        round_.visits.all().delete()
        round_.delete()
    Rubric.objects.filter(name__startswith=PREFIX).delete()
    Club.objects.filter(name__startswith=PREFIX).delete()
    User.objects.filter(username__startswith="bench_eval_").delete()


def _setup(sheets: int) -> list[dict]:
    """The world and the phones' queue: one payload per (visit, evaluator)."""
    import datetime
    from decimal import Decimal

    from accounts.models import Role, User
    from accounts.services import api_token_create
    from evaluations.models import (
        Criterion,
        EvaluationRound,
        RoundEvaluator,
        Rubric,
        RubricComponent,
        TierBand,
        Visit,
        VisitAssignment,
    )
    from evaluations.services.rubrics import rubric_publish
    from programs.models import Club, District, Program, Province, Region

    province, _ = Province.objects.get_or_create(
        code="48", defaults={"name_th": "นครพนม", "name_en": "Nakhon Phanom",
                             "region": Region.of_province_code("48")},
    )  # fmt: skip
    district, _ = District.objects.get_or_create(
        code="4801", defaults={"province": province, "name_th": "เมืองนครพนม",
                               "name_en": "Mueang Nakhon Phanom"},
    )  # fmt: skip
    program, _ = Program.objects.get_or_create(
        slug="to-be-number-one", defaults={"name_th": "TO BE NUMBER ONE"}
    )
    rubric = Rubric.objects.create(program=program, fiscal_year=2569, name=f"{PREFIX} rubric")
    for component_order in range(1, 5):
        component = RubricComponent.objects.create(
            rubric=rubric, order=component_order, title=f"องค์ประกอบ {component_order}"
        )
        for order, max_points in enumerate(["0.3", "0.5", "1.0", "1.5"], start=1):
            Criterion.objects.create(
                component=component, order=order, text=f"ประเด็น {component_order}.{order}",
                max_points=Decimal(max_points),
            )  # fmt: skip
    TierBand.objects.create(rubric=rubric, tier=1, min_score=Decimal("6"))
    rubric = rubric_publish(rubric=rubric)
    criteria = list(rubric.criteria())

    round_ = EvaluationRound.objects.create(
        program=program, fiscal_year=2569, province=province, name=f"{PREFIX} round",
        starts_on=datetime.date(2026, 6, 1), ends_on=datetime.date(2026, 6, 30),
    )  # fmt: skip
    round_.rubrics.add(rubric)
    evaluators = [
        User.objects.create_user(username=f"bench_eval_{n:02d}", role=Role.EVALUATOR)
        for n in range(50)
    ]
    RoundEvaluator.objects.bulk_create(
        RoundEvaluator(round=round_, user=user, order=n, is_chair=n == 0)
        for n, user in enumerate(evaluators)
    )
    tokens = {user.pk: api_token_create(user=user, name="bench")[1] for user in evaluators}
    clubs = Club.objects.bulk_create(
        Club(province=province, district=district, name=f"{PREFIX} club {n}",
             club_type="community")
        for n in range(sheets // 2)
    )  # fmt: skip
    start = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)
    visits = Visit.objects.bulk_create(
        Visit(round=round_, order=n + 1, scheduled_at=start, place=club.name, level="club",
              province=province, district=district, club=club, rubric=rubric)
        for n, club in enumerate(clubs)
    )  # fmt: skip
    rng = random.Random(2569)
    queue, assignments = [], []
    for n, visit in enumerate(visits):
        for evaluator in (evaluators[n % 50], evaluators[(n + 7) % 50]):
            assignments.append(VisitAssignment(visit=visit, evaluator=evaluator))
            queue.append({
                "token": tokens[evaluator.pk],
                "body": {
                    "client_id": str(uuid.uuid4()),
                    "visit": visit.pk,
                    "rubric": rubric.pk,
                    "edited_at": "2026-06-01T11:00:00+07:00",
                    "strengths": "แกนนำเยาวชนเข้มแข็ง",
                    "improvements": "ควรบันทึกผลการประเมิน EQ ให้ครบ",
                    "scores": [
                        {"criterion": c.pk, "points": str(rng.randint(0, 10) * c.max_points / 10)}
                        for c in criteria
                    ],
                },
            })  # fmt: skip
    VisitAssignment.objects.bulk_create(assignments)
    return queue


def _serve(options) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": BENCH_DATABASE_URL,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # As docker-compose.yml runs the web: each worker keeps its database connection
        # (a new PostgreSQL backend per request, and its catalog caches, otherwise).
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{PORT}",
         "--workers", str(options.workers), "--log-level", "warning"],
        env=env,
    )  # fmt: skip
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/accounts/login/", timeout=5)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def _send(item: dict) -> tuple[int, float]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}/api/v1/evaluations/submissions/",
        data=json.dumps(item["body"]).encode(),
        headers={"Authorization": f"Token {item['token']}", "Content-Type": "application/json"},
        method="POST",
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - started


def _backend_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by the PostgreSQL backend ``pid``, which
    runs on this machine (loopback)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _profile(sheets: int, retries: float, top: int) -> None:
    """The work of one sheet, in this process (see the module's docstring)."""
    from django.db import connection
    from rest_framework.test import APIClient

    client = APIClient()  # one handler, as one gunicorn worker: middleware loaded once

    def post(item) -> int:
        client.cookies.clear()
        response = client.post(
            "/api/v1/evaluations/submissions/", item["body"], format="json",
            HTTP_AUTHORIZATION=f"Token {item['token']}", SERVER_NAME="127.0.0.1",
        )  # fmt: skip
        return response.status_code

    def run(items, expected: int) -> tuple[int, float, float]:
        statements = 0

        def count(execute, sql, params, many, context):
            nonlocal statements
            statements += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            cpu, db = time.process_time(), _backend_cpu(pid)
            for item in items:
                status = post(item)
                assert status == expected, status
            cpu, db = time.process_time() - cpu, _backend_cpu(pid) - db
        return statements, cpu, db

    for calls in (False, True):  # timed, then under cProfile
        _cleanup()
        queue = _setup(sheets + 1)
        resent = random.Random(7).sample(queue[1:], round(sheets * retries))
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        post(queue[0])  # warm-up: imports, URL resolver, the first token check
        if not calls:
            for name, items, expected in (("new", queue[1:], 201), ("again", resent, 200)):
                statements, cpu, db = run(items, expected)
                n = len(items)
                print(
                    f"{name} sheets: {n}, statements {statements / n:.1f} a sheet, "
                    f"CPU {cpu / n * 1000:.1f} ms a sheet in this process + "
                    f"{db / n * 1000:.1f} ms in its PostgreSQL backend"
                )
            continue
        profiler = cProfile.Profile()
        profiler.enable()
        run(queue[1:], 201)
        profiler.disable()
        stats = pstats.Stats(profiler)
        print(f"Python function calls: {stats.total_calls / sheets:,.0f} a new sheet")
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(top)
            print(f"\n-- {sheets} new sheets under cProfile, by {order} --")
            print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))
    _cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=1000)
    parser.add_argument("--phones", type=int, default=8)
    parser.add_argument("--retries", type=float, default=0.15)
    # Two sync workers on two cores leave them idle while a worker waits for PostgreSQL
    # (on the same cores) and for its commit; four keep both busy.
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--profile", type=int, metavar="N", help="N sheets in process")
    parser.add_argument("--top", type=int, default=30, help="profile entries shown")
    options = parser.parse_args()
    django_setup()
    if options.profile:
        return _profile(options.profile, options.retries, options.top)
    from evaluations.models import ScoreSheet, SubmissionReceipt

    _cleanup()
    queue = _setup(options.sheets)
    rng = random.Random(7)
    resent = rng.sample(queue, round(len(queue) * options.retries))
    at_once = resent[: len(resent) // 2]  # sent twice at the same moment
    later = resent[len(resent) // 2 :]  # sent again after everything else
    work = [*queue, *at_once]
    rng.shuffle(work)
    work += later
    server = _serve(options)
    statuses, seconds = collections.Counter(), []
    lock = threading.Lock()

    def run(item):
        status, took = _send(item)
        with lock:
            statuses[status] += 1
            seconds.append(took)

    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(options.phones) as phones:
            list(phones.map(run, work))
        wall = time.perf_counter() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    rows = ScoreSheet.objects.filter(visit__round__name__startswith=PREFIX)
    pairs = rows.values("visit", "evaluator").distinct().count()
    receipts = SubmissionReceipt.objects.filter(sheet__in=rows).count()
    print(
        f"sheets queued: {len(queue)}, requests sent: {len(work)} ({len(at_once)} twice at "
        f"once, {len(later)} resent later), phones: {options.phones}"
    )
    print(f"wall time: {wall:.1f} s, {len(work) / wall:.0f} requests/s")
    print(summary("per request", seconds))
    print("answers:", dict(sorted(statuses.items())))
    print(f"sheets stored: {rows.count()} for {pairs} (visit, evaluator) pairs; "
          f"receipts: {receipts} for {len(queue)} phone ids")  # fmt: skip
    print(f"duplicates: {rows.count() - pairs} sheets, {receipts - len(queue)} receipts")
    if not options.keep:
        _cleanup()


if __name__ == "__main__":
    main()
