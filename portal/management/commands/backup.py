import getpass
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal import backup, services
from portal.models import BackupJob, BackupOrigin, BackupStatus


def passphrase_from_environment_or_prompt(*, confirm: bool) -> str:
    """BACKUP_PASSPHRASE, or asked for on the terminal; never an argument (it would sit
    in the shell's history and in every process listing)."""
    passphrase = os.environ.get("BACKUP_PASSPHRASE", "")
    if passphrase:
        return passphrase
    try:
        passphrase = getpass.getpass("รหัสผ่านของไฟล์สำรอง (passphrase): ")
        if confirm and getpass.getpass("พิมพ์อีกครั้ง (again): ") != passphrase:
            raise CommandError("รหัสผ่านสองครั้งไม่ตรงกัน (the passphrases differ)")
    except EOFError:
        passphrase = ""
    if not passphrase:
        raise CommandError(
            "ต้องมีรหัสผ่าน: ตั้ง BACKUP_PASSPHRASE หรือพิมพ์เมื่อถูกถาม "
            "(set BACKUP_PASSPHRASE or type it when asked)"
        )
    return passphrase


class Command(BaseCommand):
    help = (
        "สำรองฐานข้อมูลและไฟล์ที่เก็บไว้ทั้งหมดเป็นไฟล์เข้ารหัสไฟล์เดียว "
        "(ไปยังที่เก็บไฟล์สำรอง หรือ --output PATH) รหัสผ่านจาก BACKUP_PASSPHRASE หรือพิมพ์เมื่อถูกถาม"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="เขียนไฟล์สำรองที่ path นี้แทนที่เก็บไฟล์สำรอง (BACKUP_LOCATION)"
        )

    def handle(self, *args, output=None, **options):
        passphrase = passphrase_from_environment_or_prompt(confirm=True)
        if output:
            if output.exists():
                raise CommandError(f"มีไฟล์ {output} อยู่แล้ว ไม่เขียนทับ (will not overwrite)")
            partial = output.with_name(output.name + ".partial")
            try:
                with open(partial, "wb") as sealed:
                    manifest = backup.backup_write(sealed, passphrase=passphrase)
                partial.rename(output)
            finally:
                partial.unlink(missing_ok=True)
            self._report(str(output), output.stat().st_size, manifest=manifest)
            return
        job = BackupJob.objects.create(origin=BackupOrigin.COMMAND)
        job = services.backup_job_run(job_id=job.pk, passphrase=passphrase)
        if job.status != BackupStatus.DONE:
            raise CommandError(f"สำรองข้อมูลไม่สำเร็จ: {job.error}")
        try:
            where = services.backup_storage().path(job.name)
        except NotImplementedError:  # an object store has names, not paths
            where = job.name
        self._report(where, job.size, job=job)

    def _report(self, where, size, *, manifest=None, job=None):
        if manifest is not None:
            rows, files, missing = (
                sum(manifest["rows"].values()),
                len(manifest["files"]),
                len(manifest["missing_files"]),
            )
        else:
            rows, files, missing = job.row_count, job.file_count, job.missing_files
        self.stdout.write(
            self.style.SUCCESS(f"สำรองข้อมูลแล้ว: {where} ({size:,} ไบต์) แถว {rows:,} ไฟล์ {files:,}")
        )
        if missing:
            self.stderr.write(
                self.style.WARNING(
                    f"ไฟล์ {missing:,} ไฟล์ที่ข้อมูลอ้างถึงไม่มีในที่เก็บไฟล์ (ดู missing_files ใน manifest)"
                )
            )
