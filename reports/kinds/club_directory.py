"""Kind 4: the directory of a province's TO BE NUMBER ONE clubs, filtered as on the list."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.scoping import Action
from programs.models import Club, ClubMembership, ClubType, District, Province, Tier, TierAward
from reports import selectors
from reports.kinds.base import ReportKind, history_version, registry


class DistrictSelect(forms.Select):
    """Each district's option names its province (data-province), so that the page shows
    only the districts of the province chosen (static/src/portal.js, data-options-follow)."""

    def __init__(self, *args, provinces: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.provinces = provinces
        self.attrs.setdefault("data-options-follow", "id_province")

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        province = self.provinces.get(str(value))
        if province:
            option["attrs"]["data-province"] = province
        return option


@registry.register
class ClubDirectory(ReportKind):
    key = "club_directory"
    label = gettext_lazy("ทำเนียบชมรม TO BE NUMBER ONE")
    template_name = "reports/pdf/club_directory.html"

    def extra_form_fields(self, *, user) -> dict[str, forms.Field]:
        districts = (
            District.objects.for_user(user, Action.VIEW)
            .select_related("province")
            .order_by("province__name_th", "name_th")
        )
        return {
            "district": forms.ChoiceField(
                label=gettext_lazy("อำเภอ"),
                required=False,
                # Chosen by name, the code beside; the page shows the chosen province's.
                choices=[
                    ("", gettext_lazy("ทุกอำเภอ")),
                    *((d.code, f"{d.name_th} ({d.code})") for d in districts),
                ],
                widget=DistrictSelect(provinces={d.code: d.province_id for d in districts}),
                error_messages={"invalid_choice": gettext_lazy("กรุณาเลือกอำเภอจากรายการ")},
            ),  # fmt: skip
            "club_type": forms.ChoiceField(
                label=gettext_lazy("ประเภทชมรม"),
                required=False,
                choices=[("", gettext_lazy("ทุกประเภท")), *ClubType.choices],
            ),
            "tier": forms.TypedChoiceField(
                label=gettext_lazy("ระดับมาตรฐาน"),
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", gettext_lazy("ทุกระดับ")), *Tier.choices],
            ),
        }

    def clean_options(self, raw, *, parameters, user) -> dict[str, Any]:
        options: dict[str, Any] = {}
        district = str(raw.get("district") or "")
        if district:
            if not District.objects.filter(
                pk=district, province_id=parameters["province"]
            ).exists():
                raise ValidationError({"district": _("อำเภอนี้ไม่อยู่ในจังหวัดที่เลือก")})
            options["district"] = district
        club_type = raw.get("club_type") or ""
        if club_type:
            if club_type not in ClubType.values:
                raise ValidationError({"club_type": _("ประเภทชมรมไม่ถูกต้อง")})
            options["club_type"] = club_type
        tier = raw.get("tier")
        if tier not in (None, ""):
            if int(tier) not in Tier.values:
                raise ValidationError({"tier": _("ระดับมาตรฐานไม่ถูกต้อง")})
            options["tier"] = int(tier)
        return options

    def title(self, parameters) -> str:
        province = Province.objects.filter(pk=parameters.get("province")).first()
        return _("ทำเนียบชมรม TO BE NUMBER ONE จังหวัด%(province)s") % {
            "province": province.name_th if province else parameters.get("province")
        }

    def data_version(self, parameters) -> str:
        code = parameters["province"]
        return history_version(
            Club.history.filter(province_id=code),
            ClubMembership.history.filter(club__province_id=code),
            TierAward.history.filter(province_id=code),
        )

    def build_context(self, *, parameters, user, progress) -> dict[str, Any]:
        province = Province.objects.get(pk=parameters["province"])
        progress(10, _("กำลังรวบรวมรายชื่อชมรม"))
        clubs = list(
            selectors.directory_clubs(
                user=self.reader(parameters, user=user),
                province=province,
                district=parameters.get("district"),
                club_type=parameters.get("club_type"),
                tier=parameters.get("tier"),
                fiscal_year=parameters["fiscal_year"],
            )
        )
        for club in clubs:
            club.year_membership = club.year_memberships[0] if club.year_memberships else None
            club.tier_label = Tier(club.latest_tier).label if club.latest_tier else ""
        districts = [
            (district, list(rows)) for district, rows in groupby(clubs, key=lambda c: c.district)
        ]
        filters = []
        if parameters.get("district"):
            filters.append(
                _("อำเภอ%(name)s")
                % {"name": District.objects.get(pk=parameters["district"]).name_th}
            )
        if parameters.get("club_type"):
            filters.append(_("ประเภท%(type)s") % {"type": ClubType(parameters["club_type"]).label})
        if parameters.get("tier"):
            filters.append(_("ระดับ%(tier)s") % {"tier": Tier(parameters["tier"]).label})
        return {
            "title": self.title(parameters),
            "province": province,
            "fiscal_year": parameters["fiscal_year"],
            "districts": districts,
            "club_count": len(clubs),
            "filters": filters,
        }
