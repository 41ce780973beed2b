from contextlib import contextmanager
from pathlib import Path

from django.core.exceptions import SuspiciousFileOperation
from django.core.management.base import BaseCommand, CommandError

from portal import backup, services
from portal.management.commands.backup import passphrase_from_environment_or_prompt


@contextmanager
def open_archive(archive: str):
    """A path on this machine, or the name of an archive in the backup storage."""
    if Path(archive).is_file():
        with open(archive, "rb") as raw:
            yield raw
        return
    storage = services.backup_storage()
    try:
        found = storage.exists(archive)
    except SuspiciousFileOperation:  # a path outside the backup storage that is not there
        found = False
    if not found:
        raise CommandError(
            f"ไม่พบไฟล์สำรอง {archive} (not found, neither a path nor in the backup storage)"
        )
    with storage.open(archive, "rb") as raw:
        yield raw


class Command(BaseCommand):
    help = (
        "กู้คืนไฟล์สำรองลงฐานข้อมูลและที่เก็บไฟล์ที่ว่างเปล่า (ตรวจไฟล์ทั้งหมดก่อนเขียนสิ่งใด) "
        "หรือ --check เพื่อตรวจไฟล์สำรองโดยไม่กู้คืน รหัสผ่านจาก BACKUP_PASSPHRASE หรือพิมพ์เมื่อถูกถาม"
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="path ของไฟล์สำรอง หรือชื่อไฟล์ในที่เก็บไฟล์สำรอง")
        parser.add_argument(
            "--check", action="store_true", help="ตรวจว่าไฟล์สำรองสมบูรณ์ โดยไม่เปลี่ยนแปลงสิ่งใด"
        )

    def handle(self, *args, archive, check=False, **options):
        passphrase = passphrase_from_environment_or_prompt(confirm=False)
        try:
            with open_archive(archive) as raw:
                if check:
                    manifest = backup.archive_read(raw, passphrase=passphrase)
                else:
                    manifest = backup.archive_restore(raw, passphrase=passphrase)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        rows, files = sum(manifest["rows"].values()), len(manifest["files"])
        made = manifest["created_at"]
        if check:
            verdict = f"ไฟล์สำรองสมบูรณ์ (intact), ทำเมื่อ {made}: แถว {rows:,} ไฟล์ {files:,}"
        else:
            verdict = (
                f"กู้คืนแล้ว (restored) จากไฟล์สำรองเมื่อ {made}: แถว {rows:,} ไฟล์ {files:,} "
                "ตรวจจำนวนแถวทุกตารางและ checksum ทุกไฟล์ตรงกับ manifest แล้ว"
            )
        self.stdout.write(self.style.SUCCESS(verdict))
        if manifest["missing_files"]:
            self.stderr.write(
                self.style.WARNING(
                    f"ไฟล์ {len(manifest['missing_files']):,} ไฟล์หายไปตั้งแต่ก่อนสำรอง "
                    f"(missing at backup time): {', '.join(manifest['missing_files'][:5])}"
                )
            )
