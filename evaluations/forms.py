from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from evaluations.services import parse_points
from programs.imports.spreadsheets import MAX_UPLOAD_BYTES
from programs.models import ClubType, EntityLevel, Program, Tier


class ScoreSheetForm(forms.Form):
    """One field per criterion of the visit's rubric version, checked by the same rule
    as the API (``services.parse_points``) and, in the browser, by the same bounds."""

    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    rubric = forms.IntegerField(widget=forms.HiddenInput)
    strengths = forms.CharField(
        label=_("จุดเด่น"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    improvements = forms.CharField(
        label=_("สิ่งที่ควรปรับปรุง"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    def __init__(self, *args, criteria, sheet=None, **kwargs):
        self.criteria = criteria
        initial = kwargs.setdefault("initial", {})
        if criteria:
            initial.setdefault("rubric", criteria[0].component.rubric_id)
        if sheet is not None:
            initial.update(strengths=sheet.strengths, improvements=sheet.improvements)
            initial.update(
                {f"criterion_{score.criterion_id}": score.points for score in sheet.scores.all()}
            )
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.CharField(
                label=f"{criterion.code} {criterion.text}",
                required=False,
                widget=forms.TextInput(
                    attrs={
                        "inputmode": "decimal",
                        "autocomplete": "off",
                        "data-max": f"{criterion.max_points:g}",
                        "data-criterion": criterion.pk,
                        "class": "form-control score-input",
                    }
                ),
            )

    def clean(self):
        data = super().clean()
        for criterion in self.criteria:
            name = f"criterion_{criterion.pk}"
            raw = (data.get(name) or "").strip()
            if not raw:
                data[name] = None
                continue
            try:
                data[name] = parse_points(raw, criterion)
            except ValidationError as error:
                self.add_error(name, error)
        return data

    def scores(self) -> dict[int, object]:
        return {
            criterion.pk: self.cleaned_data[f"criterion_{criterion.pk}"]
            for criterion in self.criteria
            if self.cleaned_data.get(f"criterion_{criterion.pk}") is not None
        }

    def criterion_rows(self):
        return [(criterion, self[f"criterion_{criterion.pk}"]) for criterion in self.criteria]

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("เหตุผลที่เปิดแก้ไข"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


# --- Rubrics (administrators) ----------------------------------------------------------

RUBRIC_KEYS = ("program", "fiscal_year", "entity_level", "club_type", "name")


class RubricForm(forms.Form):
    """Which rubric: program, fiscal year, level, club type and its name. A plain form (not
    a ModelForm) so that an existing combination is answered by the service, in Thai."""

    program = forms.ModelChoiceField(label=_("โครงการ"), queryset=Program.objects.all())
    fiscal_year = forms.IntegerField(
        label=_("ปีงบประมาณ (พ.ศ.)"), min_value=2500, max_value=2700,
        help_text=_("เป็น พ.ศ. เช่น 2568"),
    )  # fmt: skip
    entity_level = forms.ChoiceField(
        label=_("ประเมินระดับ"), choices=EntityLevel.choices, initial=EntityLevel.CLUB
    )
    club_type = forms.ChoiceField(
        label=_("ประเภทชมรม"), required=False,
        choices=[("", _("— ทุกประเภท —")), *ClubType.choices],
        help_text=_("เฉพาะเกณฑ์ระดับชมรม เว้นว่างไว้หากใช้กับชมรมทุกประเภท"),
    )  # fmt: skip
    name = forms.CharField(label=_("ชื่อเกณฑ์การประเมิน"), max_length=255)

    def clean(self):
        data = super().clean()
        if data.get("entity_level") != EntityLevel.CLUB and data.get("club_type"):
            self.add_error("club_type", _("ระบุประเภทชมรมได้เฉพาะเกณฑ์ระดับชมรม"))
        return data

    def rubric_fields(self) -> dict:
        return {key: self.cleaned_data[key] for key in RUBRIC_KEYS}


class RubricImportForm(RubricForm):
    file = forms.FileField(
        label=_("ไฟล์เกณฑ์ (.xlsx, .csv หรือ .yaml)"),
        help_text=_("ขนาดไม่เกิน %(mb)s MB") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.yaml,.yml"}),
        error_messages={
            "required": _("กรุณาเลือกไฟล์ที่จะนำเข้า"),
            "empty": _("ไฟล์ที่เลือกว่างเปล่า"),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("ไฟล์มีขนาดเกิน %(mb)s MB") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


class RubricFilterForm(forms.Form):
    program = forms.ModelChoiceField(
        label=_("โครงการ"), queryset=Program.objects.all(), required=False,
        empty_label=_("ทุกโครงการ"), widget=forms.Select(attrs={"class": "form-select"}),
    )  # fmt: skip
    fiscal_year = forms.TypedChoiceField(
        label=_("ปีงบประมาณ"), coerce=int, required=False, empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )  # fmt: skip

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [("", _("ทุกปี"))] + [(y, y) for y in years]


class ComponentForm(forms.Form):
    title = forms.CharField(label=_("ชื่อองค์ประกอบ"), max_length=255)


class CriterionForm(forms.Form):
    text = forms.CharField(
        label=_("ประเด็นการประเมิน"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    max_points = forms.DecimalField(
        label=_("คะแนนเต็ม"), max_digits=6, decimal_places=2, min_value=Decimal("0.01"),
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )  # fmt: skip
    guidance = forms.CharField(
        label=_("คำอธิบายการให้คะแนน"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    evidence = forms.CharField(
        label=_("หลักฐานที่ควรมี"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class CriterionEditForm(CriterionForm):
    order = forms.IntegerField(label=_("ลำดับในองค์ประกอบ"), min_value=1, max_value=999)

    field_order = ["order", "text", "max_points", "guidance", "evidence"]


class TierBandsForm(forms.Form):
    """One minimum score per tier; a tier left blank has no band."""

    def __init__(self, *args, rubric, **kwargs):
        initial = kwargs.setdefault("initial", {})
        for band in rubric.bands.all():
            initial.setdefault(f"tier_{band.tier}", band.min_score)
        super().__init__(*args, **kwargs)
        for tier in Tier:
            self.fields[f"tier_{tier.value}"] = forms.DecimalField(
                label=tier.label, required=False, max_digits=6, decimal_places=2,
                min_value=Decimal("0"),
                widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
            )  # fmt: skip

    def minimums(self) -> dict[int, Decimal]:
        return {
            tier.value: self.cleaned_data[f"tier_{tier.value}"]
            for tier in Tier
            if self.cleaned_data.get(f"tier_{tier.value}") is not None
        }
