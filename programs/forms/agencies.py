"""Forms of agencies and projects. Officers' rows are always of their own province:
the province box is shown to administrators only, and the agency choices are scoped."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.scoping import Action
from programs.models import Agency, Objective, Program, Project, Province
from thai.forms import FiscalYearField, ThaiDateField, ThaiDecimalField, ThaiIntegerField


class _ProvinceForcedForm(forms.ModelForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.is_administrator:
            self.fields["province"].queryset = Province.objects.order_by("name_th")
        else:
            # Never trust a province from the form: an officer's rows are their province's.
            del self.fields["province"]
            self.instance.province_id = user.province_id


class AgencyForm(_ProvinceForcedForm):
    class Meta:
        model = Agency
        fields = ["province", "name", "short_name", "is_active"]

    def clean(self):
        cleaned = super().clean()
        if "province" in self.fields:
            province_id = cleaned["province"].pk if cleaned.get("province") else None
        else:
            province_id = self.instance.province_id  # an officer's own, set in __init__
        name = (cleaned.get("name") or "").strip()
        taken = Agency.objects.filter(province_id=province_id, name=name).exclude(
            pk=self.instance.pk
        )
        if name and province_id and taken.exists():
            # Said here in Thai: Django's own message for the constraint is not translated.
            self.add_error("name", _("จังหวัดนี้มีหน่วยงานชื่อนี้อยู่แล้ว"))
        return cleaned


class AgencyChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, with_province=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.with_province = with_province

    def label_from_instance(self, agency):
        if self.with_province:
            return f"{agency.name} ({agency.province.name_th})"
        return agency.name


class ObjectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, objective):
        return f"{objective.program} · {objective.fiscal_year} · {objective}"


class ProjectForm(_ProvinceForcedForm):
    agency = AgencyChoiceField(label=_("หน่วยงาน"), queryset=Agency.objects.none())
    objective = ObjectiveChoiceField(
        label=_("ยุทธศาสตร์/ผลลัพธ์ที่สนับสนุน"), queryset=Objective.objects.none(), required=False
    )
    fiscal_year = FiscalYearField()
    budget = ThaiDecimalField(
        label=_("งบประมาณ (บาท)"), max_digits=14, decimal_places=2, min_value=Decimal(0)
    )
    start_date = ThaiDateField(label=_("วันเริ่ม"), required=False)
    end_date = ThaiDateField(label=_("วันสิ้นสุด"), required=False)
    progress = ThaiIntegerField(
        label=_("ความก้าวหน้า (ร้อยละ)"), min_value=0, max_value=100, initial=0,
        error_messages={"max_value": _("ความก้าวหน้าต้องไม่เกินร้อยละ 100")},
    )  # fmt: skip

    class Meta:
        model = Project
        fields = [
            "program",
            "province",
            "agency",
            "objective",
            "name",
            "fiscal_year",
            "budget",
            "start_date",
            "end_date",
            "status",
            "progress",
        ]
        widgets = {"name": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        agencies = Agency.objects.for_user(user, Action.VIEW).select_related("province")
        if self.instance.pk is None:
            agencies = agencies.filter(is_active=True)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].with_province = user.is_national
        programs = Program.objects.all()
        objectives = Objective.objects.select_related("program").order_by(
            "program__pk", "-fiscal_year", "number"
        )
        if not user.is_administrator and user.province_id:
            programs = Program.objects.operating_in(user.province_id)
            objectives = objectives.filter(program__in=programs)
        self.fields["program"].queryset = programs
        self.fields["objective"].queryset = objectives

    def clean(self):
        cleaned = super().clean()
        objective, program = cleaned.get("objective"), cleaned.get("program")
        if objective and program and objective.program_id != program.pk:
            self.add_error("objective", _("ยุทธศาสตร์นี้ไม่ได้อยู่ในโครงการหลักที่เลือก"))
        return cleaned
