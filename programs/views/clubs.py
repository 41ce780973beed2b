"""TO BE NUMBER ONE clubs: list, export, detail, create and edit; yearly membership,
tiers and contest entries of clubs, districts and provinces; import from Excel/CSV.

Scoping: what a user reads comes through ``for_user``; an object outside it answers
404, a read-only user (executive, evaluator) who asks to change something 403.
"""

import io

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView, UpdateView

from audit.history import history_entries
from core.forms import add_service_errors
from core.registry import build_panels
from core.row_urls import row_url
from core.scoping import Action, scoped_object
from core.views import ImportPreviewMixin, ScopedViewMixin
from programs.club_table import CLUB_TABLE_FIELDS, choice_labels, club_table_rows
from programs.exports import FORMATS, ExportTooLarge, export_response
from programs.filters.clubs import ClubFilter, CompetitionFilter
from programs.forms.clubs import (
    ClubForm,
    ClubImportForm,
    ClubMembershipForm,
    CompetitionContestEntryForm,
    CompetitionTierAwardForm,
    ContestEntryForm,
    ProvinceChoiceForm,
    TierAwardForm,
)
from programs.imports.clubs import club_import, club_import_template, template_columns
from programs.models import (
    Club,
    ClubMembership,
    ClubType,
    ContestEntry,
    EntityLevel,
    Province,
    SchoolLevel,
    Tier,
    TierAward,
)
from programs.panels import club_panels
from programs.selectors.clubs import (
    club_contest_entries,
    club_list,
    club_memberships,
    club_tier_awards,
    competition_contest_entries,
    competition_tier_awards,
)
from programs.services.clubs import (
    club_create,
    club_membership_create,
    club_membership_update,
    club_update,
    contest_entry_create,
    contest_entry_update,
    tier_award_create,
    tier_award_update,
)

PAGE_SIZE = 50
EXPORT_CHUNK_ROWS = 2000
MAX_ERRORS_SHOWN = 500


def _query_without_page(request, *page_parameters: str) -> str:
    query = request.GET.copy()
    for name in page_parameters or ("page",):
        query.pop(name, None)
    return query.urlencode()


# --- The list and its export ---------------------------------------------------------


class ClubListView(ScopedViewMixin, ListView):
    model = Club
    template_name = "programs/club_list.html"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        user = self.request.user
        self.filterset = ClubFilter(
            self.request.GET or None, queryset=club_list(user=user), user=user
        )
        return self.filterset.qs

    def paginate_queryset(self, queryset, page_size):
        # Rows of plain values for the table (programs.club_table), not model instances.
        return super().paginate_queryset(queryset.values(*CLUB_TABLE_FIELDS), page_size)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        page.object_list = list(page.object_list)
        context["object_list"] = context["club_list"] = page.object_list
        context["club_rows"] = club_table_rows(
            page.object_list,
            national=self.request.user.is_national,
            detail_url=row_url("programs:club_detail"),
        )
        query = _query_without_page(self.request)
        context.update(
            filterset=self.filterset,
            query=query,
            can_change=self.request.user.can_enter_data,
            filtered=any(v for k, v in self.request.GET.items() if k != "page"),
            filters_in_use=any(v for k, v in self.request.GET.items() if k not in ("page", "q")),
        )
        return context


# What the export reads of each club: plain values, not model instances (50,000 clubs
# with their province, district and subdistrict were 200,000 objects to build).
EXPORT_FIELDS = [
    "province_id", "province__name_th", "district_id", "district__name_th", "subdistrict_id",
    "subdistrict__name_th", "name", "club_type", "school_level", "host_organisation",
    "founded_on", "contact_name", "contact_phone", "has_friend_corner", "has_committee",
    "has_fund", "has_activities", "is_active", "latest_membership_year",
    "latest_members", "latest_target", "latest_coverage", "latest_tier", "latest_tier_year",
    "latest_tier_consecutive",
]  # fmt: skip


def export_columns() -> list:
    """The export's columns, for rows of ``EXPORT_FIELDS``: the import's headers first, so
    that an exported file imports back.

    Labels are translated once here, not once per cell: 50,000 clubs × 26 columns of
    gettext calls took most of an administrator's export.
    """
    club_types, school_levels = choice_labels(ClubType), choice_labels(SchoolLevel)
    tiers = choice_labels(Tier)
    has, has_not = _("มี"), _("ไม่มี")
    yes, no = _("ใช่"), _("ไม่ใช่")
    return [
        (_("รหัสจังหวัด"), lambda c: c["province_id"]),
        (_("จังหวัด"), lambda c: c["province__name_th"]),
        (_("รหัสอำเภอ"), lambda c: c["district_id"]),
        (_("อำเภอ"), lambda c: c["district__name_th"]),
        (_("รหัสตำบล"), lambda c: c["subdistrict_id"] or ""),
        (_("ตำบล"), lambda c: c["subdistrict__name_th"] or ""),
        (_("ชื่อชมรม"), lambda c: c["name"]),
        (_("ประเภท"), lambda c: club_types.get(c["club_type"], c["club_type"])),
        (_("ระดับสถานศึกษา"), lambda c: school_levels.get(c["school_level"], "")),
        (_("หน่วยงานที่ตั้ง"), lambda c: c["host_organisation"]),
        (_("วันที่ก่อตั้ง"), lambda c: c["founded_on"]),
        (_("ผู้ประสานงาน"), lambda c: c["contact_name"]),
        (_("โทรศัพท์"), lambda c: c["contact_phone"]),
        (_("ศูนย์เพื่อนใจ"), lambda c: has if c["has_friend_corner"] else has_not),
        (_("กรรมการ"), lambda c: has if c["has_committee"] else has_not),
        (_("กองทุน"), lambda c: has if c["has_fund"] else has_not),
        (_("กิจกรรม"), lambda c: has if c["has_activities"] else has_not),
        # 3 ก. (Club.three_k_complete): committee, fund and activities.
        (
            _("3 ก. ครบ"),
            lambda c: yes if c["has_committee"] and c["has_fund"] and c["has_activities"] else no,
        ),
        (_("ดำเนินการอยู่"), lambda c: yes if c["is_active"] else no),
        (_("ปีงบประมาณ"), lambda c: c["latest_membership_year"]),
        (_("จำนวนสมาชิก (คน)"), lambda c: c["latest_members"]),
        (_("จำนวนกลุ่มเป้าหมาย (คน)"), lambda c: c["latest_target"]),
        (_("ร้อยละความครอบคลุม"), lambda c: c["latest_coverage"]),
        (_("ระดับมาตรฐานล่าสุด"), lambda c: tiers.get(c["latest_tier"], "")),
        (_("ปีที่ได้ระดับ"), lambda c: c["latest_tier_year"]),
        (_("รักษามาตรฐานปีที่"), lambda c: c["latest_tier_consecutive"]),
    ]


class ClubExportView(LoginRequiredMixin, View):
    """The club list as filtered on screen, in Excel or CSV, in the user's scope, streamed
    (``programs.exports``): every club the list finds, up to what a sheet holds."""

    def get(self, request):
        file_format = request.GET.get("format", "xlsx")
        if file_format not in FORMATS:
            return HttpResponseBadRequest(_("รูปแบบไฟล์ต้องเป็น xlsx หรือ csv"))
        clubs = club_list(user=request.user, filters=request.GET).values(*EXPORT_FIELDS)
        stamp = timezone.localdate().strftime("%Y%m%d")
        try:
            return export_response(
                rows=clubs.iterator(chunk_size=EXPORT_CHUNK_ROWS),
                columns=export_columns(),
                file_format=file_format,
                filename=f"clubs-{stamp}",
                sheet_title=_("ชมรม"),
            )
        except ExportTooLarge as error:
            messages.warning(request, error.message)
            query = request.GET.copy()
            query.pop("format", None)
            return redirect(f"{reverse('programs:club_list')}?{query.urlencode()}")


# --- One club -------------------------------------------------------------------------


class ClubDetailView(ScopedViewMixin, DetailView):
    model = Club
    template_name = "programs/club_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("province", "district", "subdistrict")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        club = self.object
        context.update(
            memberships=club_memberships(club=club),
            tier_awards=club_tier_awards(club=club),
            panels=build_panels(club_panels, club=club, user=self.request.user),
            contest_entries=club_contest_entries(club=club),
            history=history_entries(club),
            can_change=Club.objects.for_user(self.request.user, Action.CHANGE)
            .filter(pk=club.pk)
            .exists(),
        )
        return context


class DataEntryMixin(LoginRequiredMixin):
    """Creating: read-only roles get 403; an officer works in their own province, an
    administrator picks one (``?province=``) before the form."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.can_enter_data:
            raise PermissionDenied
        self.province = self._target_province()
        return super().dispatch(request, *args, **kwargs)

    def _target_province(self) -> Province | None:
        user = self.request.user
        if not user.is_administrator:
            return user.province  # never a province from the request
        code = self.request.GET.get("province")
        if not code:
            return None
        return Province.objects.for_user(user, Action.CHANGE).filter(pk=code).first()

    def province_choice(self):
        """The page an administrator sees before choosing the province."""
        form = ProvinceChoiceForm(
            provinces=Province.objects.for_user(self.request.user, Action.CHANGE)
        )
        return self.response_class(
            request=self.request,
            template=["programs/club_province_choice.html"],
            context={"form": form, "title": self.title, "view": self},
        )


class ClubCreateView(DataEntryMixin, FormView):
    form_class = ClubForm
    template_name = "programs/club_form.html"
    title = gettext_lazy("เพิ่มชมรม TO BE NUMBER ONE")

    def get(self, request, *args, **kwargs):
        return self.province_choice() if self.province is None else super().get(request)

    def post(self, request, *args, **kwargs):
        return self.province_choice() if self.province is None else super().post(request)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "province": self.province}

    def form_valid(self, form):
        try:
            club = club_create(province=self.province, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("เพิ่มชมรม “%(name)s” แล้ว") % {"name": club.name})
        return redirect("programs:club_detail", pk=club.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, province=self.province, **kwargs)


class ClubUpdateView(ScopedViewMixin, UpdateView):
    model = Club
    form_class = ClubForm
    template_name = "programs/club_form.html"
    action = Action.CHANGE

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "province": self.object.province}

    def form_valid(self, form):
        try:
            club_update(club=self.object, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("บันทึกการแก้ไขชมรมแล้ว"))
        return redirect("programs:club_detail", pk=self.object.pk)

    def get_context_data(self, **kwargs):
        title = _("แก้ไขชมรม")
        return super().get_context_data(
            title=title, province=self.object.province, club=self.object, **kwargs
        )


# --- Records of a club: membership per year, tiers, contest entries -------------------


class ClubRecordCreateMixin(LoginRequiredMixin):
    """Adding a record to a club: 404 outside the user's scope, 403 for read-only roles."""

    template_name = "programs/club_record_form.html"
    title = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.club = scoped_object(
            Club.objects.select_related("province"), request.user, Action.CHANGE, pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            self.save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("บันทึกแล้ว"))
        return redirect("programs:club_detail", pk=self.club.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, club=self.club, **kwargs)


class ClubMembershipCreateView(ClubRecordCreateMixin, FormView):
    form_class = ClubMembershipForm
    title = gettext_lazy("เพิ่มจำนวนสมาชิกรายปี")

    def save(self, data):
        club_membership_create(club=self.club, **data)


class ClubTierAwardCreateView(ClubRecordCreateMixin, FormView):
    form_class = TierAwardForm
    title = gettext_lazy("เพิ่มระดับมาตรฐานของชมรม")

    def save(self, data):
        tier_award_create(level=EntityLevel.CLUB, club=self.club, **data)


class ClubContestEntryCreateView(ClubRecordCreateMixin, FormView):
    form_class = ContestEntryForm
    title = gettext_lazy("เพิ่มผลการประกวดของชมรม")

    def save(self, data):
        contest_entry_create(level=EntityLevel.CLUB, club=self.club, **data)


class RecordUpdateView(ScopedViewMixin, UpdateView):
    """Editing a membership, tier award or contest entry: back to where it belongs."""

    template_name = "programs/club_record_form.html"
    action = Action.CHANGE
    title = ""

    def form_valid(self, form):
        try:
            self.save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("บันทึกการแก้ไขแล้ว"))
        return redirect(self.back_url())

    def back_url(self) -> str:
        club_id = getattr(self.object, "club_id", None)
        if club_id:
            return reverse("programs:club_detail", args=[club_id])
        return reverse("programs:competition_list")

    def get_context_data(self, **kwargs):
        club = getattr(self.object, "club", None)
        return super().get_context_data(
            title=self.title,
            club=club,
            back_url=self.back_url(),
            history=history_entries(self.object),
            **kwargs,
        )


class ClubMembershipUpdateView(RecordUpdateView):
    model = ClubMembership
    form_class = ClubMembershipForm
    title = gettext_lazy("แก้ไขจำนวนสมาชิกรายปี")

    def save(self, data):
        club_membership_update(membership=self.object, **data)


class TierAwardUpdateView(RecordUpdateView):
    model = TierAward
    title = gettext_lazy("แก้ไขระดับมาตรฐาน")

    def get_queryset(self):
        return super().get_queryset().select_related("club", "province", "district")

    def get_form_class(self):
        return TierAwardForm if self.object.level == EntityLevel.CLUB else CompetitionTierAwardForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.object.level != EntityLevel.CLUB:
            kwargs["province"] = self.object.province
        return kwargs

    def save(self, data):
        tier_award_update(award=self.object, **data)


class ContestEntryUpdateView(RecordUpdateView):
    model = ContestEntry
    title = gettext_lazy("แก้ไขผลการประกวด")

    def get_queryset(self):
        return super().get_queryset().select_related("club", "province", "district")

    def get_form_class(self):
        if self.object.level == EntityLevel.CLUB:
            return ContestEntryForm
        return CompetitionContestEntryForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.object.level != EntityLevel.CLUB:
            kwargs["province"] = self.object.province
        return kwargs

    def save(self, data):
        contest_entry_update(entry=self.object, **data)


# --- Districts and provinces compete too ---------------------------------------------


class CompetitionListView(LoginRequiredMixin, TemplateView):
    """Tier awards and contest entries of districts and provinces in the user's scope."""

    template_name = "programs/competition_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        data = self.request.GET or None
        tiers = CompetitionFilter(data, queryset=competition_tier_awards(user=user), user=user)
        contests = CompetitionFilter(
            data, queryset=competition_contest_entries(user=user), user=user
        )
        tier_page = Paginator(tiers.qs, PAGE_SIZE).get_page(self.request.GET.get("tier_page"))
        contest_page = Paginator(contests.qs, PAGE_SIZE).get_page(
            self.request.GET.get("contest_page")
        )
        return super().get_context_data(
            filterset=tiers,
            tier_page=tier_page,
            contest_page=contest_page,
            tier_query=_query_without_page(self.request, "tier_page"),
            contest_query=_query_without_page(self.request, "contest_page"),
            can_change=user.can_enter_data,
            **kwargs,
        )


class CompetitionRecordCreateView(DataEntryMixin, FormView):
    template_name = "programs/competition_form.html"

    def get(self, request, *args, **kwargs):
        return self.province_choice() if self.province is None else super().get(request)

    def post(self, request, *args, **kwargs):
        return self.province_choice() if self.province is None else super().post(request)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "province": self.province}

    def form_valid(self, form):
        try:
            self.save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("บันทึกแล้ว"))
        return redirect("programs:competition_list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, province=self.province, **kwargs)


class CompetitionTierAwardCreateView(CompetitionRecordCreateView):
    form_class = CompetitionTierAwardForm
    title = gettext_lazy("เพิ่มระดับมาตรฐานของอำเภอหรือจังหวัด")

    def save(self, data):
        tier_award_create(province=self.province, **data)


class CompetitionContestEntryCreateView(CompetitionRecordCreateView):
    form_class = CompetitionContestEntryForm
    title = gettext_lazy("เพิ่มผลการประกวดของอำเภอหรือจังหวัด")

    def save(self, data):
        contest_entry_create(province=self.province, **data)


# --- Import ----------------------------------------------------------------------------


class ClubImportView(LoginRequiredMixin, ImportPreviewMixin, FormView):
    """Upload → a check that writes nothing: what will be created and updated, and the
    problems by row and column → the officer confirms → the import, from the file kept
    on the server (never picked twice)."""

    form_class = ClubImportForm
    template_name = "programs/club_import.html"
    max_shown = MAX_ERRORS_SHOWN

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.can_enter_data:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "columns": template_columns()}

    def run_import(self, form, *, data, dry_run):
        return club_import(
            data=data,
            user=self.request.user,
            province=form.cleaned_data.get("province"),
            dry_run=dry_run,
        )


class ClubImportTemplateView(LoginRequiredMixin, View):
    """The empty import file with the Thai headers, a sheet of instructions."""

    def get(self, request):
        buffer = io.BytesIO()
        club_import_template().save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="club-import-template.xlsx"'
        return response
