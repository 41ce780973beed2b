"""The evaluations API. Reads are scoped as the pages (``for_user``). Phones write score
sheets and photos here; both are idempotent by the id the phone made."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from core.api import ScopedReadOnlyViewSet
from evaluations.api.serializers import (
    EvaluationRoundSerializer,
    EvidencePhotoSerializer,
    PhotoUploadSerializer,
    RubricSerializer,
    ScoreSheetSerializer,
    SiteResultSerializer,
    SubmissionResultSerializer,
    SubmissionSerializer,
    VisitSerializer,
)
from evaluations.models import (
    Criterion,
    EvaluationRound,
    EvidencePhoto,
    Rubric,
    RubricComponent,
    ScoreSheet,
    SiteResult,
    Visit,
)
from evaluations.services.scoring import SubmitOutcome, evidence_photo_add, score_sheet_submit


class RubricViewSet(ScopedReadOnlyViewSet):
    """Rubrics with their components, criteria (maximum points, guidance) and tier bands."""

    model = Rubric
    serializer_class = RubricSerializer
    filterset_fields = ["program", "fiscal_year", "entity_level", "status"]

    def get_queryset(self):
        components = RubricComponent.objects.prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.select_related("component"))
        )
        return (
            super()
            .get_queryset()
            .select_related("program")
            .prefetch_related(Prefetch("components", queryset=components), "bands")
        )


class EvaluationRoundViewSet(ScopedReadOnlyViewSet):
    model = EvaluationRound
    serializer_class = EvaluationRoundSerializer
    filterset_fields = ["program", "fiscal_year", "stage"]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("program")
            .prefetch_related("rubrics", "evaluators__user")
        )


class VisitViewSet(ScopedReadOnlyViewSet):
    """Visits in itinerary order. An evaluator sees only the visits assigned to them."""

    model = Visit
    serializer_class = VisitSerializer
    filterset_fields = ["round", "level", "province"]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("club", "district", "province")
            .prefetch_related("assignments")
            .order_by("scheduled_at", "order")
        )


class SubmissionViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Score sheets. POST is what phones call: the same ``client_id`` twice answers 200 with
    the sheet already stored and creates nothing."""

    model = ScoreSheet
    serializer_class = ScoreSheetSerializer
    # ``scores`` is a list of objects, which a form cannot carry; the phones send JSON.
    parser_classes = [JSONParser]
    filterset_fields = ["visit", "evaluator"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("scores").order_by("pk")

    @extend_schema(
        request=SubmissionSerializer,
        responses={201: SubmissionResultSerializer, 200: SubmissionResultSerializer},
    )
    def create(self, request, *args, **kwargs):
        incoming = SubmissionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        user = request.user
        visible = Visit.objects.for_user(user)
        # An evaluator sees exactly the visits they are assigned to (or chair): the
        # service finds, and locks, that assignment with the visit, so looking the visit
        # up here first would be one more query per sheet. Any other role is looked up.
        visit = data["visit"] if user.is_evaluator else get_object_or_404(visible, pk=data["visit"])
        # A refusal of the service answers 400 or 403 (core.api.exception_handler).
        try:
            sheet, outcome = score_sheet_submit(
                visit=visit,
                evaluator=user,
                client_id=data["client_id"],
                rubric_id=data["rubric"],
                scores={score["criterion"]: score["points"] for score in data["scores"]},
                strengths=data["strengths"],
                improvements=data["improvements"],
                edited_at=data["edited_at"],
            )
        except PermissionDenied:
            # Not assigned: 404 for a visit they cannot see, so its existence does not leak.
            get_object_or_404(visible, pk=data["visit"])
            raise
        # The sheet comes with its scores, for both the list and the total.
        body = {"outcome": outcome.value, "sheet": ScoreSheetSerializer(sheet).data}
        created = outcome is SubmitOutcome.APPLIED
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class EvidencePhotoViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Photos from the site (capture time and place kept; the file is re-encoded)."""

    model = EvidencePhoto
    serializer_class = EvidencePhotoSerializer
    # A file travels in multipart only; a urlencoded form cannot carry it.
    parser_classes = [MultiPartParser]
    filterset_fields = ["visit", "evaluator"]
    lookup_field = "client_id"

    def get_queryset(self):
        return super().get_queryset().order_by("uploaded_at")

    @extend_schema(request=PhotoUploadSerializer, responses={201: EvidencePhotoSerializer})
    def create(self, request, *args, **kwargs):
        incoming = PhotoUploadSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        visit = get_object_or_404(Visit.objects.for_user(request.user), pk=data["visit"])
        photo, written = evidence_photo_add(
            visit=visit,
            evaluator=request.user,
            client_id=data["client_id"],
            upload=data["image"],
            criterion_id=data["criterion"],
            caption=data["caption"],
            taken_at=data["taken_at"],
            latitude=data["latitude"],
            longitude=data["longitude"],
        )
        return Response(
            EvidencePhotoSerializer(photo).data,
            status=status.HTTP_201_CREATED if written else status.HTTP_200_OK,
        )


class SiteResultViewSet(ScopedReadOnlyViewSet):
    """Finalised (and open) results of sites."""

    model = SiteResult
    serializer_class = SiteResultSerializer
    filterset_fields = ["visit__round", "status"]
    lookup_field = "visit"

    def get_queryset(self):
        return super().get_queryset().order_by("visit__round", "visit__order")
