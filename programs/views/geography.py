from django.db.models import Count
from django.views.generic import DetailView, ListView

from core.views import ScopedViewMixin
from programs.models import Program, Province, Region


class ProvinceListView(ScopedViewMixin, ListView):
    model = Province
    template_name = "programs/province_list.html"

    def get_queryset(self):
        queryset = super().get_queryset().annotate(n_districts=Count("districts"))
        region = self.request.GET.get("region")
        return queryset.filter(region=region) if region in Region.values else queryset

    def get_context_data(self, **kwargs):
        return super().get_context_data(regions=Region.choices, **kwargs)


class ProvinceDetailView(ScopedViewMixin, DetailView):
    model = Province
    template_name = "programs/province_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["districts"] = self.object.districts.annotate(n_subdistricts=Count("subdistricts"))
        context["programs"] = Program.objects.active().operating_in(self.object)
        return context


class ProgramListView(ScopedViewMixin, ListView):
    model = Program
    template_name = "programs/program_list.html"

    def get_queryset(self):
        # Programs are reference data every signed-in user may read.
        return Program.objects.prefetch_related("provinces")


class ProgramDetailView(ScopedViewMixin, DetailView):
    model = Program
    template_name = "programs/program_detail.html"
    slug_field = "slug"

    def get_queryset(self):
        return Program.objects.prefetch_related("provinces")
