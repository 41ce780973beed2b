from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.spreadsheets import MAX_UPLOAD_BYTES
from programs.imports.clubs import club_import
from programs.models import Province


class Command(BaseCommand):
    help = (
        "นำเข้าชมรม TO BE NUMBER ONE จากไฟล์ Excel (.xlsx) หรือ CSV ที่มีหัวคอลัมน์ภาษาไทย "
        "ถ้ามีแถวใดผิด จะไม่บันทึกข้อมูลใดเลยและแสดงรายการที่ต้องแก้ไข นำเข้าไฟล์เดิมซ้ำได้"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="ไฟล์ .xlsx หรือ .csv")
        parser.add_argument(
            "--province",
            help="รหัสจังหวัดของทุกแถว (ถ้าไม่ระบุ ไฟล์ต้องมีคอลัมน์ รหัสจังหวัด)",
        )

    def handle(self, *args, file: Path, province=None, **options):
        if not file.is_file():
            raise CommandError(_("ไม่พบไฟล์ %(file)s") % {"file": file})
        if file.stat().st_size > MAX_UPLOAD_BYTES:
            raise CommandError(
                _("ไฟล์ %(file)s มีขนาดเกิน %(mb)s MB กรุณาแบ่งเป็นหลายไฟล์")
                % {"file": file, "mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        target = None
        if province:
            target = Province.objects.filter(pk=province.strip().zfill(2)).first()
            if target is None:
                raise CommandError(_("ไม่รู้จักรหัสจังหวัด %(code)s") % {"code": province})

        result = club_import(data=file.read_bytes(), province=target)

        if not result.ok:
            for problem in result.problems:
                where = _("แถวที่ %(row)s") % {"row": problem.row} if problem.row else _("ทั้งไฟล์")
                column = f" [{problem.column}]" if problem.column else ""
                self.stderr.write(f"{where}{column}: {problem.message}")
            raise CommandError(
                _("พบ %(n)s จุดที่ต้องแก้ไข ไม่มีข้อมูลใดถูกบันทึก") % {"n": f"{len(result.problems):,}"}
            )
        if result.ignored_columns:
            self.stdout.write(_("คอลัมน์ที่ไม่ได้นำเข้า: ") + ", ".join(result.ignored_columns))
        counts = _("%(what)s: สร้างใหม่ %(created)s ปรับปรุง %(updated)s ไม่เปลี่ยนแปลง %(unchanged)s")
        self.stdout.write(counts % {
            "what": _("ชมรม"), "created": f"{result.created:,}",
            "updated": f"{result.updated:,}", "unchanged": f"{result.unchanged:,}",
        })  # fmt: skip
        self.stdout.write(counts % {
            "what": _("สมาชิกรายปี"), "created": f"{result.memberships_created:,}",
            "updated": f"{result.memberships_updated:,}",
            "unchanged": f"{result.memberships_unchanged:,}",
        })  # fmt: skip
        self.stdout.write(
            self.style.SUCCESS(_("นำเข้าเรียบร้อย %(n)s แถว") % {"n": f"{result.rows:,}"})
        )
