"""The meetings API: read-only, scoped exactly as the pages (``for_user``)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api import ScopedReadOnlyViewSet
from meetings.api.serializers import (
    ActionItemSerializer,
    AgendaItemSerializer,
    AttendanceSerializer,
    CommitteeSerializer,
    MeetingSerializer,
    SearchResultSerializer,
)
from meetings.models import ActionItem, AgendaItem, Attendance, Committee, Meeting
from meetings.selectors import meetings_search


class CommitteeViewSet(ScopedReadOnlyViewSet):
    model = Committee
    serializer_class = CommitteeSerializer
    filterset_fields = ["numbering", "is_active"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("provinces", "programs", "members")


class MeetingViewSet(ScopedReadOnlyViewSet):
    model = Meeting
    serializer_class = MeetingSerializer
    filterset_fields = ["committee", "year", "minutes_status"]

    def get_queryset(self):
        return super().get_queryset().select_related("committee").order_by("-date", "-pk")


class AgendaItemViewSet(ScopedReadOnlyViewSet):
    """Agenda items with their resolutions (มติที่ประชุม)."""

    model = AgendaItem
    serializer_class = AgendaItemSerializer
    filterset_fields = ["meeting", "part"]

    def get_queryset(self):
        return super().get_queryset().order_by("meeting", "part", "sub")


class ActionItemViewSet(ScopedReadOnlyViewSet):
    model = ActionItem
    serializer_class = ActionItemSerializer
    filterset_fields = ["status", "agenda_item__meeting"]

    def get_queryset(self):
        return super().get_queryset().select_related("agenda_item").overdue_first()


class AttendanceViewSet(ScopedReadOnlyViewSet):
    model = Attendance
    serializer_class = AttendanceSerializer
    filterset_fields = ["meeting", "status"]

    def get_queryset(self):
        return super().get_queryset().order_by("meeting", "order", "pk")


class MeetingSearchView(generics.GenericAPIView):
    """Thai search over meetings, agenda items, resolutions and action items."""

    serializer_class = SearchResultSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(
        parameters=[
            # Optional: without a search word the answer is an empty list, not an error.
            OpenApiParameter("q", OpenApiTypes.STR, required=False, description="คำค้น (ภาษาไทย)")
        ],
        responses=SearchResultSerializer(many=True),
    )
    def get(self, request):
        query = request.query_params.get("q", "").strip()
        if not query:
            return Response([])
        try:
            results = meetings_search(user=request.user, query=query[:200])
        except DjangoValidationError as error:
            raise ValidationError(error.messages) from error
        return Response(self.get_serializer(results, many=True).data)
