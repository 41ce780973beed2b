"""Forms of clubs, their yearly membership, tiers and contest entries, and the import.

The forms check what was typed (types, choices, the user's scope for districts);
the rules of the data are the services' ``full_clean()``, whose errors the views
put back on the form, so every rule has one place and one Thai message.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import KeptUploadForm, add_service_errors
from core.spreadsheets import MAX_UPLOAD_BYTES
from programs.models import (
    Club,
    ClubMembership,
    ClubType,
    ContestEntry,
    District,
    EntityLevel,
    Province,
    SchoolLevel,
    Subdistrict,
    TierAward,
)
from thai.forms import FiscalYearField, ThaiDateField, ThaiIntegerField


def _count_field(label, *, min_value=0, help_text=""):
    return ThaiIntegerField(
        label=label,
        min_value=min_value,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("กรุณากรอกจำนวนเป็นตัวเลขจำนวนเต็ม"),
            "min_value": _("จำนวนต้องไม่น้อยกว่า %(limit_value)s"),
        },
    )


class ServiceModelForm(forms.ModelForm):
    """A model form whose model validation is left to the service it feeds.

    The service calls ``full_clean()`` with the parts the form does not hold (the
    club's province, the record's level) and its own Thai messages for uniqueness;
    validating here as well would show some errors twice, once in Django's wording.
    """

    def _post_clean(self):
        pass


class ClubForm(ServiceModelForm):
    founded_on = ThaiDateField(label=_("วันที่ก่อตั้ง"), required=False)

    class Meta:
        model = Club
        fields = [
            "name",
            "club_type",
            "school_level",
            "host_organisation",
            "district",
            "subdistrict",
            "founded_on",
            "contact_name",
            "contact_phone",
            "has_friend_corner",
            "has_committee",
            "has_fund",
            "has_activities",
            "is_active",
        ]
        help_texts = {
            "name": _("เช่น ชมรม TO BE NUMBER ONE ชุมชนบ้านนาสมดี"),
            "school_level": _("เฉพาะชมรมในสถานศึกษา"),
        }
        widgets = {"contact_phone": forms.TextInput(attrs={"inputmode": "tel"})}

    def __init__(self, *args, province: Province, **kwargs):
        super().__init__(*args, **kwargs)
        self.province = province
        # An officer's choices are the districts of their own province; an administrator
        # chose the province first (see the view), so theirs are that province's.
        self.fields["district"].queryset = District.objects.filter(province=province)
        self.fields["subdistrict"].queryset = Subdistrict.objects.filter(
            district__province=province
        ).select_related("district")
        self.fields["subdistrict"].label_from_instance = lambda subdistrict: (
            f"{subdistrict.name_th} ({subdistrict.district.name_th})"
        )
        self.fields["district"].empty_label = _("— เลือกอำเภอ —")
        self.fields["subdistrict"].empty_label = _("— ไม่ระบุ —")
        self.fields["club_type"].choices = [("", _("— เลือกประเภท —")), *ClubType.choices]
        self.fields["school_level"].choices = [("", _("— ไม่ใช่สถานศึกษา —")), *SchoolLevel.choices]
        self.fields["name"].error_messages["required"] = _("กรุณากรอกชื่อชมรม")
        self.fields["club_type"].error_messages["required"] = _("กรุณาเลือกประเภทชมรม")
        self.fields["district"].error_messages["required"] = _("กรุณาเลือกอำเภอ")
        self.fields["district"].error_messages["invalid_choice"] = _(
            "อำเภอที่เลือกไม่อยู่ในจังหวัด%(province)s"
        ) % {"province": province.name_th}

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean(self):
        cleaned = super().clean()
        # The model's own rules (school level only for schools, subdistrict in the
        # district), shown together with the form's errors rather than after them.
        names = ("district", "subdistrict", "club_type", "school_level")
        candidate = Club(province=self.province, **{
            name: cleaned[name] for name in names if cleaned.get(name) is not None
        })  # fmt: skip
        try:
            candidate.clean()
        except ValidationError as error:
            add_service_errors(self, error)
        return cleaned


class ClubMembershipForm(ServiceModelForm):
    fiscal_year = FiscalYearField()
    members = _count_field(_("จำนวนสมาชิก (คน)"))
    target_population = _count_field(
        _("กลุ่มเป้าหมาย (คน)"), min_value=1, help_text=_("ประชากรอายุ 6–24 ปีที่ชมรมดูแล")
    )

    class Meta:
        model = ClubMembership
        fields = ["fiscal_year", "members", "target_population"]


class TierAwardForm(ServiceModelForm):
    """The tier of one club in a fiscal year."""

    fiscal_year = FiscalYearField()
    consecutive_year = _count_field(
        _("รักษามาตรฐานปีที่"), min_value=1, help_text=_("ได้ระดับนี้เป็นปีแรก ให้กรอก 1")
    )

    class Meta:
        model = TierAward
        fields = ["fiscal_year", "tier", "consecutive_year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consecutive_year"].initial = 1


class ContestEntryForm(ServiceModelForm):
    """An entry of one club in a contest."""

    fiscal_year = FiscalYearField()

    class Meta:
        model = ContestEntry
        fields = ["fiscal_year", "stage", "category", "result", "award_name"]
        help_texts = {
            "category": _("เช่น ชมรมในชุมชน, TEEN DANCERCISE รุ่นอายุ 15–24 ปี"),
            "award_name": _("ถ้ามี เช่น รางวัลพระราชทาน ระดับยอดเพชร"),
        }

    def clean_category(self):
        return " ".join(self.cleaned_data["category"].split())


class _CompetitorFields(forms.Form):
    """Level (district or province) and district, for records of districts and provinces."""

    level = forms.ChoiceField(
        label=_("ระดับผู้เข้าประกวด"),
        choices=[(EntityLevel.DISTRICT, _("อำเภอ")), (EntityLevel.PROVINCE, _("จังหวัด"))],
        widget=forms.RadioSelect,
        initial=EntityLevel.DISTRICT,
    )
    district = forms.ModelChoiceField(
        label=_("อำเภอ"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("— เลือกอำเภอ —"),
        help_text=_("เฉพาะเมื่อผู้เข้าประกวดเป็นอำเภอ"),
    )

    def _set_up_competitor(self, province: Province):
        self.province = province
        self.fields["district"].queryset = District.objects.filter(province=province)
        if self.instance.pk:
            self.initial.setdefault("level", self.instance.level)
            self.initial.setdefault("district", self.instance.district_id)
        # Level and district first, as the page reads.
        order = ["level", "district"]
        self.order_fields(order + [name for name in self.fields if name not in order])

    def _clean_competitor(self, cleaned):
        level, district = cleaned.get("level"), cleaned.get("district")
        if level == EntityLevel.DISTRICT and district is None:
            self.add_error("district", _("กรุณาเลือกอำเภอที่เข้าประกวด"))
        if level == EntityLevel.PROVINCE:
            cleaned["district"] = None  # a province competes as a whole
        return cleaned


class CompetitionTierAwardForm(_CompetitorFields, TierAwardForm):
    """The tier of a district or a province in a fiscal year."""

    def __init__(self, *args, province: Province, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_competitor(province)

    def clean(self):
        return self._clean_competitor(super().clean())


class CompetitionContestEntryForm(_CompetitorFields, ContestEntryForm):
    """An entry of a district or a province in a contest."""

    def __init__(self, *args, province: Province, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_competitor(province)

    def clean(self):
        return self._clean_competitor(super().clean())


class ProvinceChoiceForm(forms.Form):
    """An administrator picks the province a new record belongs to."""

    province = forms.ModelChoiceField(
        label=_("จังหวัด"), queryset=Province.objects.none(), empty_label=_("— เลือกจังหวัด —")
    )

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces


CLUB_IMPORT_UPLOAD = "club-import"  # the purpose its kept files are stored under


class ClubImportForm(KeptUploadForm):
    upload_purpose = CLUB_IMPORT_UPLOAD
    file = forms.FileField(
        label=_("ไฟล์รายชื่อชมรม (.xlsx หรือ .csv)"),
        help_text=_("ขนาดไม่เกิน %(mb)s MB แถวแรกเป็นหัวคอลัมน์ภาษาไทยตามแบบฟอร์ม")
        % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.csv,application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet,text/csv"
            }
        ),
        # Not required: the file checked last is kept on the server (``kept``).
        required=False,
        error_messages={"empty": _("ไฟล์ที่เลือกว่างเปล่า")},
    )
    province = forms.ModelChoiceField(
        label=_("จังหวัดของทุกแถว"),
        queryset=Province.objects.none(),
        required=False,
        empty_label=_("— ตามคอลัมน์รหัสจังหวัดในไฟล์ —"),
        help_text=_("ผู้ดูแลระบบ: เลือกจังหวัด หรือใส่คอลัมน์ “รหัสจังหวัด” ในไฟล์"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if user.is_administrator:
            self.fields["province"].queryset = Province.objects.all()
        else:
            del self.fields["province"]  # an officer imports into their own province
