from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.imports import ImportRefused
from programs.geography_import import geography_import

LABELS = {"province": "จังหวัด", "district": "อำเภอ", "subdistrict": "ตำบล"}


class Command(BaseCommand):
    help = (
        "นำเข้าจังหวัด อำเภอ ตำบล จากโฟลเดอร์รูปแบบ thailand-geography-json "
        "(provinces.json, districts.json, subdistricts.json)"
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        try:
            result = geography_import(directory=directory)
        except ImportRefused as error:
            raise CommandError(
                f"นำเข้าไม่สำเร็จ ไม่มีการเปลี่ยนแปลงข้อมูล ({len(error.problems)} ปัญหา):\n"
                + "\n".join(error.problems[:50])
            ) from None
        for name, counts in result.counts.items():
            self.stdout.write(
                f"{LABELS[name]}: สร้างใหม่ {counts.created:,} ปรับปรุง {counts.updated:,} "
                f"ไม่เปลี่ยนแปลง {counts.unchanged:,}"
            )
        if result.changed:
            self.stdout.write(self.style.SUCCESS("นำเข้าข้อมูลพื้นที่เรียบร้อย"))
        else:
            self.stdout.write(self.style.SUCCESS("ข้อมูลพื้นที่เป็นปัจจุบันแล้ว ไม่มีการเปลี่ยนแปลง"))
