from django.core.management import call_command
from django.core.management.base import BaseCommand

from demo.programs import demo_load

LABELS = {
    "provinces": "จังหวัด",
    "districts": "อำเภอ",
    "subdistricts": "ตำบล",
    "programs": "โครงการ",
    "villages": "หมู่บ้าน",
    "users": "ผู้ใช้",
    "clubs": "ชมรม",
    "memberships": "สมาชิกชมรมรายปี",
    "tier_awards": "ระดับมาตรฐาน",
    "contest_entries": "การประกวด",
    "agencies": "หน่วยงาน",
    "projects": "โครงการ/กิจกรรม",
    "objectives": "ยุทธศาสตร์/วัตถุประสงค์",
    "indicators": "ตัวชี้วัด",
    "grade_bands": "ระดับคะแนน",
    "indicator_results": "ผลตัวชี้วัด",
    "program_villages": "หมู่บ้านในโครงการ",
    "plan_items": "รายการในแผนหมู่บ้าน",
}


class Command(BaseCommand):
    help = (
        "โหลดข้อมูลสาธิตจากข่าวต้นแบบ (จังหวัด อำเภอ ตำบลที่ใช้ โครงการ 4 โครงการ ชมรม "
        "ตัวชี้วัดและผล หน่วยงานและโครงการย่อย หมู่บ้านร้อยใจรักษ์และแผนหมู่บ้าน "
        "และผู้ใช้สาธิตทุกบทบาท) ซ้ำได้โดยไม่สร้างข้อมูลซ้ำ"
    )

    def handle(self, *args, **options):
        counts = demo_load()
        from demo.meetings import meetings_demo_load  # after the users it records

        meeting_counts = meetings_demo_load()
        self.stdout.write(
            "การประชุม สร้างใหม่: "
            + " ".join(
                f"{label} {meeting_counts.get(key, 0):,}"
                for key, label in [
                    ("committees", "คณะกรรมการ"),
                    ("meetings", "การประชุม"),
                    ("agenda_items", "ระเบียบวาระ"),
                    ("action_items", "ข้อสั่งการ"),
                ]
            )  # fmt: skip
        )
        counts.update({f"meetings_{key}": value for key, value in meeting_counts.items()})
        from demo.evaluations import evaluations_demo_load

        evaluation_counts = evaluations_demo_load()
        self.stdout.write(
            "การตรวจประเมิน สร้างใหม่: "
            + " ".join(
                f"{label} {evaluation_counts.get(key, 0):,}"
                for key, label in [
                    ("rubrics", "เกณฑ์"),
                    ("rounds", "รอบการประเมิน"),
                    ("visits", "การเยี่ยม"),
                    ("score_sheets", "แบบให้คะแนน"),
                    ("results", "ผลที่ยืนยันแล้ว"),
                ]
            )  # fmt: skip
        )
        counts.update({f"evaluations_{key}": value for key, value in evaluation_counts.items()})
        # The demo CA and a demo (untrusted) certificate per demo province, then the
        # certified minutes and approved periods signed now, so that certify → download →
        # verify works on a fresh machine without any key (reports/signing/demo_pki.py).
        call_command("signing_demo_setup", stdout=self.stdout)
        call_command("signed_records_make", "--now", stdout=self.stdout, stderr=self.stderr)
        created = [f"{label} {counts.get(key, 0):,}" for key, label in LABELS.items()]
        self.stdout.write("ข้อมูลสาธิต สร้างใหม่: " + " ".join(created))
        if any(counts.values()):
            self.stdout.write(self.style.SUCCESS("โหลดข้อมูลสาธิตเรียบร้อย"))
        else:
            self.stdout.write(self.style.SUCCESS("ข้อมูลสาธิตครบแล้ว ไม่มีการเปลี่ยนแปลง"))
