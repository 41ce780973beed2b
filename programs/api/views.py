"""The REST API of the programs app. Every queryset goes through ``for_user`` (the same
scoping as the pages); writes go through the same services as the pages."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from core.api import ScopedChangeMixin, ScopedReadOnlyViewSet
from core.scoping import Action
from programs.api import filters
from programs.api.serializers import (
    CLUB_ROW_COLUMNS,
    AgencySerializer,
    ClubSerializer,
    DistrictSerializer,
    IndicatorResultSerializer,
    IndicatorSerializer,
    ObjectiveSerializer,
    PeriodApprovalDetailSerializer,
    PeriodApprovalSerializer,
    PeriodReasonSerializer,
    PeriodReturnSerializer,
    PeriodSubmitSerializer,
    ProgramSerializer,
    ProgramVillageSerializer,
    ProjectSerializer,
    ProvinceSerializer,
    club_rows,
)
from programs.models import (
    Agency,
    Club,
    District,
    Indicator,
    IndicatorResult,
    Objective,
    PeriodApproval,
    Program,
    ProgramVillage,
    Project,
    Province,
    VillagePlanItem,
)
from programs.selectors.clubs import with_latest_figures
from programs.selectors.indicators import ReportingPeriod, runs_program
from programs.services.approvals import (
    PeriodKey,
    period_approval_approve,
    period_approval_reopen,
    period_approval_return,
    period_approval_submit,
)
from programs.services.clubs import CLUB_FIELDS, club_create, club_update
from programs.services.indicators import SaveOutcome, indicator_result_save_counted


class ProvinceViewSet(ScopedReadOnlyViewSet):
    model = Province
    serializer_class = ProvinceSerializer
    lookup_field = "code"
    filterset_fields = ["region"]


class DistrictViewSet(ScopedReadOnlyViewSet):
    model = District
    serializer_class = DistrictSerializer
    lookup_field = "code"
    filterset_fields = ["province"]

    def get_queryset(self):
        return super().get_queryset().order_by("code")


class ProgramViewSet(viewsets.ReadOnlyModelViewSet):
    """Programs are reference data every signed-in user reads."""

    queryset = Program.objects.prefetch_related("provinces")
    serializer_class = ProgramSerializer
    lookup_field = "slug"
    filterset_fields = ["is_active"]


class ObjectiveViewSet(viewsets.ReadOnlyModelViewSet):
    """Strategies, objectives and measures of programs' results frameworks per fiscal year.

    Like programs, reference data every signed-in user reads.
    """

    queryset = Objective.objects.select_related("program").order_by(
        "program_id", "fiscal_year", "number"
    )
    serializer_class = ObjectiveSerializer
    filterset_class = filters.ObjectiveFilter


class IndicatorViewSet(ScopedReadOnlyViewSet):
    """Indicators shared by every province of a program, and the user's province's own."""

    model = Indicator
    serializer_class = IndicatorSerializer
    filterset_class = filters.IndicatorFilter

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("objective__program")
            .prefetch_related("grade_bands", "co_agencies")
            .order_by("objective__program_id", "objective__fiscal_year", "objective__number",
                      "order", "code", "pk")
        )  # fmt: skip


class AgencyViewSet(ScopedReadOnlyViewSet):
    model = Agency
    serializer_class = AgencySerializer
    filterset_class = filters.AgencyFilter

    def get_queryset(self):
        return super().get_queryset().order_by("province_id", "name")


class ProjectViewSet(ScopedReadOnlyViewSet):
    model = Project
    serializer_class = ProjectSerializer
    filterset_class = filters.ProjectFilter

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("program")
            .order_by("province_id", "-fiscal_year", "program_id", "name", "pk")
        )


class ProgramVillageViewSet(ScopedReadOnlyViewSet):
    """ร้อยใจรักษ์ villages with their community vote, plan status and plan items."""

    model = ProgramVillage
    serializer_class = ProgramVillageSerializer
    filterset_class = filters.ProgramVillageFilter

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("program", "village__subdistrict__district")
            .prefetch_related(
                Prefetch("plan_items", queryset=VillagePlanItem.objects.order_by("measure", "pk"))
            )
            .order_by("province_id", "village__subdistrict_id", "village__number", "pk")
        )


# --- Writable endpoints --------------------------------------------------------------------


class CanEnterDataOrReadOnly(permissions.BasePermission):
    """Reading is for everyone signed in; changing for officers and administrators only.

    Which rows: the view's queryset (``for_user``) answers 404 outside the user's scope.
    """

    message = _("บทบาทของคุณอ่านข้อมูลได้อย่างเดียว")

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or request.user.can_enter_data


class ScopedWritableViewSet(
    ScopedChangeMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedReadOnlyViewSet,
):
    """List, read, create (POST) and change (PATCH); no PUT, no DELETE."""

    model = None
    permission_classes = [permissions.IsAuthenticated, CanEnterDataOrReadOnly]
    http_method_names = ["get", "post", "patch", "head", "options"]
    # JSON only: a form has no null, so it cannot clear a figure or a subdistrict.
    parser_classes = [JSONParser]

    def province_for_create(self, serializer) -> Province:
        """The province sent (the serializer has refused one outside the user's), or an
        officer's own when none was; an administrator must name one."""
        user = self.request.user
        province = serializer.validated_data.get("province")
        if province is None and not user.is_administrator:
            return user.province
        if province is None:
            raise serializers.ValidationError({"province": [_("กรุณาระบุจังหวัด")]})
        return province


@extend_schema_view(
    create=extend_schema(summary="เพิ่มชมรมในจังหวัดของผู้ใช้"),
    partial_update=extend_schema(summary="แก้ไขข้อมูลชมรม"),
)
class ClubViewSet(ScopedWritableViewSet):
    """TO BE NUMBER ONE clubs with their latest membership and tier.

    ``tier`` filters on the latest tier; ``search`` matches Thai text as typed.
    """

    model = Club
    serializer_class = ClubSerializer
    filterset_class = filters.ClubFilter

    def get_queryset(self):
        # The latest figures are subqueries of the same query: no query per club.
        return with_latest_figures(
            super().get_queryset().order_by("province_id", "district_id", "name", "pk")
        )

    def list(self, request, *args, **kwargs):
        # Plain rows, not models through the serializer: the same JSON (club_rows).
        queryset = self.filter_queryset(self.get_queryset()).values(*CLUB_ROW_COLUMNS)
        page = self.paginate_queryset(queryset)
        if page is None:
            return Response(club_rows(queryset))
        return self.get_paginated_response(club_rows(page))

    def perform_create(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k in CLUB_FIELDS}
        for name in ("district", "name", "club_type"):
            if name not in data:
                raise serializers.ValidationError({name: [_("กรุณากรอกข้อมูลนี้")]})
        club = club_create(province=self.province_for_create(serializer), **data)
        serializer.instance = self.get_queryset().get(pk=club.pk)

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k in CLUB_FIELDS}
        club = club_update(club=serializer.instance, **data)
        serializer.instance = self.get_queryset().get(pk=club.pk)


FIGURES = ("value", "numerator", "denominator")


@extend_schema_view(
    create=extend_schema(
        summary="บันทึกผลตัวชี้วัดของงวด",
        description=(
            "หนึ่งแถวต่อตัวชี้วัด จังหวัด และงวด: ส่งซ้ำงวดเดิมเป็นการแก้ไข (ตอบ 200) "
            "แถวใหม่ตอบ 201 สถานะคำนวณจากค่าเป้าหมายและทิศทางของตัวชี้วัด"
        ),
        responses={201: IndicatorResultSerializer, 200: IndicatorResultSerializer},
    ),
    partial_update=extend_schema(summary="แก้ไขผลตัวชี้วัด"),
)
class IndicatorResultViewSet(ScopedWritableViewSet):
    model = IndicatorResult
    serializer_class = IndicatorResultSerializer
    filterset_class = filters.IndicatorResultFilter

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("entered_by")
            .with_approval()
            .order_by("indicator_id", "province_id", "period", "pk")
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        indicator, province = data["indicator"], self.province_for_create(serializer)
        if indicator.province_id is None and not runs_program(
            program=indicator.objective.program, province=province
        ):
            raise serializers.ValidationError(
                {"indicator": [_("โครงการของตัวชี้วัดนี้ไม่ได้ดำเนินการในจังหวัดนี้")]}
            )
        result, outcome = self._save(
            indicator=indicator,
            province=province,
            period=data["period"],
            figures={name: data.get(name) for name in FIGURES},
            evidence_note=data.get("evidence_note", ""),
        )
        created = outcome is SaveOutcome.CREATED
        return Response(
            self.get_serializer(result).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    def perform_update(self, serializer):
        result, data = serializer.instance, serializer.validated_data
        # The figures are replaced together; without any, the recorded ones stay.
        if any(name in data for name in FIGURES):
            figures = {name: data.get(name) for name in FIGURES}
        else:
            figures = {name: getattr(result, name) for name in FIGURES}
        serializer.instance, _outcome = self._save(
            indicator=result.indicator,
            province=result.province,
            period=result.period,
            figures=figures,
            evidence_note=data.get("evidence_note", result.evidence_note),
        )

    def _save(self, *, figures, **fields):
        return indicator_result_save_counted(**fields, **figures, entered_by=self.request.user)


# --- Sign-off of a period's figures --------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="สถานะการรับรองผลรายงวด",
        description=(
            "หนึ่งรายการต่อโครงการ จังหวัด ปีงบประมาณ และงวดที่เคยส่งรับรอง "
            "งวดที่ไม่มีรายการคือร่างที่ยังไม่ผ่านการรับรอง"
        ),
    ),
    retrieve=extend_schema(summary="การรับรองผลของงวด พร้อมประวัติและสิ่งที่เปลี่ยนจากที่รับรองครั้งล่าสุด"),
)
class PeriodApprovalViewSet(ScopedReadOnlyViewSet):
    """The sign-off of a province's figures, one period at a time (as on the pages): the
    officer submits; the province's approver (``User.is_approver``) approves the whole
    period, returns it with a reason, or reopens an approved one with a reason.

    A period of a province outside the user's scope is 404; a user who sees it but may not
    make the change 403; a change its state does not allow 400, with the reason in Thai.
    """

    model = PeriodApproval
    serializer_class = PeriodApprovalSerializer
    filterset_class = filters.PeriodApprovalFilter
    parser_classes = [JSONParser]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("program", "submitted_by", "decided_by", "approved_by")
            .order_by("program_id", "province_id", "-fiscal_year", "frequency", "period", "pk")
        )

    def get_serializer_class(self):
        if self.action == "list":
            return PeriodApprovalSerializer
        return PeriodApprovalDetailSerializer

    def _answer(self, approval, status_code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=approval.pk)
        return Response(PeriodApprovalDetailSerializer(fresh).data, status=status_code)

    @extend_schema(
        summary="ส่งผลของงวดให้ผู้รับรองของจังหวัด",
        description="ส่งได้เมื่องวดเป็นร่าง ถูกส่งกลับ หรือเปิดให้แก้ไข ระหว่างรอพิจารณาแก้ไขผลไม่ได้",
        request=PeriodSubmitSerializer,
        responses={200: PeriodApprovalDetailSerializer},
    )
    @action(detail=False, methods=["post"])
    def submit(self, request, *args, **kwargs):
        data = PeriodSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        data = data.validated_data
        user = request.user
        if user.is_evaluator:
            raise NotFound  # evaluators read no province's results
        program = get_object_or_404(Program, slug=data["program"])
        code = data.get("province") or user.province_id
        if not code:
            raise serializers.ValidationError({"province": [_("กรุณาระบุจังหวัด")]})
        province = get_object_or_404(Province.objects.for_user(user, Action.VIEW), pk=code)
        period = ReportingPeriod.parse(data["period"])
        key = PeriodKey(program, province, data["fiscal_year"], period.frequency, period.number)
        return self._answer(period_approval_submit(key=key, submitted_by=user))

    @extend_schema(
        summary="รับรองผลทั้งงวด",
        description="เฉพาะผู้รับรองของจังหวัด และเฉพาะงวดที่ส่งรับรองแล้ว ผลที่รับรองแล้วแก้ไขไม่ได้",
        request=None,
        responses={200: PeriodApprovalDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, *args, **kwargs):
        approval = period_approval_approve(approval=self.get_object(), approved_by=request.user)
        return self._answer(approval)

    @extend_schema(
        summary="ส่งผลของงวดกลับให้แก้ไข พร้อมเหตุผล",
        request=PeriodReturnSerializer,
        responses={200: PeriodApprovalDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, *args, **kwargs):
        approval = self.get_object()
        data = PeriodReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        approval = period_approval_return(
            approval=approval, returned_by=request.user,
            reason=data.validated_data.get("reason", ""),
            items=data.validated_data.get("items") or {},
        )  # fmt: skip
        return self._answer(approval)

    @extend_schema(
        summary="เปิดให้แก้ไขผลที่รับรองแล้ว พร้อมเหตุผล",
        description="ต้องส่งรับรองและรับรองใหม่ ผลที่รับรองไว้ครั้งล่าสุดยังเก็บไว้เพื่อเทียบ",
        request=PeriodReasonSerializer,
        responses={200: PeriodApprovalDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, *args, **kwargs):
        approval = self.get_object()
        data = PeriodReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        approval = period_approval_reopen(
            approval=approval, reopened_by=request.user, reason=data.validated_data["reason"]
        )
        return self._answer(approval)
