"""Per-request cost of the pages officers, evaluators and executives open every day.

    .venv/bin/python -m bench.national_data        # once: 77 provinces, 50,000 clubs
    .venv/bin/python -m bench.pages [--repeat 30] [--only "club list"] [--profile "club list"]

In process, warm: each page through Django's test Client (middleware, scoping,
filters, templates) on the national data, as the officer of Nakhon Phanom
(``bench_officer``), its executive (``bench_governor``) and the chair evaluator of its
evaluation round; one warm-up request, then ``--repeat``, the median and minimum per
page with its number of SQL queries and the size of its HTML, and the median CPU
time of this process (Python's share, without the database's; less disturbed than the
wall clock when other work shares the cores). ``--profile LABEL``
runs that page under cProfile and prints the top entries by own time and by
cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import time

from bench._setup import django_setup

# Targets of issue 14, in milliseconds; every other daily page: 15 ms.
TARGETS = {"club list": 10, "meeting page": 10, "API club list": 8}
DEFAULT_TARGET = 15


def pages(officer, governor, evaluator, meeting, club, visit) -> list[tuple[str, object, str]]:
    committee = meeting.committee_id
    rows = [
        ("privacy", officer, "/privacy/"),  # nothing on it: the floor every page pays
        ("home", officer, "/"),
        ("club list", officer, "/clubs/"),
        ("club list, search", officer, "/clubs/?q=โรงเรียน"),
        ("club page", officer, f"/clubs/{club.pk}/"),
        ("API club list", officer, "/api/v1/clubs/"),
        ("meeting list", officer, "/meetings/"),
        ("meeting page", officer, f"/meetings/{meeting.pk}/"),
        ("Thai search of meetings", officer, "/meetings/search/?q=ประชุม"),
        ("open action items", officer, "/meetings/actions/"),
        ("committee list", officer, "/committees/"),
        ("committee page", officer, f"/committees/{committee}/"),
        ("province page", officer, "/provinces/48/"),
        ("project list", officer, "/projects/"),
        ("agency list", officer, "/agencies/"),
        ("village list", officer, "/villages/"),
        ("visit list (officer)", officer, "/evaluations/visits/"),
        ("round list", officer, "/evaluations/rounds/"),
        ("report list", officer, "/reports/"),
        ("province dashboard (officer, warm)", officer, "/dashboards/48/"),
        ("home (executive)", governor, "/"),
        ("province dashboard (executive, warm)", governor, "/dashboards/48/"),
        ("club list (executive)", governor, "/clubs/"),
        ("meeting list (executive)", governor, "/meetings/"),
        ("home (evaluator)", evaluator, "/"),
        ("visit list (evaluator)", evaluator, "/evaluations/visits/"),
    ]
    if visit is not None:
        rows += [
            ("visit score sheet (evaluator)", evaluator, f"/evaluations/visits/{visit.pk}/score/"),
            ("visit result (evaluator)", evaluator, f"/evaluations/visits/{visit.pk}/"),
        ]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only", action="append", help="label of a page (repeatable)")
    parser.add_argument("--profile", action="append", help="label of a page to profile")
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    django_setup()

    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection

    # One connection kept for the whole run, as gunicorn keeps it (CONN_MAX_AGE).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    from django.test import Client

    from accounts.models import Role, User
    from bench.load import _meeting
    from evaluations.models import RoundEvaluator, Visit
    from programs.models import Club

    if Club.objects.count() < 1000:
        raise SystemExit("no national data: run `.venv/bin/python -m bench.national_data` first")
    officer = User.objects.get(username="bench_officer")
    governor, _created = User.objects.get_or_create(
        username="bench_governor", defaults={"role": Role.EXECUTIVE, "province_id": "48"}
    )
    seat = (
        RoundEvaluator.objects.filter(round__province_id="48", is_chair=True)
        .select_related("user", "round")
        .first()
    )
    evaluator = seat.user if seat else officer
    visit = Visit.objects.filter(round=seat.round).order_by("pk").first() if seat else None
    meeting = _meeting()
    club = Club.objects.filter(province_id="48").order_by("pk").first()

    clients = {}

    def client_of(user):
        if user.pk not in clients:
            clients[user.pk] = Client(
                HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="th", raise_request_exception=False
            )
            clients[user.pk].force_login(user)
        return clients[user.pk]

    print("| page | user | path | queries | HTML | median | min | CPU median | target |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, user, path in pages(officer, governor, evaluator, meeting, club, visit):
        if args.only and label not in args.only:
            continue
        client = client_of(user)
        response = client.get(path)  # warm-up
        if response.status_code != 200:
            print(f"| {label} | {user.username} | {path} | answered {response.status_code} |")
            continue
        queries = _count_queries(connection, client, path)
        seconds, cpu = [], []
        for _ in range(args.repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            seconds.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        target = TARGETS.get(label, DEFAULT_TARGET)
        median = statistics.median(seconds) * 1000
        print(
            f"| {label} | {user.username} | `{path}` | {queries} | "
            f"{len(response.content) / 1000:.0f} KB | {median:.1f} ms | "
            f"{min(seconds) * 1000:.1f} ms | {statistics.median(cpu) * 1000:.1f} ms | "
            f"{target} ms{'' if median <= target else ' ✗'} |",
            flush=True,
        )
        if args.profile and label in args.profile:
            _profile(client, path, args.top)


def _count_queries(connection, client, path: str) -> int:
    """The SQL statements of one request of ``path``.

    Counted by an execute wrapper while the request runs. ``CaptureQueriesContext``
    read after the timed requests showed 0 for every page: its ``captured_queries``
    slices ``connection.queries_log`` when read, and by then each later request's
    ``request_started`` signal (``reset_queries``) had emptied the log.
    """
    statements = 0

    def count(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(path)
    return statements


def _profile(client, path: str, top: int) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(20):
        client.get(path)
    profiler.disable()
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order)
        stats.print_stats(top)
        print(f"\n-- 20 requests of {path} under cProfile, by {order} --")
        print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))
    print()


if __name__ == "__main__":
    main()
