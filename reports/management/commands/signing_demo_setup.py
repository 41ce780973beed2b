from django.conf import settings
from django.core.management.base import BaseCommand

from programs.models import Province
from reports.models import SigningCertificate
from reports.signed_records import signing_certificate_install
from reports.signing.demo_pki import demo_signing_pkcs12

DEMO_PROVINCES = ["48", "33"]


class Command(BaseCommand):
    help = (
        "สร้างผู้ออกใบรับรองสาธิต ผู้ประทับเวลาสาธิต และใบรับรองสำหรับลงนามสาธิตของจังหวัดสาธิต "
        "(ไม่น่าเชื่อถือ ใช้ทดลองเท่านั้น) ไว้ใน SIGNING_DEMO_DIR ไม่แทนที่ใบรับรองจริงที่ติดตั้งไว้"
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", action="append", help="รหัสจังหวัด (ซ้ำได้)")

    def handle(self, *args, **options):
        directory = settings.SIGNING_DEMO_DIR
        codes = options["province"] or DEMO_PROVINCES
        installed = 0
        for province in Province.objects.filter(pk__in=codes).order_by("code"):
            real = SigningCertificate.objects.filter(
                province=province, is_active=True, is_demo=False
            )
            if real.exists():
                continue  # an agency's own certificate is never replaced by a demo one
            path = demo_signing_pkcs12(
                directory, label=province.code, holder=f"จังหวัด{province.name_th}"
            )
            current = SigningCertificate.objects.filter(
                province=province, is_active=True, pkcs12_path=str(path.resolve())
            )
            if not current.exists():
                signing_certificate_install(pkcs12_path=path, province=province, is_demo=True)
                installed += 1
        self.stdout.write(f"ใบรับรองสาธิต (ไม่น่าเชื่อถือ) ติดตั้งใหม่ {installed} จังหวัด ใน {directory}")
