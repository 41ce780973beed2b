"""Server time of the province and national dashboards on national-scale data.

    .venv/bin/python -m bench.national_data     # once (50,000 clubs, 20,000 meetings, …)
    .venv/bin/python -m bench.dashboards [--repeat 30] [--duration 20] [--clients 8]

Three measurements, in ``monitor_bench`` (see bench/_setup.py):

1. Sequential: the Django test Client (middleware, scoping, templates) requests each
   dashboard ``--repeat`` times cold (cache emptied first: every figure computed, as
   after a write) and warm (the rendered figures from the cache); median and p95, and
   the number of SQL queries of one request.
2. Bare SQL: the queries one request made, run again straight through the database
   cursor ``--repeat`` times; the ratio of the page's median to the queries' median
   says how much of the cold time is the aggregation itself.
3. Concurrent: ``gunicorn`` (2 workers × 4 threads, on loopback) under ``wrk`` with
   ``--clients`` connections for ``--duration`` seconds; p50/p95/p99 and requests per
   second, warm (no writes meanwhile). ``wrk`` is the Debian package; installed with
   apt-get when missing. ``BENCH_EXPLAIN=1`` prints each query's time.

Targets (issue 7): p95 under 300 ms for the province dashboard, under 1 s for the
national one, on the 2-core development machine.
"""

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._setup import BENCH_DATABASE_URL, django_setup, summary

BASE_DIR = Path(__file__).resolve().parent.parent
WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("p50=%.0f ms p95=%.0f ms p99=%.0f ms requests=%d errors=%d rps=%.1f\\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout, summary.requests / (summary.duration / 1e6)))
end
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--province", default="48")
    parser.add_argument("--concurrent-only", action="store_true")
    args = parser.parse_args()
    django_setup()

    from accounts.models import Role, User

    officer = User.objects.get(username="bench_officer")
    admin = User.objects.get(username="bench_admin")
    governor, _created = User.objects.get_or_create(
        username="bench_governor", defaults={"role": Role.EXECUTIVE, "province_id": args.province}
    )
    pages = [
        ("province dashboard (executive of 48)", governor, f"/dashboards/{args.province}/"),
        ("province dashboard (officer of 48)", officer, f"/dashboards/{args.province}/"),
        ("national dashboard (administrator)", admin, "/dashboards/national/"),
        ("national dashboard, one region", admin, "/dashboards/national/?region=northeast"),
    ]
    print(f"database {BENCH_DATABASE_URL.rsplit('/', 1)[1]}, {args.repeat} requests each")
    for label, user, url in [] if args.concurrent_only else pages:
        _sequential(label, user, url, args.repeat)
    _concurrent(pages[0], pages[2], args)


def _sequential(label: str, user, url: str, repeat: int) -> None:
    """Cold: the cache emptied before each request, so every figure is computed (what the
    first request after a write costs). Warm: the figures' fragment comes from the cache
    (what every other request costs)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    sql: list[tuple[str, object]] = []

    def record(execute, statement, params, many, context):
        sql.append((statement, params))
        return execute(statement, params, many, context)

    cache.clear()
    with connection.execute_wrapper(record):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    cold_queries = len(sql)
    cold, warm = [], []
    for _ in range(repeat):
        cache.clear()
        started = time.perf_counter()
        client.get(url)
        cold.append(time.perf_counter() - started)
    client.get(url)
    warm_sql: list = []
    with connection.execute_wrapper(lambda execute, *a: warm_sql.append(1) or execute(*a)):
        client.get(url)
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        warm.append(time.perf_counter() - started)
    sql_times = []
    with connection.cursor() as cursor:
        for _ in range(repeat):
            started = time.perf_counter()
            for statement, params in sql:
                cursor.execute(statement, params)
                if cursor.description:
                    cursor.fetchall()
            sql_times.append(time.perf_counter() - started)
    ratio = statistics.median(cold) / statistics.median(sql_times)
    print(f"{label}")
    print(f"  {summary('cold (figures computed)', cold)} queries={cold_queries}")
    print(f"  {summary('its bare SQL', sql_times)} page/SQL={ratio:.1f}x")
    print(f"  {summary('warm (figures cached)', warm)} queries={len(warm_sql)}")
    if os.environ.get("BENCH_EXPLAIN"):
        with connection.cursor() as cursor:
            for statement, params in sql:
                started = time.perf_counter()
                cursor.execute(statement, params)
                if cursor.description:
                    cursor.fetchall()
                print(f"    {(time.perf_counter() - started) * 1000:6.1f} ms  {statement[:150]}")


def _concurrent(province_page, national_page, args) -> None:
    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})  # fmt: skip
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": BENCH_DATABASE_URL,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "false",
        "PYTHONPATH": str(BASE_DIR),
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--threads", "4", "--timeout", "120", "--log-level", "warning"],
        cwd=BASE_DIR, env=env,
    )  # fmt: skip
    try:
        _wait_for(port)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_REPORT)
        for label, user, url in (province_page, national_page):
            cookie = _session_cookie(user)
            for _ in range(4):  # each worker imports its code and fills the cache
                _get(f"http://127.0.0.1:{port}{url}", cookie)
            subprocess.run(
                [
                    "wrk",
                    "-t",
                    "2",
                    "-c",
                    str(args.clients),
                    "-d",
                    "3s",
                    "-H",
                    cookie,
                    f"http://127.0.0.1:{port}{url}",
                ],
                capture_output=True,
                check=True,
            )  # fmt: skip  (warm-up: every worker thread connected and its code loaded)
            result = subprocess.run(
                ["wrk", "-t", "2", "-c", str(args.clients), "-d", f"{args.duration}s",
                 "--timeout", "10s", "-s", script.name, "-H", cookie,
                 f"http://127.0.0.1:{port}{url}"],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            line = result.stdout.strip().splitlines()[-1]
            print(f"{label}, {args.clients} concurrent clients, gunicorn 2×4: {line}")
    finally:
        server.terminate()
        server.wait(timeout=30)


def _session_cookie(user) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return f"Cookie: {name}={client.cookies[name].value}"


def _get(url: str, cookie: str) -> None:
    import urllib.request

    name, value = cookie.split(": ", 1)
    with urllib.request.urlopen(urllib.request.Request(url, headers={name: value}), timeout=120):
        pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


if __name__ == "__main__":
    main()
