import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Role, User
from accounts.services import user_create


class Command(BaseCommand):
    help = "สร้างบัญชีผู้ใช้พร้อมบทบาท เช่น add_user somchai --role officer --province 48"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, help=", ".join(Role.values))
        parser.add_argument("--province", help="รหัสจังหวัด 2 หลัก เช่น 48 (นครพนม)")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--position", default="", help="ตำแหน่ง")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="อ่านรหัสผ่านจาก standard input (บรรทัดแรก)",
        )

    def handle(self, *args, **options):
        password = None
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError("ไม่ได้รับรหัสผ่านจาก standard input")
        try:
            if password:
                # With the user's own details, so "somchai2566" is refused for somchai.
                validate_password(
                    password,
                    user=User(
                        username=options["username"],
                        first_name=options["first_name"],
                        last_name=options["last_name"],
                        email=options["email"],
                    ),
                )
            user = user_create(
                username=options["username"],
                role=options["role"],
                province_code=options["province"],
                password=password,
                first_name=options["first_name"],
                last_name=options["last_name"],
                position=options["position"],
                email=options["email"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(_messages(error))) from None
        where = f" จังหวัด{user.province}" if user.province else ""
        self.stdout.write(
            self.style.SUCCESS(f"สร้างผู้ใช้ {user.username} ({user.role_label}{where}) แล้ว")
        )


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [f"{field}: {m}" for field, msgs in error.message_dict.items() for m in msgs]
    return list(error.messages)
