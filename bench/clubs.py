"""Timings of the club pages and the club import on national-scale data.

    .venv/bin/python -m bench.national_data        # once: 77 provinces, 50,000 clubs
    .venv/bin/python -m bench.clubs [--repeat 20] [--import-rows 10000] [--import-runs 3]

Pages are requested through Django's test Client (the whole stack: middleware,
scoping, filters, templates) as the officer of Nakhon Phanom (its ~650 clubs) and as
an administrator (all 50,000). Each is requested once to warm up, then ``--repeat``
times; the number of SQL queries of one request is printed beside the timings.

The import uploads an .xlsx of ``--import-rows`` new clubs of Nakhon Phanom, generated
in a temporary directory, to the import page as the officer: a first run creates them,
a second finds them unchanged; the created clubs are then deleted and it starts again.
"""

import argparse
import random
import tempfile
import time
from pathlib import Path

from bench._setup import django_setup, summary

PAGES = [
    ("list", {}),
    ("search นาสมดี", {"q": "นาสมดี"}),
    ("search ชุมชน โรงเรียน (2 words)", {"q": "โรงเรียน บ้าน"}),
    (
        "filtered: school, tier ทอง, 3 ก. ครบ",
        {"club_type": "school", "tier": "4", "three_k": "true"},
    ),  # fmt: skip
    ("list page 10", {"page": "10"}),
]
IMPORT_PREFIX = "ชมรม TO BE NUMBER ONE นำเข้าทดสอบ"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--import-runs", type=int, default=3)
    args = parser.parse_args()
    django_setup()
    from django.test.utils import setup_test_environment

    # The test Client then records each response's template context (the counts).
    setup_test_environment()

    from accounts.models import User
    from programs.models import Club

    if Club.objects.count() < 1000:
        raise SystemExit("no national data: run `.venv/bin/python -m bench.national_data` first")
    officer = User.objects.get(username="bench_officer")
    admin = User.objects.get(username="bench_admin")
    own = Club.objects.filter(province_id=officer.province_id).count()
    print(f"clubs: {Club.objects.count():,} in all, {own:,} in the officer's province")
    for user, label in [(officer, "officer of 48"), (admin, "administrator")]:
        _pages(user, label, args.repeat)
    _export(officer, admin)
    _import(officer, args.import_rows, args.import_runs)


def _client(user):
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def _timed(client, url, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url, params)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, params, response.status_code)
    return elapsed, len(queries.captured_queries), response


def _pages(user, label: str, repeat: int) -> None:
    from django.urls import reverse

    client = _client(user)
    url = reverse("programs:club_list")
    for name, params in PAGES:
        _elapsed, queries, response = _timed(client, url, params)  # warm-up
        found = response.context["paginator"].count if response.context else "?"
        seconds = [_timed(client, url, params)[0] for _ in range(repeat)]
        print(summary(f"[{label}] club list, {name} ({found:,} found, {queries} queries)",
                      seconds))  # fmt: skip


def _export(officer, admin) -> None:
    from django.urls import reverse

    url = reverse("programs:club_export")
    cases = [
        (officer, "officer of 48, all own clubs", {}, 5),
        (admin, "administrator, community clubs", {"club_type": "community"}, 2),
        (admin, "administrator, all clubs", {}, 2),
    ]
    for user, label, params, repeat in cases:
        client = _client(user)
        for file_format in ("xlsx", "csv"):
            seconds, size, status = [], 0, 200
            for _ in range(repeat):
                started = time.perf_counter()
                response = client.get(url, {**params, "format": file_format})
                seconds.append(time.perf_counter() - started)
                size, status = len(response.getvalue()), response.status_code
            if status != 200:  # refused: more rows than a sheet holds (programs/exports.py)
                print(f"[{label}] export {file_format}: refused ({status}), over a sheet's rows")
                continue
            print(summary(f"[{label}] export {file_format} ({size / 1e6:.1f} MB)", seconds))


def _import(officer, rows: int, runs: int) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse
    from openpyxl import Workbook

    from programs.models import ClubType, District, Subdistrict

    rng = random.Random(10_000)
    districts = list(District.objects.filter(province_id=officer.province_id))
    subdistricts = {}
    for subdistrict in Subdistrict.objects.filter(district__in=districts):
        subdistricts.setdefault(subdistrict.district_id, []).append(subdistrict)
    types = [str(label) for label in ClubType.labels if label != ClubType.SCHOOL.label]

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "clubs-10000.xlsx"
        book = Workbook(write_only=True)
        sheet = book.create_sheet("ชมรม")
        sheet.append(["ชื่อชมรม", "ประเภท", "รหัสอำเภอ", "รหัสตำบล", "หน่วยงานที่ตั้ง",
                      "วันที่ก่อตั้ง", "ผู้ประสานงาน", "โทรศัพท์", "ศูนย์เพื่อนใจ", "กรรมการ",
                      "กองทุน", "กิจกรรม", "ปีงบประมาณ", "จำนวนสมาชิก", "กลุ่มเป้าหมาย"])  # fmt: skip
        for number in range(1, rows + 1):
            district = rng.choice(districts)
            place = rng.choice(subdistricts[district.code])
            target = rng.randint(50, 2000)
            sheet.append([
                f"{IMPORT_PREFIX} {place.name_th} {number}", rng.choice(types), district.code,
                place.code, f"บ้าน{place.name_th}", f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/"
                f"{rng.randint(2550, 2567)}", "นายทดสอบ นำเข้า", "0421234567",
                rng.choice(["มี", "ไม่มี"]), "มี", "มี", "มี", "2568",
                str(int(target * rng.uniform(0.3, 1))), str(target),
            ])  # fmt: skip
        book.save(path)
        data = path.read_bytes()
    print(f"import file: {rows:,} rows, {len(data) / 1e6:.2f} MB")

    client = _client(officer)
    url = reverse("programs:club_import")
    first, second = [], []
    for _ in range(runs):
        _delete_imported()
        for seconds, expect in ((first, "created"), (second, "unchanged")):
            upload = SimpleUploadedFile("clubs.xlsx", data)
            started = time.perf_counter()
            response = client.post(url, {"file": upload})
            seconds.append(time.perf_counter() - started)
            result = response.context["result"]
            assert result.ok, result.problems[:5]
            assert getattr(result, expect) == rows, (expect, result)
    _delete_imported()
    print(summary(f"import {rows:,} new clubs with memberships (officer, upload page)", first))
    print(summary(f"re-import of the same {rows:,} rows (all unchanged)", second))
    _memory_note()


def _delete_imported() -> None:
    """Remove the imported clubs, their memberships and their history, in SQL.

    ``QuerySet.delete()`` would collect 10,000 clubs in Python and write a history
    record for each deletion (about a minute); this is clean-up, not what is measured.
    """
    from programs.models import Club, ClubMembership

    ids = list(Club.objects.filter(name__startswith=IMPORT_PREFIX).values_list("pk", flat=True))
    for queryset in (
        ClubMembership.history.filter(club_id__in=ids),
        ClubMembership.objects.filter(club_id__in=ids),
        Club.history.filter(id__in=ids),
        Club.objects.filter(pk__in=ids),
    ):
        queryset._raw_delete(queryset.db)


def _memory_note() -> None:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
