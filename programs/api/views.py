from rest_framework import viewsets

from accounts.scoping import Action
from programs.api.serializers import DistrictSerializer, ProgramSerializer, ProvinceSerializer
from programs.models import District, Program, Province


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Reads through the same ``for_user`` scoping as the pages."""

    model = None

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user, Action.VIEW)


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
