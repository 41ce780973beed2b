from django.core.management.base import BaseCommand

from programs.demo_data import demo_load

LABELS = {
    "provinces": "จังหวัด",
    "districts": "อำเภอ",
    "subdistricts": "ตำบล",
    "programs": "โครงการ",
    "villages": "หมู่บ้าน",
    "users": "ผู้ใช้",
}


class Command(BaseCommand):
    help = (
        "โหลดข้อมูลสาธิต (จังหวัด อำเภอ ตำบลที่ใช้ โครงการ 3 โครงการ หมู่บ้านร้อยใจรักษ์ "
        "และผู้ใช้สาธิตทุกบทบาท) ซ้ำได้โดยไม่สร้างข้อมูลซ้ำ"
    )

    def handle(self, *args, **options):
        counts = demo_load()
        created = [f"{label} {counts.get(key, 0):,}" for key, label in LABELS.items()]
        self.stdout.write("ข้อมูลสาธิต สร้างใหม่: " + " ".join(created))
        if any(counts.values()):
            self.stdout.write(self.style.SUCCESS("โหลดข้อมูลสาธิตเรียบร้อย"))
        else:
            self.stdout.write(self.style.SUCCESS("ข้อมูลสาธิตครบแล้ว ไม่มีการเปลี่ยนแปลง"))
