from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.imports import ImportRefused
from programs.boundaries_import import boundaries_import


class Command(BaseCommand):
    help = (
        "นำเข้าขอบเขตจังหวัดและอำเภอจากไฟล์ GeoJSON (th_adm1.geojson, th_adm2.geojson) "
        "หรือโฟลเดอร์ที่มีไฟล์เหล่านั้น"
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)

    def handle(self, *args, paths: list[Path], **options):
        try:
            result = boundaries_import(paths=paths)
        except ImportRefused as error:
            raise CommandError(
                f"นำเข้าไม่สำเร็จ ไม่มีการเปลี่ยนแปลงข้อมูล ({len(error.problems)} ปัญหา):\n"
                + "\n".join(error.problems[:50])
            ) from None
        self.stdout.write(
            f"จังหวัด {result.imported.get('province', 0):,} อำเภอ "
            f"{result.imported.get('district', 0):,} "
            f"(จุดพิกัด {result.points_before:,} → {result.points_after:,})"
        )
        if result.skipped:
            self.stdout.write(
                f"ข้ามพื้นที่ที่ไม่มีในระบบ {len(result.skipped):,} รายการ "
                "(นำเข้าข้อมูลพื้นที่ด้วย import_geography ก่อน)"
            )
        self.stdout.write(self.style.SUCCESS("นำเข้าขอบเขตพื้นที่เรียบร้อย"))
