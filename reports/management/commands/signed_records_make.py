from django.core.management.base import BaseCommand

from reports.models import ReportStatus, SignedRecord
from reports.signed_records import signed_record_make, signed_records_resend


class Command(BaseCommand):
    help = "ลงนามเอกสารที่ยังค้างอยู่ (--now ลงนามทันทีในคำสั่งนี้ ไม่ส่งเข้าคิว)"

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true")

    def handle(self, *args, **options):
        if not options["now"]:
            self.stdout.write(f"ส่งเข้าคิวลงนาม {signed_records_resend()} รายการ")
            return
        done = failed = 0
        pending = SignedRecord.objects.exclude(status=ReportStatus.DONE).order_by("pk")
        for record_id in pending.values_list("pk", flat=True):
            SignedRecord.objects.filter(pk=record_id).update(status=ReportStatus.QUEUED)
            record = signed_record_make(record_id=record_id)
            if record is not None and record.status == ReportStatus.DONE:
                done += 1
            else:
                failed += 1
                self.stderr.write(f"#{record_id}: {record.error if record else ''}")
        self.stdout.write(f"ลงนามแล้ว {done} รายการ ไม่สำเร็จ {failed} รายการ")
