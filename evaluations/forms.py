import datetime
import json
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from core.forms import KeptUploadForm, add_service_errors
from core.spreadsheets import MAX_UPLOAD_BYTES
from evaluations.models import Rubric, RubricStatus
from evaluations.services.rubrics import next_order
from evaluations.services.scoring import parse_points
from programs.models import (
    Club,
    ClubType,
    ContestStage,
    District,
    EntityLevel,
    Program,
    Province,
    Tier,
)
from thai.forms import FiscalYearField, ThaiDateField, ThaiIntegerField


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
        add_service_errors(self, error)


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
    fiscal_year = FiscalYearField(help_text=_("เป็น พ.ศ. เช่น 2568"))
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


RUBRIC_IMPORT_UPLOAD = "rubric-import"  # the purpose its kept files are stored under


class RubricImportForm(KeptUploadForm, RubricForm):
    upload_purpose = RUBRIC_IMPORT_UPLOAD
    file = forms.FileField(
        label=_("ไฟล์เกณฑ์ (.xlsx, .csv หรือ .yaml)"),
        help_text=_("ขนาดไม่เกิน %(mb)s MB") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.yaml,.yml"}),
        # Not required: the file checked last is kept on the server (``kept``).
        required=False,
        error_messages={"empty": _("ไฟล์ที่เลือกว่างเปล่า")},
    )


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


# --- Rounds, their committee and visits (officers) -------------------------------------


class RoundForm(forms.Form):
    """A round: program, year, stage, where, when, and the published rubrics it uses.
    Officers run their own province's rounds: the province is not asked."""

    program = forms.ModelChoiceField(label=_("โครงการ"), queryset=Program.objects.all())
    fiscal_year = FiscalYearField()
    stage = forms.ChoiceField(
        label=_("ระดับการประเมิน"), choices=ContestStage.choices, initial=ContestStage.PROVINCE
    )
    province = forms.ModelChoiceField(
        label=_("จังหวัด"), queryset=Province.objects.order_by("name_th"), required=False,
        empty_label=_("— ระดับภาคหรือระดับประเทศ —"),
    )  # fmt: skip
    name = forms.CharField(label=_("ชื่อรอบการประเมิน"), max_length=255)
    starts_on = ThaiDateField(label=_("วันที่เริ่ม"))
    ends_on = ThaiDateField(label=_("วันที่สิ้นสุด"))
    rubrics = forms.ModelMultipleChoiceField(
        label=_("เกณฑ์ที่ใช้"), widget=forms.CheckboxSelectMultiple,
        queryset=Rubric.objects.filter(status=RubricStatus.PUBLISHED).select_related("program"),
        help_text=_("เฉพาะเกณฑ์ที่ประกาศใช้แล้ว"),
        error_messages={"required": _("กรุณาเลือกเกณฑ์อย่างน้อยหนึ่งเกณฑ์")},
    )  # fmt: skip
    disagreement_margin = ThaiIntegerField(
        label=_("เกณฑ์คะแนนต่างกันเกิน (ร้อยละของคะแนนเต็ม)"), min_value=1, max_value=100,
        initial=25,
        help_text=_("ทำเครื่องหมายประเด็นที่คะแนนของผู้ประเมินต่างกันเกินร้อยละนี้ของคะแนนเต็ม"),
    )  # fmt: skip

    def __init__(self, *args, user, round_=None, **kwargs):
        if round_ is not None:
            initial = kwargs.setdefault("initial", {})
            for name in ROUND_KEYS:
                initial.setdefault(name, getattr(round_, name))
            initial.setdefault("rubrics", list(round_.rubrics.all()))
        super().__init__(*args, **kwargs)
        if not user.is_administrator:
            del self.fields["province"]

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("วันที่สิ้นสุดต้องไม่ก่อนวันที่เริ่ม"))
        return data

    def round_fields(self, *, province) -> dict:
        """The service's arguments; ``province`` is used when the form does not ask it."""
        fields = {name: self.cleaned_data[name] for name in ROUND_KEYS if name in self.fields}
        fields.setdefault("province", province)
        fields["rubrics"] = list(self.cleaned_data["rubrics"])
        return fields


TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")

ROUND_KEYS = (
    "program", "fiscal_year", "stage", "province", "name", "starts_on", "ends_on",
    "disagreement_margin",
)  # fmt: skip


class EvaluatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user} — {user.position}" if user.position else str(user)


class RoundEvaluatorForm(forms.Form):
    """Seat an evaluator on the committee; a blank position takes the one in their account."""

    user = EvaluatorChoiceField(label=_("ผู้ประเมิน"), queryset=None)
    position = forms.CharField(
        label=_("ตำแหน่งในคณะกรรมการ"), max_length=255, required=False,
        help_text=_("เว้นว่างไว้เพื่อใช้ตำแหน่งในบัญชีผู้ใช้"),
    )  # fmt: skip
    is_chair = forms.BooleanField(label=_("เป็นประธานคณะกรรมการประเมิน"), required=False)

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(role=Role.EVALUATOR, is_active=True)
            .exclude(evaluation_seats__round=round_)
            .order_by("first_name", "last_name", "username")
        )
        self.fields["user"].widget.attrs.update(
            {
                "data-positions": json.dumps(
                    {u.pk: u.position for u in self.fields["user"].queryset if u.position},
                    ensure_ascii=False,
                ),
                "data-position-target": self["position"].auto_id,
            }
        )


class VisitForm(forms.Form):
    """A stop of the itinerary: when, where, who is scored against which of the round's
    rubrics, and which committee members go. Clubs and districts are those of the round's
    province (any province for a regional or national round)."""

    order = ThaiIntegerField(label=_("ลำดับการเยี่ยม"), min_value=1, max_value=999)
    date = ThaiDateField(label=_("วันที่"))
    time = forms.TimeField(label=_("เวลา"), widget=TIME_INPUT)
    place = forms.CharField(label=_("สถานที่"), max_length=255)
    address = forms.CharField(label=_("ที่อยู่"), max_length=500, required=False)
    latitude = forms.DecimalField(
        label=_("ละติจูด"), required=False, max_digits=9, decimal_places=6,
        min_value=-90, max_value=90,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "16.418"}),
    )  # fmt: skip
    longitude = forms.DecimalField(
        label=_("ลองจิจูด"), required=False, max_digits=9, decimal_places=6,
        min_value=-180, max_value=180,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "101.156"}),
    )  # fmt: skip
    level = forms.ChoiceField(
        label=_("ประเมินระดับ"), choices=EntityLevel.choices, initial=EntityLevel.CLUB,
        widget=forms.RadioSelect,
    )  # fmt: skip
    province = forms.ModelChoiceField(
        label=_("จังหวัด"), queryset=Province.objects.order_by("name_th"), required=False
    )
    district = forms.ModelChoiceField(
        label=_("อำเภอ"), queryset=District.objects.none(), required=False,
        help_text=_("สำหรับการประเมินระดับอำเภอ"),
    )  # fmt: skip
    club = forms.ModelChoiceField(
        label=_("ชมรม"), queryset=Club.objects.none(), required=False,
        help_text=_("สำหรับการประเมินระดับชมรม"),
    )  # fmt: skip
    rubric = forms.ModelChoiceField(label=_("เกณฑ์ที่ใช้"), queryset=Rubric.objects.none())
    evaluators = forms.ModelMultipleChoiceField(
        label=_("ผู้ประเมินที่ได้รับมอบหมาย"), queryset=User.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, round_, visit=None, **kwargs):
        self.round = round_
        initial = kwargs.setdefault("initial", {})
        if visit is not None:
            local = timezone.localtime(visit.scheduled_at)
            initial.update(
                {name: getattr(visit, name) for name in VISIT_FORM_KEYS},
                date=local.date(),
                time=local.time(),
                evaluators=[a.evaluator_id for a in visit.assignments.all()],
            )
        else:
            initial.setdefault("order", next_order(round_.visits.all()))
            initial.setdefault("date", round_.starts_on)
        super().__init__(*args, **kwargs)
        clubs = Club.objects.select_related("district").order_by("district__name_th", "name")
        districts = District.objects.order_by("name_th")
        if round_.province_id:
            del self.fields["province"]
            clubs = clubs.filter(province=round_.province_id)
            districts = districts.filter(province=round_.province_id)
        self.fields["club"].queryset = clubs
        self.fields["district"].queryset = districts
        self.fields["rubric"].queryset = round_.rubrics.all()
        self.fields["evaluators"].queryset = User.objects.filter(
            evaluation_seats__round=round_
        ).order_by("evaluation_seats__order")

    def clean(self):
        data = super().clean()
        level = data.get("level")
        if level == EntityLevel.CLUB and not data.get("club"):
            self.add_error("club", _("กรุณาเลือกชมรม"))
        if level == EntityLevel.DISTRICT and not data.get("district"):
            self.add_error("district", _("กรุณาเลือกอำเภอ"))
        if "province" in self.fields and not self._province(data):
            self.add_error("province", _("กรุณาเลือกจังหวัด"))
        return data

    def _province(self, data):
        """The province of the entity scored: the round's, else the club's or district's."""
        if self.round.province_id:
            return self.round.province
        if data.get("level") == EntityLevel.CLUB and data.get("club"):
            return data["club"].province
        if data.get("level") == EntityLevel.DISTRICT and data.get("district"):
            return data["district"].province
        return data.get("province")

    def visit_fields(self) -> dict:
        data = self.cleaned_data
        level = data["level"]
        scheduled_at = timezone.make_aware(datetime.datetime.combine(data["date"], data["time"]))
        return {
            "order": data["order"],
            "scheduled_at": scheduled_at,
            "place": data["place"].strip(),
            "address": data["address"].strip(),
            "latitude": data["latitude"],
            "longitude": data["longitude"],
            "level": level,
            "province": self._province(data),
            "club": data["club"] if level == EntityLevel.CLUB else None,
            "district": (
                data["club"].district
                if level == EntityLevel.CLUB and data["club"]
                else data["district"]
                if level == EntityLevel.DISTRICT
                else None
            ),  # fmt: skip
            "rubric": data["rubric"],
        }


VISIT_FORM_KEYS = (
    "order", "place", "address", "latitude", "longitude", "level", "province", "district",
    "club", "rubric",
)  # fmt: skip
