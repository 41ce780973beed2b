"""Forms of ร้อยใจรักษ์ villages. Choices come from the user's scope; forms only
validate input, the services (programs/services/villages.py) keep the rules."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from programs.models import (
    Measure,
    PlanItemStatus,
    PlanStatus,
    Program,
    ProgramVillage,
    Subdistrict,
    Village,
    VoteResult,
)
from thai.fiscal_year import current_fiscal_year
from thai.forms import FiscalYearField, ThaiDateField, ThaiDecimalField, ThaiIntegerField

# A number box (type=number) refuses Thai digits as they are typed; a text box with a
# numeric keyboard takes them.
NUMBER_TEXT = forms.TextInput(attrs={"inputmode": "numeric"})


class VillageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, village: Village) -> str:
        label = f"{village} {_('ต.')}{village.subdistrict} {_('อ.')}{village.subdistrict.district}"
        joined = ", ".join(str(entry.program) for entry in village.program_entries.all())
        if joined:
            label += " · " + _("อยู่ใน %(programs)s แล้ว") % {"programs": joined}
        return label


class SubdistrictChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, subdistrict: Subdistrict) -> str:
        return f"{subdistrict.name_th} — {_('อ.')}{subdistrict.district.name_th}"


class ProgramVillageAddForm(forms.Form):
    """Put a village into a program: an existing village, or a new one typed in."""

    program = forms.ModelChoiceField(label=_("โครงการ"), queryset=Program.objects.none())
    joined_fiscal_year = FiscalYearField(label=_("เข้าร่วมปีงบประมาณ (พ.ศ.)"), widget=NUMBER_TEXT)
    village = VillageChoiceField(
        label=_("หมู่บ้าน"),
        queryset=Village.objects.none(),
        required=False,
        help_text=_("หรือเว้นว่างแล้วกรอกหมู่บ้านใหม่ด้านล่าง"),
    )
    subdistrict = SubdistrictChoiceField(
        label=_("ตำบล"), queryset=Subdistrict.objects.none(), required=False
    )
    number = ThaiIntegerField(
        label=_("หมู่ที่"), min_value=1, max_value=99, required=False, widget=NUMBER_TEXT
    )
    name_th = forms.CharField(
        label=_("ชื่อหมู่บ้าน"),
        max_length=150,
        required=False,
        help_text=_("ไม่ต้องพิมพ์คำว่า “บ้าน” นำหน้า"),
    )

    def __init__(self, *args, programs, villages, subdistricts, village_programs_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        self.fields["village"].queryset = villages
        self.fields["subdistrict"].queryset = subdistricts
        self.fields["joined_fiscal_year"].initial = current_fiscal_year()
        # The program that already has villages here (ร้อยใจรักษ์) is the likely choice.
        with_villages = [p for p in programs if p.pk in set(village_programs_ids)]
        if len(with_villages) == 1 or len(programs) == 1:
            self.fields["program"].initial = (with_villages or list(programs))[0]

    def clean(self):
        cleaned = super().clean()
        village = cleaned.get("village")
        new_village = [cleaned.get(name) for name in ("subdistrict", "number", "name_th")]
        if village and any(new_village):
            raise ValidationError(_("เลือกหมู่บ้านที่มีอยู่แล้ว หรือกรอกหมู่บ้านใหม่ อย่างใดอย่างหนึ่ง"))
        if not village and not all(new_village):
            if any(new_village):
                for name, value in zip(
                    ("subdistrict", "number", "name_th"), new_village, strict=True
                ):
                    if not value:
                        self.add_error(name, _("กรุณากรอกข้อมูลหมู่บ้านใหม่ให้ครบ"))
            else:
                raise ValidationError(_("กรุณาเลือกหมู่บ้าน หรือกรอกตำบล หมู่ที่ และชื่อหมู่บ้านใหม่"))
        return cleaned


class ProgramVillageStatusForm(forms.Form):
    vote_result = forms.ChoiceField(label=_("ผลประชาคม"), choices=VoteResult.choices)
    vote_date = ThaiDateField(label=_("วันที่จัดประชาคม"), required=False)
    vote_participation = ThaiDecimalField(
        label=_("ผู้เข้าร่วมประชาคม (ร้อยละ)"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        help_text=_("เป้าหมายไม่น้อยกว่าร้อยละ 75 ของประชาชนในหมู่บ้าน"),
    )
    plan_status = forms.ChoiceField(label=_("สถานะแผนหมู่บ้าน"), choices=PlanStatus.choices)
    plan_status_date = ThaiDateField(label=_("วันที่สถานะแผน"), required=False)

    @classmethod
    def initial_of(cls, program_village: ProgramVillage) -> dict:
        return {name: getattr(program_village, name) for name in cls.base_fields}


class VillagePlanItemForm(forms.Form):
    measure = forms.ChoiceField(label=_("มาตรการ"), choices=Measure.choices)
    title = forms.CharField(label=_("รายการ"), max_length=500)
    budget = ThaiDecimalField(
        label=_("งบประมาณ (บาท)"),
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        initial=0,
    )
    status = forms.ChoiceField(
        label=_("สถานะ"), choices=PlanItemStatus.choices, initial=PlanItemStatus.PLANNED
    )
