"""Load on the portal served as in production: wrk against gunicorn, and a burst of reports.

    .venv/bin/python -m bench.national_data        # once: 77 provinces, 50,000 clubs
    .venv/bin/python -m bench.load [--duration 60] [--connections 32] [--workers 4]
                                   [--only "club list"] [--reports 20] [--skip-pages]

Pages: gunicorn (``config.wsgi``, ``--workers`` sync workers, ``DJANGO_DEBUG=false``,
persistent database connections) on the loopback, on the benchmark database
``monitor_bench`` and a Redis server of its own; wrk (Debian package ``wrk``, installed
here if missing) sends ``--connections`` connections on 2 threads for ``--duration``
seconds to one URL at a time, with the session cookie of a signed-in user (the officer of
Nakhon Phanom, then the administrator). Every answer that is not 2xx counts as an error,
as do socket errors and timeouts (30 s). Add a page by adding a line to ``PAGES``.

Reports: a Celery worker with 2 processes (``--concurrency=2``, as docker-compose runs
it); the administrator asks for ``--reports`` provincial summaries of as many
provinces at once (concurrent POSTs to the request form), and the time until all are
finished is measured. Earlier report jobs in the benchmark database are deleted first,
so that nothing is served from a finished copy.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from bench._setup import BENCH_DATABASE_URL, django_setup, wait_for_worker

# (label, path; "{meeting}" is the meeting made below). One wrk run per page and user.
PAGES = [
    ("province dashboard", "/dashboards/48/"),
    ("province page", "/provinces/48/"),
    ("club list", "/clubs/"),
    ("meeting page", "/meetings/{meeting}/"),
    ("API club list", "/api/v1/clubs/"),
    ("Thai search of meetings", "/meetings/search/?" + urlencode({"q": "ประชุม"})),
]
USERS = [("officer of 48", "bench_officer"), ("administrator", "bench_admin")]
COMMITTEE_NAME = "BENCH load คณะทำงานขับเคลื่อนโครงการ TO BE NUMBER ONE จังหวัดนครพนม"

WRK_SCRIPT = r"""
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
wrk.headers["Accept-Language"] = "th"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non_2xx = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then non_2xx = non_2xx + 1 end
end
function done(summary, latency, requests)
  local non_2xx_total = 0
  for _, thread in ipairs(threads) do non_2xx_total = non_2xx_total + thread:get("non_2xx") end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "non_2xx": %d, "socket_errors": %d, ' ..
    '"p50_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, non_2xx_total,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds per page and user")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--only", action="append", help="label of a page to run (repeatable)")
    parser.add_argument("--reports", type=int, default=20)
    parser.add_argument("--skip-pages", action="store_true")
    args = parser.parse_args()
    wrk = _wrk()
    django_setup()

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import User
    from programs.models import Club
    from tests.faults.servers import AppServer, RedisServer, celery, portal_env

    if Club.objects.count() < 1000:
        raise SystemExit("no national data: run `.venv/bin/python -m bench.national_data` first")
    meeting = _meeting()

    def cookie(username: str) -> str:
        user = User.objects.get(username=username)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return f"sessionid={session.session_key}"

    log_dir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    redis = RedisServer(log_dir).start()
    env = portal_env(
        database_url=BENCH_DATABASE_URL,
        redis_url=redis.url(),
        DJANGO_SETTINGS_MODULE="config.settings.local",
        CONN_MAX_AGE="60",
        LOG_LEVEL="WARNING",
    )
    app = AppServer(env, log_dir, workers=args.workers)
    worker = celery("worker", env, log_dir, "worker", "--concurrency=2", "--loglevel=warning")
    try:
        app.start()
        print(
            f"gunicorn: {args.workers} sync workers on {app.url}; wrk: {args.connections} "
            f"connections, 2 threads, {args.duration} s per page and user; logs in {log_dir}"
        )
        if not args.skip_pages:
            print("| page | user | requests/s | p50 | p99 | max | requests | errors |")
            print("|---|---|---|---|---|---|---|---|")
            for label, path in PAGES:
                if args.only and label not in args.only:
                    continue
                url = app.url + path.format(meeting=meeting.pk)
                for user_label, username in USERS:
                    result = _wrk_run(wrk, url, cookie(username), args, log_dir)
                    print(_row(label, user_label, result), flush=True)
        if args.reports:
            worker.start()
            wait_for_worker(env)
            _reports(app.url, cookie("bench_admin"), args.reports)
    finally:
        worker.stop()
        app.stop()
        redis.stop()


def _wrk() -> str:
    path = shutil.which("wrk")
    if path:
        return path
    print("wrk is missing: installing the Debian package (apt-get install -y wrk)")
    installed = subprocess.run(
        "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk",
        shell=True, capture_output=True, text=True,
    )  # fmt: skip
    if installed.returncode != 0 or not shutil.which("wrk"):
        raise SystemExit("could not install wrk: run `apt-get install wrk` as root, then again")
    return shutil.which("wrk")


def _meeting():
    """A meeting of a Nakhon Phanom committee with a realistic Form 11 agenda (made once)."""
    import datetime

    from meetings import services
    from meetings.models import Meeting
    from programs.models import Province

    meeting = Meeting.objects.filter(committee__name=COMMITTEE_NAME).first()
    if meeting is not None:
        return meeting
    committee = services.committee_create(
        name=COMMITTEE_NAME, provinces=[Province.objects.get(code="48")]
    )
    meeting = services.meeting_create(
        committee=committee, date=datetime.date(2025, 3, 12), venue="ห้องประชุมศาลากลางจังหวัด"
    )
    for n in range(1, 21):
        services.agenda_item_add(
            meeting=meeting,
            part=4,
            title=f"รายงานผลการดำเนินงานชมรม TO BE NUMBER ONE อำเภอที่ {n}",
            presenter="สำนักงานสาธารณสุขจังหวัดนครพนม",
            discussion="ที่ประชุมรับทราบผลการดำเนินงานและปัญหาอุปสรรคในการจัดกิจกรรมรณรงค์" * 3,
            resolution="รับทราบ และมอบหมายอำเภอติดตามการประเมินศูนย์เพื่อนใจ",
        )
    return meeting


def _wrk_run(wrk: str, url: str, cookie: str, args, log_dir: Path) -> dict:
    script = log_dir / "session.lua"
    script.write_text(WRK_SCRIPT)
    run = subprocess.run(
        [wrk, "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "30s",
         "-s", str(script), url],
        env={"BENCH_COOKIE": cookie, "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=args.duration + 120,
    )  # fmt: skip
    if run.returncode != 0:
        raise SystemExit(f"wrk failed on {url}:\n{run.stdout}\n{run.stderr}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def _row(page: str, user: str, result: dict) -> str:
    seconds = result["duration_us"] / 1e6
    errors = result["non_2xx"] + result["socket_errors"]
    return (
        f"| {page} | {user} | {result['requests'] / seconds:.1f} | "
        f"{result['p50_us'] / 1000:.0f} ms | {result['p99_us'] / 1000:.0f} ms | "
        f"{result['max_us'] / 1000:.0f} ms | {result['requests']:,} | {errors} |"
    )


def _reports(base_url: str, cookie: str, count: int) -> None:
    import requests

    from programs.models import Province
    from reports.models import ReportJob, ReportStatus
    from tests.faults.servers import csrf_token
    from thai.fiscal_year import current_fiscal_year

    ReportJob.objects.all().delete()  # nothing may be served from an earlier copy
    codes = list(Province.objects.order_by("code").values_list("code", flat=True)[:count])
    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_maxsize=count)  # one connection per request
    session.mount("http://", adapter)
    name, value = cookie.split("=", 1)
    session.cookies.set(name, value)
    form = f"{base_url}/reports/new/"
    token = csrf_token(session, form)

    def ask(code: str) -> int:
        data = {
            "kind": "provincial_summary",
            "province": code,
            "fiscal_year": str(current_fiscal_year()),
            "csrfmiddlewaretoken": token,
        }
        return session.post(form, data=data, allow_redirects=False, timeout=60).status_code

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=count) as pool:
        statuses = list(pool.map(ask, codes))
    asked = time.perf_counter() - started
    if statuses.count(302) != count:
        raise SystemExit(f"the request form answered {statuses}")
    jobs = ReportJob.objects.filter(province_id__in=codes)
    while jobs.exclude(status__in=[ReportStatus.DONE, ReportStatus.FAILED]).exists():
        time.sleep(0.5)
    all_done = time.perf_counter() - started
    finished = list(jobs)
    renders = [job.duration_seconds for job in finished if job.duration_seconds is not None]
    failed = [job for job in finished if job.status == ReportStatus.FAILED]
    pages = sum(job.page_count or 0 for job in finished)
    print(
        f"\nreports: {count} provincial summaries asked for at once by the administrator "
        f"(all {count} requests answered in {asked:.1f} s); 2 worker processes\n"
        f"  all done in {all_done:.1f} s; {len(failed)} failed; {pages} pages in all; "
        f"one report: median {statistics.median(renders):.1f} s, "
        f"min {min(renders):.1f} s, max {max(renders):.1f} s"
    )
    for job in failed:
        print(f"  failed: {job} {job.error}")


if __name__ == "__main__":
    main()
