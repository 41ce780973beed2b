from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.scoping import Action
from programs.models import (
    Agency,
    ApprovalState,
    Club,
    District,
    GradeBand,
    Indicator,
    IndicatorResult,
    Objective,
    PeriodApproval,
    Program,
    ProgramVillage,
    Project,
    Province,
    Subdistrict,
    Tier,
    Village,
    VillagePlanItem,
)
from thai.dates import MAX_BE_YEAR, MIN_BE_YEAR


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["code", "name_th", "name_en", "region"]


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["code", "name_th", "name_en", "province", "postal_code"]


class ProgramSerializer(serializers.ModelSerializer):
    class Meta:
        model = Program
        fields = [
            "slug",
            "name_th",
            "name_en",
            "short_name",
            "owner_agency",
            "description",
            "start_year",
            "end_year",
            "provinces",
            "is_active",
        ]


# --- Results frameworks ------------------------------------------------------------------


class ObjectiveSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Objective
        fields = ["id", "program", "fiscal_year", "kind", "number", "name", "description"]


class GradeBandSerializer(serializers.ModelSerializer):
    class Meta:
        model = GradeBand
        fields = ["grade", "min_score"]


class IndicatorSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(
        source="objective.program", slug_field="slug", read_only=True
    )
    fiscal_year = serializers.IntegerField(source="objective.fiscal_year", read_only=True)
    grade_bands = GradeBandSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "program",
            "fiscal_year",
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
            "grade_bands",
        ]
        read_only_fields = fields


def _scoped(user, model, action=Action.CHANGE):
    return model.objects.for_user(user, action) if user else model.objects.none()


class ProvinceField(serializers.PrimaryKeyRelatedField):
    """The province a new row belongs to, among those the user may enter data for: an
    officer may send their own or nothing (then their own); another province is refused
    by name, never quietly replaced. Fixed once the row exists."""

    default_error_messages = {
        "does_not_exist": _(
            "ท่านบันทึกข้อมูลได้เฉพาะจังหวัดที่ท่านรับผิดชอบ จังหวัดรหัส {pk_value} ไม่อยู่ในสิทธิ์ของท่าน"
        ),
    }

    def __init__(self, **kwargs):
        super().__init__(queryset=Province.objects.none(), required=False, **kwargs)


class ProvinceScopedSerializer(serializers.ModelSerializer):
    """A row of a province: created in one the user may enter data for, and never moved."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        fields["province"].queryset = _scoped(getattr(request, "user", None), Province)
        if self.instance is not None:
            fields["province"].read_only = True
        return fields

    def validate(self, attrs):
        data = self.initial_data if hasattr(self.initial_data, "get") else {}
        sent = data.get("province") if self.instance is not None else None
        if sent not in (None, "") and str(sent) != str(self.instance.province_id):
            raise serializers.ValidationError({"province": [_("ย้ายรายการที่บันทึกแล้วไปจังหวัดอื่นไม่ได้")]})
        return super().validate(attrs)


class IndicatorResultSerializer(ProvinceScopedSerializer):
    """A province's figure for one indicator and period. On a change the status is derived
    again (``programs.indicator_status``) and the person who sent it recorded."""

    entered_by = serializers.CharField(source="entered_by.username", read_only=True)
    province = ProvinceField(
        help_text=_("ผู้ดูแลระบบระบุจังหวัด เจ้าหน้าที่จังหวัดบันทึกได้เฉพาะจังหวัดของตน"),
    )
    approval_state = serializers.SerializerMethodField(
        help_text=_(
            "สถานะการรับรองของงวด: draft ร่าง, submitted ส่งรับรองแล้ว, approved รับรองแล้ว, "
            "returned ส่งกลับให้แก้ไข, reopened เปิดให้แก้ไขหลังรับรอง "
            "ผลที่ยังไม่ approved คือผลที่ยังไม่ผ่านการรับรอง"
        )
    )
    approved_at = serializers.SerializerMethodField(help_text=_("วันเวลาที่รับรองงวดนี้ล่าสุด"))

    def _approval(self, result) -> tuple[str, object]:
        if hasattr(result, "approval_state"):  # annotated by IndicatorResult.with_approval()
            return result.approval_state, result.approval_at
        indicator = result.indicator
        approval = PeriodApproval.objects.filter(
            program=indicator.objective.program_id, fiscal_year=indicator.objective.fiscal_year,
            frequency=indicator.frequency, province=result.province_id, period=result.period,
        ).first()  # fmt: skip
        if approval is None:
            return ApprovalState.DRAFT.value, None
        return approval.state, approval.approved_at

    @extend_schema_field(serializers.ChoiceField(choices=ApprovalState.choices))
    def get_approval_state(self, result) -> str:
        return self._approval(result)[0]

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_approved_at(self, result):
        approved_at = self._approval(result)[1]
        return serializers.DateTimeField().to_representation(approved_at) if approved_at else None

    class Meta:
        model = IndicatorResult
        fields = [
            "id",
            "indicator",
            "province",
            "period",
            "value",
            "numerator",
            "denominator",
            "status",
            "evidence_note",
            "entered_by",
            "entered_at",
            "approval_state",
            "approved_at",
        ]
        read_only_fields = ["status", "entered_at"]
        extra_kwargs = {"value": {"required": False, "allow_null": True}}
        # One row per indicator, province and period is kept by the service (a second
        # POST updates the row), not refused by a unique-together validator.
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        fields["indicator"].queryset = _scoped(user, Indicator, Action.VIEW)
        if self.instance is not None:
            for name in ("indicator", "period"):
                fields[name].read_only = True
        return fields


class ClubSerializer(ProvinceScopedSerializer):
    """A club with its latest membership and tier (computed in the same query)."""

    province = ProvinceField(
        help_text=_("ผู้ดูแลระบบระบุจังหวัด เจ้าหน้าที่จังหวัดเพิ่มชมรมได้เฉพาะจังหวัดของตน"),
    )
    three_k_complete = serializers.BooleanField(read_only=True)
    latest_membership_year = serializers.IntegerField(read_only=True, allow_null=True)
    latest_members = serializers.IntegerField(read_only=True, allow_null=True)
    latest_target = serializers.IntegerField(read_only=True, allow_null=True)
    latest_coverage = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, allow_null=True
    )
    latest_tier = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("1 ดีเด่น … 6 ยอดเพชร")
    )
    latest_tier_label = serializers.SerializerMethodField()
    latest_tier_year = serializers.IntegerField(read_only=True, allow_null=True)
    latest_tier_consecutive = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Club
        fields = [
            "id",
            "province",
            "district",
            "subdistrict",
            "name",
            "club_type",
            "school_level",
            "host_organisation",
            "founded_on",
            "contact_name",
            "contact_phone",
            "has_friend_corner",
            "has_committee",
            "has_fund",
            "has_activities",
            "three_k_complete",
            "is_active",
            "latest_membership_year",
            "latest_members",
            "latest_target",
            "latest_coverage",
            "latest_tier",
            "latest_tier_label",
            "latest_tier_year",
            "latest_tier_consecutive",
        ]
        # Names are unique per district; the service says so in Thai.
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        fields["district"].queryset = _scoped(user, District)
        fields["subdistrict"].queryset = _scoped(user, Subdistrict)
        return fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_latest_tier_label(self, club) -> str:
        tier = getattr(club, "latest_tier", None)
        return str(Tier(tier).label) if tier else ""


# The columns of ``club_rows``: ``values()`` of ``with_latest_figures``.
CLUB_ROW_COLUMNS = (
    "id", "province_id", "district_id", "subdistrict_id", "name", "club_type", "school_level",
    "host_organisation", "founded_on", "contact_name", "contact_phone", "has_friend_corner",
    "has_committee", "has_fund", "has_activities", "is_active", "latest_membership_year",
    "latest_members", "latest_target", "latest_coverage", "latest_tier", "latest_tier_year",
    "latest_tier_consecutive",
)  # fmt: skip
_DATE = serializers.DateField()
_COVERAGE = ClubSerializer._declared_fields["latest_coverage"]


def club_rows(rows) -> list[dict]:
    """What ``ClubSerializer(many=True)`` answers, from ``values(*CLUB_ROW_COLUMNS)`` rows.

    The API's club list is read far more than anything else it serves: building 50 models
    and running 25 serializer fields over each was most of its time. The tests compare
    this with the serializer's own answer, field by field.
    """
    tiers = {value: str(label) for value, label in Tier.choices}
    return [
        {
            "id": row["id"],
            "province": row["province_id"],
            "district": row["district_id"],
            "subdistrict": row["subdistrict_id"],
            "name": row["name"],
            "club_type": row["club_type"],
            "school_level": row["school_level"],
            "host_organisation": row["host_organisation"],
            "founded_on": _DATE.to_representation(row["founded_on"]),
            "contact_name": row["contact_name"],
            "contact_phone": row["contact_phone"],
            "has_friend_corner": row["has_friend_corner"],
            "has_committee": row["has_committee"],
            "has_fund": row["has_fund"],
            "has_activities": row["has_activities"],
            # Club.three_k_complete
            "three_k_complete": row["has_committee"] and row["has_fund"] and row["has_activities"],
            "is_active": row["is_active"],
            "latest_membership_year": row["latest_membership_year"],
            "latest_members": row["latest_members"],
            "latest_target": row["latest_target"],
            "latest_coverage": None
            if row["latest_coverage"] is None
            else _COVERAGE.to_representation(row["latest_coverage"]),
            "latest_tier": row["latest_tier"],
            "latest_tier_label": tiers.get(row["latest_tier"], ""),
            "latest_tier_year": row["latest_tier_year"],
            "latest_tier_consecutive": row["latest_tier_consecutive"],
        }
        for row in rows
    ]


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "province", "name", "short_name", "is_active"]


class ProjectSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
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


# --- ร้อยใจรักษ์ ------------------------------------------------------------------------------


class VillageSerializer(serializers.ModelSerializer):
    subdistrict_name = serializers.CharField(source="subdistrict.name_th", read_only=True)
    district = serializers.CharField(source="subdistrict.district_id", read_only=True)
    district_name = serializers.CharField(source="subdistrict.district.name_th", read_only=True)
    label = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Village
        fields = [
            "id",
            "number",
            "name_th",
            "label",
            "code",
            "subdistrict",
            "subdistrict_name",
            "district",
            "district_name",
        ]


class VillagePlanItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = VillagePlanItem
        fields = ["id", "measure", "title", "budget", "status"]


class ProgramVillageSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    village = VillageSerializer(read_only=True)
    plan_items = VillagePlanItemSerializer(many=True, read_only=True)

    class Meta:
        model = ProgramVillage
        fields = [
            "id",
            "program",
            "province",
            "village",
            "joined_fiscal_year",
            "vote_result",
            "vote_date",
            "vote_participation",
            "plan_status",
            "plan_status_date",
            "plan_items",
        ]


# --- Sign-off of a period's figures ---------------------------------------------------------

PERIOD_TOKEN = r"^(q[1-4]|m([1-9]|1[0-2])|y)$"


class PeriodTransitionSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=ApprovalState.choices, read_only=True)
    state_label = serializers.CharField(read_only=True)
    by = serializers.CharField(source="by.username", read_only=True, allow_null=True)
    at = serializers.DateTimeField(read_only=True)
    reason = serializers.CharField(read_only=True)
    returned_items = serializers.DictField(
        child=serializers.CharField(), read_only=True, allow_null=True
    )


class PeriodApprovalSerializer(serializers.ModelSerializer):
    """The sign-off of one province's figures of a program for one period. A period with
    no record here was never submitted: its figures are drafts (ยังไม่ผ่านการรับรอง)."""

    program = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    period_token = serializers.SerializerMethodField(
        help_text=_("งวดแบบเดียวกับในที่อยู่หน้าเว็บ: q1–q4 ไตรมาส, m1–m12 เดือน, y ทั้งปี")
    )
    period_label = serializers.SerializerMethodField()
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    returned_items = serializers.DictField(
        child=serializers.CharField(), read_only=True,
        help_text=_("ผลที่ส่งกลับให้แก้ไข: {รหัสตัวชี้วัด (id): เหตุผล}"),
    )  # fmt: skip
    submitted_by = serializers.CharField(
        source="submitted_by.username", read_only=True, allow_null=True
    )
    decided_by = serializers.CharField(
        source="decided_by.username", read_only=True, allow_null=True
    )
    approved_by = serializers.CharField(
        source="approved_by.username", read_only=True, allow_null=True
    )

    class Meta:
        model = PeriodApproval
        fields = [
            "id", "program", "province", "fiscal_year", "frequency", "period", "period_token",
            "period_label", "state", "state_label", "reason", "returned_items", "submitted_by",
            "submitted_at", "decided_by", "decided_at", "approved_by", "approved_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_period_token(self, approval) -> str:
        from programs.selectors.indicators import period_of

        return period_of(approval.frequency, approval.period).token

    @extend_schema_field(OpenApiTypes.STR)
    def get_period_label(self, approval) -> str:
        from thai.fiscal_year import period_label

        return period_label(approval.frequency, approval.period)


class FigureChangeSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(source="indicator_id", read_only=True)
    kind = serializers.ChoiceField(
        choices=["new", "changed", "removed", "same"], read_only=True,
        help_text=_("เทียบกับที่รับรองครั้งล่าสุด: new ใหม่, changed เปลี่ยนแปลง, "
                    "removed ไม่มีผลแล้ว, same ไม่เปลี่ยนแปลง"),
    )  # fmt: skip
    before = serializers.DictField(allow_null=True, read_only=True)
    after = serializers.DictField(allow_null=True, read_only=True)


class PeriodApprovalDetailSerializer(PeriodApprovalSerializer):
    """With every transition (who, when, why) and the figures against the last approval."""

    history = serializers.SerializerMethodField()
    changes = serializers.SerializerMethodField()

    class Meta(PeriodApprovalSerializer.Meta):
        fields = [*PeriodApprovalSerializer.Meta.fields, "history", "changes"]
        read_only_fields = fields

    @extend_schema_field(PeriodTransitionSerializer(many=True))
    def get_history(self, approval):
        from programs.services.approvals import period_transitions

        return PeriodTransitionSerializer(period_transitions(approval), many=True).data

    @extend_schema_field(FigureChangeSerializer(many=True))
    def get_changes(self, approval):
        from programs.services.approvals import period_changes

        return FigureChangeSerializer(period_changes(approval).values(), many=True).data


class PeriodSubmitSerializer(serializers.Serializer):
    """Which period the officer sends: a program's period of one province."""

    program = serializers.CharField(max_length=50, help_text=_("รหัสโครงการ (slug)"))
    province = serializers.CharField(
        max_length=2, required=False,
        help_text=_("รหัสจังหวัด เจ้าหน้าที่จังหวัดไม่ต้องระบุ (จังหวัดของตน)"),
    )  # fmt: skip
    fiscal_year = serializers.IntegerField(
        min_value=MIN_BE_YEAR, max_value=MAX_BE_YEAR, help_text=_("ปีงบประมาณ พ.ศ.")
    )
    period = serializers.RegexField(
        PERIOD_TOKEN, max_length=3,
        help_text=_("q1–q4 ไตรมาส, m1–m12 เดือน (นับจากตุลาคม), y ทั้งปี"),
    )  # fmt: skip


class PeriodReasonSerializer(serializers.Serializer):
    # Blank is the service's to refuse, with its Thai message.
    reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("เหตุผล (จำเป็น)"),
    )


class PeriodReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True,
        help_text=_("เหตุผลที่ส่งกลับ (ภาพรวม) ต้องมีเหตุผลนี้หรือเหตุผลรายตัวชี้วัดอย่างน้อยหนึ่งอย่าง"),
    )  # fmt: skip
    items = serializers.DictField(
        child=serializers.CharField(max_length=500, allow_blank=True), required=False,
        help_text=_("เหตุผลรายตัวชี้วัด: {รหัสตัวชี้วัด (id): เหตุผล}"),
    )  # fmt: skip
