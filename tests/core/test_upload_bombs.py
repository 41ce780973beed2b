"""Decompression and expansion bombs sent to every importer are refused with a Thai
message, cheaply: under 2 s of CPU and under 200 MB of memory above where the process
started (issue 19, finding 2).

The import runs in a child process (``python -c``) so that its peak resident memory
(``ru_maxrss``) and its CPU time are its own; the child connects to this run's test
database. It also caps its address space and CPU, so that code that does expand the
bomb (the old reader) fails the test instead of taking the machine down.
"""

import io
import json
import os
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook

from accounts.models import Role
from core import spreadsheets
from programs.models import Club, IndicatorResult
from tests.accounts.factories import UserFactory
from tests.programs.test_bad_input_imports import RESULT_HEADERS
from tests.programs.test_club_import import HEADERS as CLUB_HEADERS

BASE_DIR = Path(__file__).resolve().parent.parent.parent
RUBRIC_HEADERS = ["องค์ประกอบ", "ประเด็นการประเมิน", "คะแนนเต็ม"]
MAX_CPU_SECONDS = 2
MAX_GROWTH_MB = 200
SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
EXPANDED_MB = 100  # what the shared-strings bomb expands to; the old reader took > 1 GB for it

CHILD = r"""
import io, json, os, resource, sys, time
import django
django.setup()
from django.utils import translation
translation.activate("th")

kind, path, *args = sys.argv[1:]
data = open(path, "rb").read()

def run():
    if kind == "clubs_command":
        from django.core.management import CommandError, call_command
        err = io.StringIO()
        try:
            call_command("import_clubs", path, stderr=err, stdout=io.StringIO())
        except CommandError as error:
            return [*err.getvalue().splitlines(), str(error)]
        return ["imported"]
    if kind == "indicator_results":
        from accounts.models import User
        from programs.imports.indicator_results import indicator_results_import
        from programs.models import Province
        report = indicator_results_import(
            data=data, province=Province.objects.get(pk=args[0]), user=User.objects.get(pk=args[1])
        )
        return [error.message for error in report.errors] or ["imported"]
    if kind == "rubric":
        from evaluations.rubric_import import rubric_import
        result = rubric_import(data=data, filename=args[0], program=None, fiscal_year=2566,
                               entity_level="province", name="bomb")
        return result.problems or ["imported"]
    raise SystemExit(kind)

# A guard for the machine, well above what the test allows.
vm = int(open("/proc/self/statm").read().split()[0]) * resource.getpagesize()
resource.setrlimit(resource.RLIMIT_AS, (vm + 3 * 1024**3, resource.RLIM_INFINITY))
resource.setrlimit(resource.RLIMIT_CPU, (60, resource.RLIM_INFINITY))
start_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start_cpu = time.process_time()
try:
    messages = run()
except MemoryError:
    messages = ["MemoryError"]
print(json.dumps({
    "cpu": time.process_time() - start_cpu,
    "growth_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - start_kb) / 1024,
    "messages": messages,
}))
"""


def measured_import(kind: str, path: Path, *args) -> dict:
    """Run one import of ``path`` in a child process; its CPU time, memory growth, messages."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
    }
    child = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(path), *map(str, args)],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert child.returncode == 0, child.stderr[-3000:]
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    print(kind, path.name, path.stat().st_size, "bytes", figures)
    return figures


def assert_refused_cheaply(figures: dict) -> None:
    messages = figures["messages"]
    assert messages and all(re.search("[\u0e00-\u0e7f]", m) for m in messages), messages
    assert figures["cpu"] < MAX_CPU_SECONDS, figures
    assert figures["growth_mb"] < MAX_GROWTH_MB, figures


# --- the bombs ---------------------------------------------------------------------------


def _workbook(headers) -> bytes:
    book = Workbook()
    book.active.append(headers)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _replace_part(workbook: bytes, name: str, write, content_type: str = "") -> bytes:
    """``workbook`` with the part ``name`` written anew, in chunks, by ``write(stream)``;
    with ``content_type``, the part is declared too (so that openpyxl reads it)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for part in source.infolist():
            content = source.read(part)
            if part.filename == "[Content_Types].xml" and content_type:
                declared = f'<Override PartName="/{name}" ContentType="{content_type}" /></Types>'
                content = content.replace(b"</Types>", declared.encode())
            if part.filename != name:
                target.writestr(part, content)
        with target.open(name, "w", force_zip64=False) as stream:
            write(stream)
    return out.getvalue()


def shared_strings_bomb(headers, expanded_mb: int = EXPANDED_MB) -> bytes:
    """A workbook whose shared strings are the headers and then millions of tiny strings
    of repeated text (about 1000:1): what openpyxl holds in memory whole."""
    head = "".join(f"<si><t>{header}</t></si>" for header in headers)
    chunk = ("<si><t>ชมรม</t></si>" * 5_000).encode()

    def write(stream):
        stream.write(
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + head.encode()
        )
        for _ in range(expanded_mb * 1024 * 1024 // len(chunk)):
            stream.write(chunk)
        stream.write(b"</sst>")

    return _replace_part(_workbook(headers), "xl/sharedStrings.xml", write, SHARED_STRINGS)


def lying_bomb(headers) -> bytes:
    """The shared-strings bomb with its zip directory declaring the part 1 KB."""
    data = bytearray(shared_strings_bomb(headers))
    name = b"xl/sharedStrings.xml"
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        name_at = 30 if signature == b"PK\x03\x04" else 46
        start = 0
        while (start := data.find(signature, start)) >= 0:
            length = struct.unpack_from("<H", data, start + (26 if name_at == 30 else 28))[0]
            if data[start + name_at : start + name_at + length] == name:
                struct.pack_into("<I", data, start + size_at, 1024)
            start += 4
    declared = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(name.decode()).file_size
    assert declared == 1024
    return bytes(data)


def blank_rows_bomb(headers, rows: int = 300_000) -> bytes:
    """A sheet of the headers and then blank rows, each with one empty cell in the last
    column (XFD): openpyxl pads every such row to 16,384 cells."""
    header = "".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>'
        for i, h in enumerate(headers)
    )

    def write(stream):
        stream.write(
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<sheetData><row r="1">{header}</row>'.encode()
        )
        for start in range(2, rows + 2, 10_000):
            stream.write(
                "".join(f'<row r="{n}"><c r="XFD{n}"/></row>' for n in range(start, start + 10_000))
                .encode()
            )  # fmt: skip
        stream.write(b"</sheetData></worksheet>")

    return _replace_part(_workbook(headers), "xl/worksheets/sheet1.xml", write)


def yaml_bomb() -> bytes:
    """Nine levels of nine aliases: 9**9 (387 million) leaves from a 1 KB file."""
    lines = ['a0: &a0 "lol"']
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    lines.append("components:")
    lines.append("  - title: การรณรงค์")
    lines.append("    criteria:")
    lines.append("      - {text: มีการรณรงค์, max_points: *a9}")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(scope="module")
def bombs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bombs")

    def bomb(name: str, build, *args) -> Path:
        path = folder / name
        if not path.exists():
            path.write_bytes(build(*args))
        return path

    return bomb


# --- every importer, each bomb ------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("build", [shared_strings_bomb, lying_bomb, blank_rows_bomb])
def test_import_clubs_command_refuses_an_xlsx_bomb_cheaply(bombs, build):
    figures = measured_import(
        "clubs_command", bombs(f"clubs-{build.__name__}.xlsx", build, CLUB_HEADERS)
    )

    assert_refused_cheaply(figures)
    assert Club.objects.count() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("build", [shared_strings_bomb, lying_bomb, blank_rows_bomb])
def test_indicator_results_import_refuses_an_xlsx_bomb_cheaply(bombs, build, province_a):
    officer = UserFactory(role=Role.OFFICER, province=province_a)
    path = bombs(f"results-{build.__name__}.xlsx", build, RESULT_HEADERS)

    figures = measured_import("indicator_results", path, province_a.pk, officer.pk)

    assert_refused_cheaply(figures)
    assert IndicatorResult.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("build", [shared_strings_bomb, lying_bomb, blank_rows_bomb])
def test_rubric_import_refuses_an_xlsx_bomb_cheaply(bombs, build):
    path = bombs(f"rubric-{build.__name__}.xlsx", build, RUBRIC_HEADERS)

    figures = measured_import("rubric", path, "rubric.xlsx")

    assert_refused_cheaply(figures)


@pytest.mark.django_db
def test_rubric_import_refuses_a_yaml_alias_bomb_cheaply(bombs):
    path = bombs("rubric.yaml", yaml_bomb)

    figures = measured_import("rubric", path, "rubric.yaml")

    assert_refused_cheaply(figures)
    assert any("*ชื่อ" in message for message in figures["messages"]), figures


def test_club_import_page_shows_the_refusal_in_thai(client, officer_a, bombs):
    path = bombs("clubs-shared_strings_bomb.xlsx", shared_strings_bomb, CLUB_HEADERS)
    client.force_login(officer_a)

    response = client.post(
        reverse("programs:club_import"),
        {"file": SimpleUploadedFile("clubs.xlsx", path.read_bytes())},
    )

    assert response.status_code == 200
    assert "ไฟล์ Excel นี้เมื่อคลายออกมีขนาด" in response.content.decode()
    assert Club.objects.count() == 0


# --- the limits themselves, in this process -----------------------------------------------


def _refusal(data: bytes) -> str:
    with pytest.raises(spreadsheets.SpreadsheetError) as refused:
        spreadsheets.read_spreadsheet(data, header_marker="ชื่อชมรม")
    return refused.value.message


def test_too_many_parts_is_refused():
    def write(stream):
        stream.write(b"<x/>")

    data = _workbook(CLUB_HEADERS)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for part in source.infolist():
            target.writestr(part, source.read(part))
        for n in range(spreadsheets.MAX_XLSX_PARTS):
            target.writestr(f"xl/media/extra{n}.xml", b"<x/>")

    assert "ส่วนประกอบภายใน" in _refusal(out.getvalue())


def test_a_part_or_the_whole_over_its_expanded_size_is_refused(monkeypatch):
    monkeypatch.setattr(spreadsheets, "RATIO_CHECKED_BYTES", 10**9)
    monkeypatch.setattr(spreadsheets, "MAX_XLSX_PART_BYTES", 200_000)
    data = shared_strings_bomb(CLUB_HEADERS, expanded_mb=1)
    assert re.search(r"เมื่อคลายออกมีขนาด 0\.9 MB เกินกว่าที่รับได้ \(0\.2 MB\)", _refusal(data))

    monkeypatch.setattr(spreadsheets, "MAX_XLSX_PART_BYTES", 10**9)
    monkeypatch.setattr(spreadsheets, "MAX_XLSX_BYTES", 500_000)
    assert "เกินกว่าที่รับได้ (0.5 MB)" in _refusal(data)


def test_a_real_workbook_passes_the_zip_checks():
    rows = [[f"ชมรม TO BE NUMBER ONE ที่ {n}", "ชุมชน", "", "4801"] for n in range(5_000)]
    book = Workbook()
    book.active.append(CLUB_HEADERS)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)

    sheet = spreadsheets.read_spreadsheet(buffer.getvalue(), header_marker="ชื่อชมรม")

    assert len(sheet.rows) == 5_000


def test_blank_rows_past_the_limit_are_refused_in_thai(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 100)
    text = ",".join(CLUB_HEADERS) + "\n" + "ชมรม\n" + ",\n" * 101

    assert "แถวว่างเกิน 100 แถว" in _refusal(text.encode())
