"""PDF reports: a 20-page provincial summary, and 10 reports at once on 2 workers.

    .venv/bin/python -m bench.reports [--repeat 3] [--concurrent 10] [--ratio-only]

Runs in its own PostgreSQL database (``monitor_bench_reports``, or
BENCH_DATABASE_URL) and Redis database 12 (or BENCH_REDIS_URL), with a province of
generated data big enough for a ~20-page summary. Prints:

* the job: total time of ``report_job_run`` (the task's code: data, template, Thai
  pipeline, PDF, storage), pages, time per page, peak memory (max RSS of this process);
* the ratio of our HTML → PDF to plain WeasyPrint rendering the same HTML without our
  line breaking and text layer (target ≤ 1.5×), and of the whole job to that plain render;
* 10 distinct reports requested at once and rendered by a real `celery worker
  --concurrency=2`: wall time until all are done, and each job's own time.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/monitor_bench_reports"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
os.environ["REDIS_URL"] = REDIS_URL
os.environ["CELERY_BROKER_URL"] = REDIS_URL
os.environ.setdefault("MEDIA_ROOT", "/tmp/bench-reports-media")

from bench._setup import BENCH_DATABASE_URL, django_setup  # noqa: E402

BASE_DIR = Path(__file__).resolve().parent.parent
PROVINCE = "48"


def build_data() -> None:
    """Idempotent: 3 programs × 25 indicators, 12 districts × 25 clubs, members, projects."""
    from accounts.models import Role, User
    from programs.models import (
        Agency,
        Club,
        ClubMembership,
        District,
        Indicator,
        IndicatorResult,
        Objective,
        Program,
        Project,
        Province,
        TierAward,
    )

    province, _ = Province.objects.get_or_create(
        code=PROVINCE,
        defaults={"name_th": "นครพนม", "name_en": "Nakhon Phanom", "region": "northeast"},
    )
    user, _ = User.objects.get_or_create(
        username="bench_admin", defaults={"role": Role.ADMINISTRATOR}
    )
    if Indicator.objects.filter(code="B2-32").exists():
        return
    districts = [
        District.objects.get_or_create(
            code=f"{PROVINCE}{n:02d}",
            defaults={
                "province": province,
                "name_th": f"อำเภอทดสอบที่{n}",
                "name_en": f"District {n}",
            },
        )[0]
        for n in range(1, 13)
    ]
    names = [
        "ร้อยละของประชากรอายุ 6–24 ปีที่เป็นสมาชิกโครงการและได้รับการพัฒนาทักษะการดำเนินงาน",
        "จำนวนครั้งของกิจกรรมรณรงค์สร้างกระแสและแก้ไขปัญหายาเสพติดในสถานศึกษาและชุมชน",
        "ร้อยละของชมรมที่มีศูนย์เพื่อนใจ TO BE NUMBER ONE ที่เปิดให้บริการต่อเนื่อง",
        "รายได้จากการท่องเที่ยวของจังหวัดที่สำนักงานสาธารณสุขจังหวัดสนับสนุนการจัดสรรงบประมาณ",
    ]
    for p in range(3):
        program, _ = Program.objects.get_or_create(
            slug=f"bench-{p}",
            defaults={"name_th": f"โครงการติดตามผลการดำเนินงานเพื่อแก้ไขปัญหาของจังหวัด ชุดที่ {p + 1}"},
        )
        objective, _ = Objective.objects.get_or_create(
            program=program,
            fiscal_year=2568,
            number=1,
            defaults={"kind": "strategy", "name": "การรณรงค์ปลุกกระแสและสร้างค่านิยม"},
        )
        for i in range(32):
            indicator, _ = Indicator.objects.get_or_create(
                objective=objective,
                province=None,
                code=f"B{p}-{i + 1:02d}",
                defaults={"name": names[i % 4], "kind": "amount", "unit": "ร้อยละ", "target": 80},
            )
            IndicatorResult.objects.get_or_create(  # noqa: F841
                indicator=indicator,
                province=province,
                period=4,
                defaults={
                    "value": 40 + (i * 7) % 70,
                    "status": ["on_track", "at_risk", "off_track"][i % 3],
                    "entered_by": user,
                },
            )
        agency, _ = Agency.objects.get_or_create(
            province=province, name=f"สำนักงานสาธารณสุขจังหวัด {p}"
        )
        Project.objects.get_or_create(
            program=program,
            province=province,
            agency=agency,
            fiscal_year=2568,
            name="ประชาสัมพันธ์ผลการดำเนินงาน",
            defaults={"budget": 1755091742},
        )
    types = ["school", "community", "workplace", "probation", "prison", "juvenile"]
    if Club.objects.filter(province=province).exists():
        return
    for d, district in enumerate(districts):
        for n in range(25):
            club_type = types[(d + n) % 6]
            club = Club.objects.create(
                province=province,
                district=district,
                club_type=club_type,
                school_level="secondary" if club_type == "school" else "",
                name=f"ชมรม TO BE NUMBER ONE ชุมชนบ้านหนองญาติ แห่งที่ {n + 1}",
                host_organisation="องค์การบริหารส่วนตำบลหนองญาติ",
                contact_name="นางสาวสมหญิง ใจดี",
            )
            ClubMembership.objects.create(
                club=club, fiscal_year=2568, members=100 + n, target_population=150
            )
            if n % 3 == 0:
                TierAward.objects.create(
                    level="club", club=club, province=province, fiscal_year=2568, tier=1 + n % 6
                )


def time_job(kind: str, parameters: dict) -> tuple[float, object]:
    from reports import services
    from reports.kinds import registry
    from reports.models import ReportJob

    ReportJob.objects.all().delete()  # nothing to reuse: every run renders
    clean = registry[kind].clean_parameters(parameters, user=None)
    job = services.report_job_create(kind=kind, parameters=clean, user=None)
    start = time.perf_counter()
    job = services.report_job_run(job_id=job.pk)
    return time.perf_counter() - start, job


# CPU time of this process per render: on a shared machine it varies less than wall time.
CPU: dict[str, list[float]] = {"ours": [], "plain": []}


def pipeline_ratio(repeat: int) -> tuple[list[float], list[float], list[float], int]:
    from reports.pdf.render import html_to_pdf
    from reports.services import report_html

    html = report_html(
        job_kind="provincial_summary",
        parameters={"province": PROVINCE, "fiscal_year": 2568},
        user=None,
    )
    ours, plain, jobs = [], [], []
    html_to_pdf(html)  # warm up both (fonts, newmm dictionary)
    html_to_pdf(html, thai_pipeline=False)
    pages = 0
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        pages = html_to_pdf(html).page_count
        ours.append(time.perf_counter() - start)
        CPU["ours"].append(time.process_time() - cpu)
        start, cpu = time.perf_counter(), time.process_time()
        html_to_pdf(html, thai_pipeline=False)
        plain.append(time.perf_counter() - start)
        CPU["plain"].append(time.process_time() - cpu)
        seconds, _job = time_job(
            "provincial_summary",
            {"province": PROVINCE, "fiscal_year": 2568, "thai_digits": len(jobs) % 2 == 1},
        )
        jobs.append(seconds)
    return ours, plain, jobs, pages


def concurrent(count: int) -> tuple[float, list[float]]:
    from config.celery_app import app
    from reports import services
    from reports.models import ReportJob, ReportStatus

    env = {
        **os.environ,
        "DATABASE_URL": BENCH_DATABASE_URL,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "false",
    }
    log = open("/tmp/bench-reports-worker.log", "w")  # noqa: SIM115
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=prefork",
            "--concurrency=2",
            "--loglevel=warning",
            "--hostname=bench-reports@%h",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=1, destination=[f"bench-reports@{os.uname().nodename}"]):
            assert time.monotonic() < deadline and worker.poll() is None, "worker did not start"
        # Distinct parameters, so that none is a reuse of another.
        kinds = [
            ("provincial_summary", {"fiscal_year": 2568, "thai_digits": n % 2 == 1})
            for n in range(count // 2)
        ]
        kinds += [
            ("club_directory", {"fiscal_year": 2568, "tier": n % 6 + 1})
            for n in range(count - len(kinds))
        ]
        ReportJob.objects.all().delete()
        start = time.perf_counter()
        ids = [
            services.report_request(kind=k, parameters={"province": PROVINCE, **p}, user=None).pk
            for k, p in kinds
        ]
        while ReportJob.objects.filter(
            pk__in=ids, status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING]
        ).exists():
            time.sleep(0.2)
        wall = time.perf_counter() - start
        jobs = ReportJob.objects.filter(pk__in=ids)
        failed = [job.error for job in jobs if job.status != ReportStatus.DONE]
        assert not failed, failed
        return wall, sorted(job.duration_seconds for job in jobs)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--concurrent", type=int, default=10)
    parser.add_argument(
        "--ratio-only", action="store_true", help="stop after the ours/plain ratio (no worker)"
    )
    args = parser.parse_args()
    django_setup()
    build_data()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    seconds, job = time_job("provincial_summary", {"province": PROVINCE, "fiscal_year": 2568})
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"provincial summary (cold, first in process): {seconds:.2f} s, {job.page_count} pages, "
        f"{seconds / job.page_count * 1000:.0f} ms/page, {job.size / 1024:.0f} KiB; "
        f"peak RSS {rss_after:.0f} MiB (before: {rss_before:.0f} MiB)"
    )
    ours, plain, jobs, pages = pipeline_ratio(args.repeat)
    m_ours, m_plain, m_job = (statistics.median(x) for x in (ours, plain, jobs))
    print(
        f"warm, median of {args.repeat}, {pages} pages: job total {m_job:.2f} s "
        f"({m_job / pages * 1000:.0f} ms/page); HTML→PDF ours {m_ours:.2f} s, "
        f"plain WeasyPrint {m_plain:.2f} s"
    )
    print(
        f"ratio ours/plain (same HTML): {m_ours / m_plain:.2f}×; "
        f"whole job/plain render: {m_job / m_plain:.2f}×"
    )
    cpu_ours, cpu_plain = (statistics.median(CPU[k]) for k in ("ours", "plain"))
    print(
        f"CPU time, median: ours {cpu_ours:.2f} s, plain {cpu_plain:.2f} s, "
        f"ratio {cpu_ours / cpu_plain:.2f}×"
    )
    if args.ratio_only:
        return
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS after all renders: {peak:.0f} MiB")
    wall, durations = concurrent(args.concurrent)
    print(
        f"{args.concurrent} reports at once, 2 workers: all done in {wall:.1f} s; per job "
        f"median {statistics.median(durations):.2f} s, max {max(durations):.2f} s"
    )


if __name__ == "__main__":
    main()
