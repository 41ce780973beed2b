from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from programs.imports.indicator_results import indicator_results_import
from programs.models import Province


class Command(BaseCommand):
    help = (
        "นำเข้าผลการดำเนินงานตัวชี้วัดของจังหวัดจากไฟล์ Excel (.xlsx) หรือ CSV "
        "หัวคอลัมน์: รหัสตัวชี้วัด ปีงบประมาณ งวด ผลการดำเนินงาน ตัวตั้ง ตัวหาร หมายเหตุ "
        "ถ้ามีแถวใดผิด จะไม่บันทึกเลยสักแถว นำเข้าไฟล์เดิมซ้ำได้โดยไม่เกิดข้อมูลซ้ำ"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="ไฟล์ .xlsx หรือ .csv")
        parser.add_argument("--province", required=True, help="รหัสจังหวัด เช่น 48")
        parser.add_argument(
            "--user",
            help="ชื่อผู้ใช้ที่บันทึกเป็นผู้นำเข้า (ค่าเริ่มต้น: ผู้ดูแลระบบคนแรก)",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"ไม่พบไฟล์ {path}")
        province = Province.objects.filter(pk=options["province"]).first()
        if province is None:
            raise CommandError(f"ไม่พบจังหวัดรหัส {options['province']}")
        user = self._user(options.get("user"))

        report = indicator_results_import(data=path.read_bytes(), province=province, user=user)

        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"นำเข้าไม่สำเร็จ พบข้อผิดพลาด {len(report.errors):,} รายการ ไม่มีข้อมูลใดถูกบันทึก"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"นำเข้าผลตัวชี้วัดของจังหวัด{province.name_th} {report.total:,} แถว: "
                f"สร้างใหม่ {report.created:,} แก้ไข {report.updated:,} "
                f"ไม่เปลี่ยนแปลง {report.unchanged:,}"
            )
        )

    def _user(self, username: str | None):
        User = get_user_model()  # noqa: N806
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"ไม่พบผู้ใช้ {username}")
            return user
        # A command run on the server acts for the administrators unless told otherwise.
        user = (
            User.objects.filter(is_active=True, is_superuser=True).order_by("pk").first()
            or User.objects.filter(is_active=True, role="admin").order_by("pk").first()
        )
        if user is None:
            raise CommandError("ไม่มีผู้ดูแลระบบ กรุณาระบุ --user")
        return user
