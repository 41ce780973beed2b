"""Open action items and search."""

from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import ListView, TemplateView

from meetings.forms import SearchForm
from meetings.selectors import (
    meetings_search,
    open_action_items,
    provinces_with_committees,
)
from meetings.views.base import url_of_each
from programs.models import Province

# --- Open action items, search ---------------------------------------------------------


class OpenActionItemsView(LoginRequiredMixin, ListView):
    """Open action items of a province, overdue first."""

    template_name = "meetings/action_item_list.html"
    paginate_by = 50

    def get_queryset(self):
        user = self.request.user
        self.provinces = provinces_with_committees(user=user)
        code = self.request.GET.get("province", "")
        if not user.is_national:
            code = user.province_id or ""
        self.province = self.provinces.filter(pk=code).first() if code else None
        return open_action_items(
            user=user, province_code=self.province.pk if self.province else None
        ).prefetch_related("updates__updated_by")

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(
            province=self.province,
            provinces=self.provinces if user.is_national else Province.objects.none(),
            can_update=user.can_enter_data,
            query=urlencode({"province": self.province.pk}) if self.province else "",
            **kwargs,
        )
        # URLs reversed once and ids made strings once for the page's 50 items.
        meeting_url = url_of_each("meetings:meeting_detail")
        status_form_url = url_of_each("meetings:action_status_form")
        back = "?" + urlencode({"next": self.request.get_full_path()})
        for action in context["object_list"]:
            action.key = str(action.pk)
            action.overdue = action.is_overdue  # asked up to three times per item
            action.urls = {
                "meeting": meeting_url(action.agenda_item.meeting_id),
                "status_form": status_form_url(action.pk) + back,
            }
        return context


class SearchView(LoginRequiredMixin, TemplateView):
    template_name = "meetings/search.html"

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET or None)
        results = []
        if form.is_valid() and form.cleaned_data["q"]:
            results = meetings_search(user=self.request.user, query=form.cleaned_data["q"])
        return super().get_context_data(form=form, results=results, **kwargs)
