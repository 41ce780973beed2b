"""Forms of results frameworks: an indicator with its grade bands, the results-entry
table (one form per indicator), the results import and evidence attachments."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import KeptUploadForm, add_service_errors
from core.scoping import Action
from core.uploads import ACCEPT
from programs.models import (
    Agency,
    GradeBand,
    Indicator,
    IndicatorKind,
    IndicatorResult,
    Objective,
    Province,
)
from programs.services.indicators import ResultEntry, result_value
from thai.forms import ThaiDecimalField


def _decimal(**kwargs) -> ThaiDecimalField:
    return ThaiDecimalField(max_digits=18, decimal_places=4, required=False, **kwargs)


# --- Indicator and its grade bands ----------------------------------------------------------


class ObjectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, objective):
        return f"{objective.program} · {objective.fiscal_year} · {objective}"


def _agency_with_province(agency) -> str:
    return f"{agency.name} ({agency.province.name_th})"


class IndicatorForm(forms.ModelForm):
    """An indicator. Administrators choose its province (empty: shared by every province
    of the program); an officer's indicator is always their own province's."""

    objective = ObjectiveChoiceField(
        label=_("ยุทธศาสตร์/วัตถุประสงค์"), queryset=Objective.objects.none()
    )

    class Meta:
        model = Indicator
        fields = [
            "objective",
            "province",
            "code",
            "name",
            "kind",
            "unit",
            "direction",
            "baseline",
            "target",
            "target_max",
            "is_cumulative",
            "at_risk_margin",
            "frequency",
            "lead_agency",
            "co_agencies",
            "order",
        ]
        field_classes = {
            "baseline": ThaiDecimalField,
            "target": ThaiDecimalField,
            "target_max": ThaiDecimalField,
            "at_risk_margin": ThaiDecimalField,
        }
        widgets = {"name": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        objectives = Objective.objects.select_related("program").order_by(
            "program__pk", "-fiscal_year", "number"
        )
        agencies = Agency.objects.for_user(user, Action.VIEW).filter(is_active=True)
        if user.is_administrator:
            self.fields["province"].queryset = Province.objects.order_by("name_th")
            self.fields["province"].empty_label = _("ทุกจังหวัดของโครงการ (ตัวชี้วัดร่วม)")
        else:
            # Officers add indicators of their own province only; the box is not shown.
            del self.fields["province"]
            self.instance.province_id = user.province_id
            objectives = objectives.filter(
                Q(program__provinces=None) | Q(program__provinces=user.province_id)
            ).distinct()
        self.fields["objective"].queryset = objectives
        self.fields["lead_agency"].queryset = agencies.select_related("province")
        self.fields["co_agencies"].queryset = agencies.select_related("province")
        if user.is_national:
            # Every province has its สสจ.: say which province each agency is in.
            for name in ("lead_agency", "co_agencies"):
                self.fields[name].label_from_instance = _agency_with_province
        self.fields["co_agencies"].widget.attrs["size"] = 5
        self.fields["at_risk_margin"].min_value = Decimal(0)

    def clean(self):
        cleaned = super().clean()
        if "province" in self.fields:
            province_id = cleaned["province"].pk if cleaned.get("province") else None
        else:
            province_id = self.instance.province_id  # an officer's own, set in __init__
        objective, code = cleaned.get("objective"), (cleaned.get("code") or "").strip()
        if objective and code:
            taken = Indicator.objects.filter(
                objective=objective, province_id=province_id, code=code
            ).exclude(pk=self.instance.pk)
            if taken.exists():
                # Said here in Thai: Django's own message for the constraint is not translated.
                self.add_error("code", _("รหัสตัวชี้วัดนี้มีอยู่แล้วในยุทธศาสตร์/วัตถุประสงค์นี้"))
        return cleaned


class GradeBandForm(forms.ModelForm):
    class Meta:
        model = GradeBand
        fields = ["grade", "min_score"]
        field_classes = {"min_score": ThaiDecimalField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Shown as table rows under column headers: each box says what it is to readers.
        for field in self.fields.values():
            field.widget.attrs.update({"class": "form-control", "aria-label": field.label})
        # A blank extra row is no band; a row with a grade needs its score.
        self.fields["min_score"].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("grade") and cleaned.get("min_score") is None:
            self.add_error("min_score", _("กรุณากรอกคะแนนต่ำสุดของระดับนี้"))
        return cleaned


GradeBandFormSet = forms.inlineformset_factory(
    Indicator, GradeBand, form=GradeBandForm, extra=3, can_delete=True, max_num=12
)


# --- The results-entry table --------------------------------------------------------------


class ResultEntryForm(forms.Form):
    """One row of the results-entry table: one indicator in the chosen period.

    A row left blank is not reported (and a result already there is kept).
    """

    indicator = forms.IntegerField(widget=forms.HiddenInput)
    value = _decimal(label=_("ผลการดำเนินงาน"))
    numerator = _decimal(label=_("ตัวตั้ง"))
    denominator = _decimal(label=_("ตัวหาร"))
    evidence_note = forms.CharField(
        label=_("หลักฐาน/หมายเหตุ"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 1}),
    )

    def __init__(self, *args, indicator: Indicator, current: IndicatorResult | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.current = current
        self.uses_fraction = indicator.kind in (IndicatorKind.PERCENTAGE, IndicatorKind.COUNT_OF)
        hidden = ("value",) if self.uses_fraction else ("numerator", "denominator")
        for name in hidden:
            del self.fields[name]
        label = f"{indicator.code} {indicator.name}"
        for name, field in self.fields.items():
            if name != "indicator":
                field.widget.attrs["class"] = "form-control form-control-sm"
                # The table's column headers are not labels; screen readers get one each.
                field.widget.attrs["aria-label"] = f"{field.label}: {label}"

    def mark_errors(self) -> None:
        """Outline the boxes that have an error (after validation and the service)."""
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"
                widget.attrs["aria-invalid"] = "true"

    @property
    def has_figures(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) is not None for name in ("value", "numerator", "denominator"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("indicator") not in (None, self.indicator.pk):
            raise ValidationError(_("ตารางไม่ตรงกับตัวชี้วัด กรุณาโหลดหน้านี้ใหม่"))
        if cleaned.get("evidence_note") and not self.has_figures and not self.errors:
            first = "numerator" if self.uses_fraction else "value"
            self.add_error(first, _("กรุณากรอกผลการดำเนินงานก่อนบันทึกหมายเหตุ"))
        if self.has_figures and not self.errors:
            # The rule of the indicator's kind (5 of 0, 48 of 47), checked here so that
            # every row's errors show at once; the service checks it again when saving.
            try:
                result_value(
                    indicator=self.indicator,
                    value=cleaned.get("value"),
                    numerator=cleaned.get("numerator"),
                    denominator=cleaned.get("denominator"),
                )
            except ValidationError as error:
                add_service_errors(self, error)
        return cleaned

    def entry(self, *, period: int, row: int) -> ResultEntry:
        data = self.cleaned_data
        return ResultEntry(
            indicator=self.indicator,
            period=period,
            value=data.get("value"),
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            evidence_note=data.get("evidence_note", ""),
            row=row,
        )


class BaseResultEntryFormSet(forms.BaseFormSet):
    """As many forms as indicators, whatever the management form says: a row belongs
    to its indicator by position (and its hidden id is checked)."""

    def __init__(self, *args, indicators: list[Indicator], current: dict, **kwargs):
        self.indicators = indicators
        self.current = current
        kwargs.setdefault("initial", [self._initial(i) for i in indicators])
        super().__init__(*args, **kwargs)

    def _initial(self, indicator: Indicator) -> dict:
        result = self.current.get(indicator.pk)
        initial = {"indicator": indicator.pk}
        if result is not None:
            initial.update(
                value=result.value,
                numerator=result.numerator,
                denominator=result.denominator,
                evidence_note=result.evidence_note,
            )
        return initial

    def total_form_count(self):
        return len(self.indicators)

    def initial_form_count(self):
        return len(self.indicators)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        indicator = self.indicators[index]
        return {**kwargs, "indicator": indicator, "current": self.current.get(indicator.pk)}


ResultEntryFormSet = forms.formset_factory(ResultEntryForm, formset=BaseResultEntryFormSet, extra=0)


# --- Import and attachments -----------------------------------------------------------------


RESULTS_IMPORT_UPLOAD = "results-import"  # the purpose its kept files are stored under


class ResultImportForm(KeptUploadForm):
    upload_purpose = RESULTS_IMPORT_UPLOAD
    file = forms.FileField(
        label=_("ไฟล์ผลการดำเนินงาน (.xlsx หรือ .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        # Not required: the file checked last is kept on the server (``kept``).
        required=False,
        error_messages={"empty": _("ไฟล์ที่เลือกว่างเปล่า")},
    )
    province = forms.ModelChoiceField(
        label=_("จังหวัด"), queryset=Province.objects.none(), required=True
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if user.is_administrator:
            self.fields["province"].queryset = Province.objects.for_user(
                user, Action.CHANGE
            ).order_by("name_th")
        else:
            del self.fields["province"]  # an officer imports for their own province


class ResultAttachmentForm(forms.Form):
    """The file is checked from its bytes and size by the service (core.uploads)."""

    file = forms.FileField(
        label=_("ไฟล์หลักฐาน"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT})
    )
