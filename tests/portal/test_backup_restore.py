"""Back up a demo database with attachments, photos and PDFs; restore it into a second,
empty PostgreSQL database and storage (another process, as on a new machine); compare
every table's row count and every file's checksum. Spoiled archives and a restore over
data are refused and change nothing."""

import hashlib
import io
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from accounts.models import User
from evaluations.models import EvidencePhoto, Visit
from meetings.models import Attachment, Meeting
from portal import backup
from reports import services as report_services
from reports.models import ReportJob, ReportStatus
from tests.evaluations.factories import jpeg_upload

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PASSPHRASE = "สำรองข้อมูล-ทดสอบ-2568"
# Beside the test database (TEST_DATABASE_NAME), so parallel runs do not meet.
RESTORE_DATABASE = f"{settings.DATABASES['default']['TEST']['NAME']}_restore"
# Rebuilt or meaningless on another machine, so never in an archive (portal/backup.py).
NOT_CARRIED = {"django_session", "axes_accessattempt", "axes_accessattemptexpiration",
               "portal_backupjob"}  # fmt: skip


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def demo_with_files():
    """The demo data, a meeting attachment, an evaluation photo and a generated PDF."""
    call_command("load_demo", stdout=io.StringIO())
    admin = User.objects.get(username="admin")
    meeting = Meeting.objects.order_by("pk").first()
    Attachment.objects.create(
        meeting=meeting, file=ContentFile(b"%PDF-1.4 agenda", name="วาระการประชุม.pdf"),
        original_name="วาระการประชุม.pdf", content_type="application/pdf", size=15,
        uploaded_by=admin,
    )  # fmt: skip
    visit = Visit.objects.filter(assignments__isnull=False).order_by("pk").first()
    EvidencePhoto.objects.create(
        client_id=uuid.uuid4(), visit=visit, evaluator=visit.assignments.first().evaluator,
        image=ContentFile(jpeg_upload().read(), name="photo.jpg"), caption="ศูนย์เพื่อนใจ",
    )  # fmt: skip
    # minutes not yet certified: a certified meeting's are its signed record, no new PDF
    unsigned = Meeting.objects.filter(signed_records__isnull=True).order_by("pk").first()
    job = report_services.report_request(
        kind="minutes", parameters={"meeting": unsigned.pk}, user=admin
    )
    report_services.report_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ReportStatus.DONE, job.error


def tables_and_counts(cursor) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    counts = {}
    for (table,) in cursor.fetchall():
        if table not in NOT_CARRIED:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def checksums(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _server():
    database = settings.DATABASES["default"]
    return {
        "host": database.get("HOST") or "127.0.0.1",
        "port": database.get("PORT") or 5432,
        "user": database.get("USER") or "postgres",
        "password": database.get("PASSWORD") or None,
    }


@pytest.fixture
def empty_database():
    """A second database, empty, as on a new machine; dropped afterwards."""
    server = _server()

    def admin(statement):
        admin_connection = psycopg2.connect(dbname="postgres", **server)
        admin_connection.autocommit = True  # CREATE / DROP DATABASE refuse a transaction
        try:
            with admin_connection.cursor() as cursor:
                cursor.execute(statement)
        finally:
            admin_connection.close()

    admin(f'DROP DATABASE IF EXISTS "{RESTORE_DATABASE}"')
    admin(f'CREATE DATABASE "{RESTORE_DATABASE}"')
    yield server
    admin(f'DROP DATABASE IF EXISTS "{RESTORE_DATABASE}" WITH (FORCE)')


def restore_command(archive: Path, media_root: Path, passphrase: str = PASSPHRASE):
    """`manage.py restore` in another process, on the second database and storage."""
    server = _server()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{server['user']}@{server['host']}:{server['port']}/"
        f"{RESTORE_DATABASE}",
        "MEDIA_ROOT": str(media_root),
        "BACKUP_PASSPHRASE": passphrase,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def restored_counts(server) -> dict[str, int]:
    restored = psycopg2.connect(dbname=RESTORE_DATABASE, **server)
    try:
        with restored.cursor() as cursor:
            return tables_and_counts(cursor)
    finally:
        restored.close()


def make_archive(path: Path, passphrase: str = PASSPHRASE) -> dict:
    with open(path, "wb") as raw:
        return backup.backup_write(raw, passphrase=passphrase)


@pytest.mark.django_db
def test_round_trip_restores_every_row_and_every_file_into_an_empty_database(
    media, tmp_path, empty_database
):
    # given the demo data with an attachment, a photo, a generated report PDF and its
    # four signed records (two certified minutes, two approved periods)
    demo_with_files()
    archive = tmp_path / "demo.pmbackup"
    manifest = make_archive(archive)
    with connection.cursor() as cursor:
        source_counts = tables_and_counts(cursor)
    source_files = checksums(media)
    assert sorted(name.split("/")[0] for name in source_files) == [
        "evaluations", "meeting-attachments", "records", "records", "records", "records",
        "reports",
    ]  # fmt: skip
    assert set(manifest["files"]) == set(source_files)
    restored_media = tmp_path / "restored-media"

    # a wrong passphrase, a truncated archive, one changed byte: refused, nothing written
    data = archive.read_bytes()
    truncated, changed = tmp_path / "truncated.pmbackup", tmp_path / "changed.pmbackup"
    truncated.write_bytes(data[: len(data) // 2])
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x01
    changed.write_bytes(bytes(flipped))
    for spoiled, passphrase, message in [
        (archive, "ไม่ใช่รหัสนี้", "รหัสผ่านของไฟล์สำรองไม่ถูกต้อง"),
        (truncated, PASSPHRASE, "ไฟล์สำรองเสียหายหรือไม่ครบ"),
        (changed, PASSPHRASE, "ไฟล์สำรองเสียหายหรือไม่ครบ"),
    ]:
        result = restore_command(spoiled, restored_media, passphrase)
        assert result.returncode != 0 and message in result.stderr, result.stderr
        assert restored_counts(empty_database) == {}  # not even migrated
        assert not restored_media.exists()

    # storage that already holds a file: refused, the database still untouched
    restored_media.mkdir()
    (restored_media / "stray.txt").write_text("left over")
    result = restore_command(archive, restored_media)
    assert result.returncode != 0 and "ที่เก็บไฟล์มีไฟล์อยู่แล้ว" in result.stderr, result.stderr
    assert restored_counts(empty_database) == {}
    (restored_media / "stray.txt").unlink()

    # when restored into the empty database and storage
    result = restore_command(archive, restored_media)
    assert result.returncode == 0, result.stderr

    # then every table has the same rows and every file the same bytes
    assert restored_counts(empty_database) == source_counts
    assert checksums(restored_media) == source_files
    restored = psycopg2.connect(dbname=RESTORE_DATABASE, **empty_database)
    with restored.cursor() as cursor:
        cursor.execute("SELECT username FROM accounts_user ORDER BY username")
        usernames = [name for (name,) in cursor.fetchall()]
    restored.close()
    assert usernames == sorted(User.objects.values_list("username", flat=True))

    # and a second restore over the restored data is refused and changes nothing
    result = restore_command(archive, restored_media)
    assert result.returncode != 0 and "ฐานข้อมูลนี้มีข้อมูลอยู่แล้ว" in result.stderr, result.stderr
    assert restored_counts(empty_database) == source_counts
    assert checksums(restored_media) == source_files


@pytest.mark.django_db
def test_restore_over_a_non_empty_database_is_refused_and_changes_nothing(media, tmp_path):
    demo_with_files()
    archive = tmp_path / "demo.pmbackup"
    make_archive(archive)
    Meeting.objects.update(title="แก้หลังสำรอง")
    files_before = checksums(media)
    with connection.cursor() as cursor:
        counts_before = tables_and_counts(cursor)

    with (
        open(archive, "rb") as raw,
        pytest.raises(backup.BackupError, match="ฐานข้อมูลนี้มีข้อมูลอยู่แล้ว"),
    ):
        backup.archive_restore(raw, passphrase=PASSPHRASE)

    with connection.cursor() as cursor:
        assert tables_and_counts(cursor) == counts_before
    assert set(Meeting.objects.values_list("title", flat=True)) == {"แก้หลังสำรอง"}
    assert checksums(media) == files_before


@pytest.mark.django_db
def test_an_archive_from_other_migrations_is_refused(media, tmp_path, monkeypatch):
    ReportJob.objects.all().delete()
    monkeypatch.setattr(
        backup,
        "applied_migrations",
        lambda: {**backup.code_migrations(), "meetings": ["0001_initial"]},
    )
    archive = tmp_path / "old.pmbackup"
    make_archive(archive)
    with (
        open(archive, "rb") as raw,
        pytest.raises(backup.BackupError, match="migrations.*meetings: ไฟล์สำรอง 0001_initial"),
    ):
        backup.archive_restore(raw, passphrase=PASSPHRASE)


@pytest.mark.django_db
def test_check_reads_the_whole_archive_and_writes_nothing(media, tmp_path):
    demo_with_files()
    archive = tmp_path / "demo.pmbackup"
    manifest = make_archive(archive)
    with open(archive, "rb") as raw:
        checked = backup.archive_read(raw, passphrase=PASSPHRASE)
    assert checked == manifest
    assert checked["rows"]["meetings.attachment"] == 1
    assert checked["rows"]["accounts.user"] == User.objects.count()
    assert sum(1 for name in checked["files"] if name.startswith("reports/")) == 1


@pytest.mark.django_db
def test_a_file_field_of_any_model_is_found_without_a_list(media):
    labels = {
        model._meta.label_lower for model in backup.dumped_models() if backup.file_fields(model)
    }
    assert labels == {
        "meetings.attachment", "evaluations.evidencephoto", "programs.indicatorattachment",
        "reports.reportjob", "reports.signedrecord",
    }  # fmt: skip


ADD_ATTACHMENT = """
from django.core.files.base import ContentFile
from accounts.models import User
from meetings.models import Attachment, Meeting
Attachment.objects.create(
    meeting=Meeting.objects.order_by("pk").first(), uploaded_by=User.objects.get(username="admin"),
    file=ContentFile(b"%PDF-1.4 minutes", name="minutes.pdf"), original_name="minutes.pdf",
    content_type="application/pdf", size=16,
)
"""


def test_round_trip_on_the_embedded_sqlite_default(tmp_path):
    """`make run`'s embedded SQLite: the same archive format, another engine."""
    import shutil
    import sqlite3

    def manage(*arguments, database, media_root, **extra):
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATABASE_URL": f"sqlite:///{database}",
            "MEDIA_ROOT": str(media_root),
            "BACKUP_PASSPHRASE": PASSPHRASE,
            **extra,
        }
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return result

    def counts(database):
        with sqlite3.connect(database) as db:
            tables = [
                name
                for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                if name not in NOT_CARRIED and not name.startswith("sqlite_")
            ]
            return {table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                    for table in tables}  # fmt: skip

    source, target = tmp_path / "source.sqlite3", tmp_path / "target.sqlite3"
    source_media, target_media = tmp_path / "source-media", tmp_path / "target-media"
    manage("migrate", "-v0", database=source, media_root=source_media)
    shutil.copy(source, target)  # migrated and empty, as `make setup` + migrate leave it
    manage("load_demo", database=source, media_root=source_media)
    manage("shell", "-c", ADD_ATTACHMENT, database=source, media_root=source_media)
    archive = tmp_path / "sqlite.pmbackup"
    manage("backup", "--output", str(archive), database=source, media_root=source_media)

    manage("restore", str(archive), database=target, media_root=target_media)

    assert counts(target) == counts(source)
    assert counts(target)["meetings_attachment"] == 1
    assert checksums(target_media) == checksums(source_media) != {}
