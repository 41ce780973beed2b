"""Time and peak memory of the club export (`/clubs/export/`) on national-scale data.

    .venv/bin/python -m bench.national_data        # once: 77 provinces, 50,000 clubs
    .venv/bin/python -m bench.exports [--repeat 3] [--only "administrator, all clubs"]

Each case (who asks, which clubs, CSV or xlsx) runs in a process of its own, so that its
peak memory is its own: the process warms up (one small export), then requests the
export ``--repeat`` times through Django's test Client (middleware, scoping, filters)
and reads the download as a browser would, chunk by chunk, without keeping it.
Printed per case: the rows, the size, the median and minimum time until the last byte,
the median CPU time of this process in it (the database's work is not in it; on a busy
machine it moves far less than the time does), the SQL queries of one export, and
memory: how far the process's resident set rose above what it held before the first
export (``VmHWM`` after against ``VmRSS`` before, Linux) and the peak of Python's own
allocations during one export (``tracemalloc``, in a pass of its own, untimed, since
tracing slows everything down). The last download of
each case is read back (openpyxl, csv) and its rows counted against the clubs.
"""

import argparse
import csv
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc

from bench._setup import django_setup

CASES = [
    ("officer of 48, all own clubs", "bench_officer", {}),
    ("administrator, community clubs", "bench_admin", {"club_type": "community"}),
    ("administrator, all clubs", "bench_admin", {}),
]
FORMATS = ("csv", "xlsx")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", action="append", help="a case's label (repeatable)")
    parser.add_argument("--format", choices=FORMATS, action="append")
    parser.add_argument("--case", help=argparse.SUPPRESS)  # one case, in a child process
    options = parser.parse_args()
    if options.case:
        label, file_format = json.loads(options.case)
        print(json.dumps(_run_case(label, file_format, options.repeat)))
        return
    print(f"load average before: {_loadavg()}")
    for label, _username, _params in CASES:
        if options.only and label not in options.only:
            continue
        for file_format in options.format or FORMATS:
            child = subprocess.run(
                [sys.executable, "-m", "bench.exports", "--repeat", str(options.repeat),
                 "--case", json.dumps([label, file_format])],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            if child.returncode != 0:
                raise SystemExit(child.stderr)
            print(_line(json.loads(child.stdout.strip().splitlines()[-1])))
    print(f"load average after: {_loadavg()}")


def _line(result: dict) -> str:
    if result.get("refused"):
        return f"[{result['label']}] {result['format']}: refused ({result['refused']})"
    return (
        f"[{result['label']}] {result['format']}: {result['rows']:,} rows, "
        f"{result['bytes'] / 1e6:.1f} MB, median {result['median']:.2f} s, "
        f"min {result['min']:.2f} s (n={result['n']}), CPU {result['cpu']:.2f} s, "
        f"{result['queries']} queries, "
        f"RSS +{result['rss_mb']:.0f} MB, Python peak {result['traced_mb']:.1f} MB, "
        f"read back: {result['read_back']:,} rows, load {result['load']}"
    )


def _loadavg() -> str:
    with open("/proc/loadavg") as file:
        return " ".join(file.read().split()[:3])


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as file:
        for line in file:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(field)


def _run_case(label: str, file_format: str, repeat: int) -> dict:
    django_setup()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from programs.models import Club
    from programs.selectors.clubs import club_list

    if Club.objects.count() < 1000:
        raise SystemExit("no national data: run `.venv/bin/python -m bench.national_data` first")
    _label, username, params = next(case for case in CASES if case[0] == label)
    user = User.objects.get(username=username)
    expected = club_list(user=user, filters=params).count()
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = reverse("programs:club_export")
    query = {**params, "format": file_format}

    def export(keep=None):
        response = client.get(url, query)
        if response.status_code != 200:
            return response, 0
        size = 0
        chunks = response.streaming_content if response.streaming else [response.content]
        for chunk in chunks:
            size += len(chunk)
            if keep is not None:
                keep.write(chunk)
        response.close()
        return response, size

    export_warm = client.get(url, {"format": file_format, "district": "4801"})
    if export_warm.streaming:
        for _chunk in export_warm.streaming_content:
            pass
    rss_before = _status_kb("VmRSS")
    with open("/proc/self/clear_refs", "w") as file:
        file.write("5")  # the peak resident set starts again from here

    seconds, cpu_seconds, size = [], [], 0
    with tempfile.TemporaryFile() as last:
        for number in range(repeat):
            last.seek(0)
            last.truncate()
            queries = _QueryCounter()
            with connection.execute_wrapper(queries):
                started, cpu_started = time.perf_counter(), time.process_time()
                response, size = export(keep=last if number == repeat - 1 else None)
                seconds.append(time.perf_counter() - started)
                cpu_seconds.append(time.process_time() - cpu_started)
            if response.status_code != 200:
                refused = f"{response.status_code} → {response.get('Location')}"
                return {"label": label, "format": file_format, "refused": refused}
        rss_mb = (_status_kb("VmHWM") - rss_before) / 1024
        last.seek(0)
        read_back = _count_rows(last, file_format)
    tracemalloc.start()
    export()
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert read_back == expected, (read_back, expected)
    return {
        "label": label, "format": file_format, "rows": expected, "bytes": size,
        "median": statistics.median(seconds), "min": min(seconds), "n": len(seconds),
        "cpu": statistics.median(cpu_seconds),
        "queries": queries.count, "rss_mb": rss_mb,
        "traced_mb": traced_peak / 1e6, "read_back": read_back, "load": _loadavg(),
    }  # fmt: skip


class _QueryCounter:
    """Statements sent to the database (``connection.execute_wrapper``)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _count_rows(file, file_format: str) -> int:
    """The data rows of a download (its header excluded), read as Excel would."""
    if file_format == "csv":
        text = io.TextIOWrapper(file, encoding="utf-8", newline="")
        assert text.read(1) == "\ufeff", "a CSV without the BOM opens as mojibake in Excel"
        return sum(1 for _row in csv.reader(text)) - 1
    from openpyxl import load_workbook

    book = load_workbook(file, read_only=True)
    try:
        return sum(1 for _row in book.worksheets[0].iter_rows(values_only=True)) - 1
    finally:
        book.close()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
