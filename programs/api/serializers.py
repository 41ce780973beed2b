from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.scoping import Action
from programs.models import (
    Agency,
    Club,
    District,
    GradeBand,
    Indicator,
    IndicatorResult,
    Objective,
    Program,
    ProgramVillage,
    Project,
    Province,
    Subdistrict,
    Tier,
    Village,
    VillagePlanItem,
)


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


def _names_province(user) -> bool:
    """Only administrators say which province a new row belongs to; an officer's rows
    are always of their own province, whatever a request sends (it is ignored)."""
    return bool(user and user.is_authenticated and user.is_administrator)


class IndicatorResultSerializer(serializers.ModelSerializer):
    """A province's figure for one indicator and period. On a change the status is derived
    again (``programs.indicator_status``) and the person who sent it recorded."""

    entered_by = serializers.CharField(source="entered_by.username", read_only=True)
    province = serializers.PrimaryKeyRelatedField(
        queryset=Province.objects.all(),
        required=False,
        help_text=_("ผู้ดูแลระบบระบุจังหวัด เจ้าหน้าที่จังหวัดบันทึกได้เฉพาะจังหวัดของตน"),
    )

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
        fields["province"].queryset = _scoped(user, Province)
        if not _names_province(user):
            fields["province"].read_only = True
        if self.instance is not None:
            for name in ("indicator", "province", "period"):
                fields[name].read_only = True
        return fields


class ClubSerializer(serializers.ModelSerializer):
    """A club with its latest membership and tier (computed in the same query)."""

    province = serializers.PrimaryKeyRelatedField(
        queryset=Province.objects.all(),
        required=False,
        help_text=_("ผู้ดูแลระบบระบุจังหวัด ชมรมของเจ้าหน้าที่จังหวัดอยู่ในจังหวัดของตนเสมอ"),
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
        fields["province"].queryset = _scoped(user, Province)
        fields["district"].queryset = _scoped(user, District)
        fields["subdistrict"].queryset = _scoped(user, Subdistrict)
        if self.instance is not None or not _names_province(user):
            fields["province"].read_only = True
        return fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_latest_tier_label(self, club) -> str:
        tier = getattr(club, "latest_tier", None)
        return str(Tier(tier).label) if tier else ""


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
