"""Install a province's (or the agency's) signing certificate:

python manage.py signing_certificate_install agency.p12 --province 48 --password-env NKP_P12_PASS
python manage.py signing_certificate_install --province 48 \\
    --pkcs11-module /usr/lib/softhsm/libsofthsm2.so --token-label nkp --key-label signing \\
    --pin-env NKP_TOKEN_PIN [--cert-label signing] [--chain ca-chain.pem]

The passphrase and the PIN stay in the environment (of the worker too), never in the database.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from programs.models import Province
from reports.signed_records import signing_certificate_install, signing_certificate_install_token


class Command(BaseCommand):
    help = (
        "ติดตั้งใบรับรองสำหรับลงนามของจังหวัด (หรือของหน่วยงานเมื่อไม่ระบุจังหวัด) จากไฟล์ PKCS#12 "
        "หรือจากกุญแจบนโทเค็น PKCS#11 รหัสผ่านและ PIN อยู่ในตัวแปรสภาพแวดล้อมที่ระบุ ไม่เก็บในฐานข้อมูล"
    )

    def add_arguments(self, parser):
        parser.add_argument("pkcs12", nargs="?", help="ไฟล์ .p12/.pfx (ไม่ใช้เมื่อกุญแจอยู่บนโทเค็น)")
        parser.add_argument("--province", help="รหัสจังหวัด 2 หลัก")
        parser.add_argument("--password-env", default="", help="ชื่อตัวแปรสภาพแวดล้อมที่เก็บรหัสผ่าน")
        token = parser.add_argument_group("PKCS#11")
        token.add_argument("--pkcs11-module", help="ไลบรารี PKCS#11 ของโทเค็น (.so)")
        token.add_argument("--token-label", default="", help="ชื่อโทเค็น")
        token.add_argument("--key-label", default="", help="ชื่อกุญแจบนโทเค็น")
        token.add_argument("--cert-label", default="", help="ชื่อใบรับรองบนโทเค็น (ว่าง: ชื่อเดียวกับกุญแจ)")
        token.add_argument("--pin-env", default="", help="ชื่อตัวแปรสภาพแวดล้อมที่เก็บ PIN")
        token.add_argument("--chain", help="ไฟล์ PEM ของใบรับรองผู้ออกใบรับรอง")

    def handle(self, *args, **options):
        province = None
        if options["province"]:
            province = Province.objects.filter(pk=options["province"]).first()
            if province is None:
                raise CommandError(f"ไม่พบจังหวัดรหัส {options['province']}")
        if bool(options["pkcs12"]) == bool(options["pkcs11_module"]):
            raise CommandError("ระบุไฟล์ PKCS#12 หรือ --pkcs11-module อย่างใดอย่างหนึ่ง")
        try:
            if options["pkcs12"]:
                certificate = signing_certificate_install(
                    pkcs12_path=options["pkcs12"],
                    password_env=options["password_env"],
                    province=province,
                )
            else:
                if not options["key_label"]:
                    raise CommandError("ระบุ --key-label ของกุญแจบนโทเค็น")
                certificate = signing_certificate_install_token(
                    module=options["pkcs11_module"],
                    token_label=options["token_label"],
                    key_label=options["key_label"],
                    cert_label=options["cert_label"],
                    pin_env=options["pin_env"],
                    chain_path=options["chain"],
                    province=province,
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"ติดตั้งใบรับรองของ {certificate.holder} ({certificate.fingerprint[:16]}…)")
