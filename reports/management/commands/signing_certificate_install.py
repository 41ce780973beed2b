from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from programs.models import Province
from reports.signed_records import signing_certificate_install


class Command(BaseCommand):
    help = (
        "ติดตั้งใบรับรองสำหรับลงนามจากไฟล์ PKCS#12 ของจังหวัด (หรือของหน่วยงานเมื่อไม่ระบุจังหวัด) "
        "รหัสผ่านของไฟล์อยู่ในตัวแปรสภาพแวดล้อมที่ระบุ ไม่เก็บในฐานข้อมูล"
    )

    def add_arguments(self, parser):
        parser.add_argument("pkcs12", help="ไฟล์ .p12/.pfx")
        parser.add_argument("--province", help="รหัสจังหวัด 2 หลัก")
        parser.add_argument("--password-env", default="", help="ชื่อตัวแปรสภาพแวดล้อมที่เก็บรหัสผ่าน")

    def handle(self, *args, **options):
        province = None
        if options["province"]:
            province = Province.objects.filter(pk=options["province"]).first()
            if province is None:
                raise CommandError(f"ไม่พบจังหวัดรหัส {options['province']}")
        try:
            certificate = signing_certificate_install(
                pkcs12_path=options["pkcs12"],
                password_env=options["password_env"],
                province=province,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"ติดตั้งใบรับรองของ {certificate.holder} ({certificate.fingerprint[:16]}…)")
