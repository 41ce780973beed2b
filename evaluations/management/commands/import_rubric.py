from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from evaluations.rubric_import import rubric_import
from programs.models import ClubType, EntityLevel, Program
from thai.fiscal_year import parse_fiscal_year


class Command(BaseCommand):
    help = (
        "นำเข้าเกณฑ์การประเมินจากไฟล์ YAML, Excel (.xlsx) หรือ CSV เป็นฉบับร่าง "
        "ถ้ามีแถวใดผิด จะไม่บันทึกข้อมูลใดเลยและแสดงทุกแถวที่ต้องแก้ไข"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="ไฟล์ .yaml, .xlsx หรือ .csv")
        parser.add_argument(
            "--program", required=True, help="รหัสโครงการ (slug) เช่น to-be-number-one"
        )
        parser.add_argument(
            "--fiscal-year", type=int, required=True, help="ปีงบประมาณ พ.ศ. เช่น 2568"
        )
        parser.add_argument("--level", choices=EntityLevel.values, default=EntityLevel.CLUB)
        parser.add_argument("--club-type", choices=ClubType.values, default="")
        parser.add_argument("--name", required=True, help="ชื่อเกณฑ์การประเมิน")

    def handle(self, *args, file: Path, program, fiscal_year, level, club_type, name, **options):
        if not file.is_file():
            raise CommandError(_("ไม่พบไฟล์ %(file)s") % {"file": file})
        found = Program.objects.filter(slug=program).first()
        if found is None:
            raise CommandError(_("ไม่รู้จักโครงการ %(slug)s") % {"slug": program})
        try:
            fiscal_year = parse_fiscal_year(fiscal_year)
        except ValidationError as error:
            raise CommandError(error.messages[0]) from None
        result = rubric_import(
            data=file.read_bytes(),
            filename=file.name,
            program=found,
            fiscal_year=fiscal_year,
            entity_level=level,
            club_type=club_type,
            name=name,
        )
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(
                _("พบ %(n)s จุดที่ต้องแก้ไข ไม่มีข้อมูลใดถูกบันทึก") % {"n": len(result.problems)}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("นำเข้าเป็นฉบับร่างแล้ว: %(rubric)s (%(components)s องค์ประกอบ %(criteria)s ประเด็น)")
                % {
                    "rubric": result.rubric,
                    "components": len(result.components),
                    "criteria": result.criteria_count,
                }
            )
        )
