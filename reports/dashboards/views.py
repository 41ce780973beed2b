"""Dashboard pages: a province's (with district drill-down), the national one, and the
boundaries their maps draw. Read-only for everyone; evaluators have none."""

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from core.scoping import Action
from meetings.models import Meeting
from programs.models import Club, District, ProgramVillage, Province, Region, Tier
from programs.selectors.boundaries import COUNTRY, boundary_collection, has_boundaries
from programs.selectors.clubs import with_latest_figures
from reports.dashboards.freshness import data_version
from reports.dashboards.national import NationalDashboard
from reports.dashboards.periods import dashboard_period, fiscal_year_choices
from reports.dashboards.province import ProvinceDashboard
from reports.dashboards.widgets import build_widgets

PROVINCE_MEASURES = [
    ("clubs", _("จำนวนชมรม"), ""),
    ("coverage", _("ความครอบคลุมสมาชิก"), "%"),
    ("friend_corners", _("ศูนย์เพื่อนใจ"), ""),
    ("villages_done", _("แผนหมู่บ้านเสร็จ"), ""),
]
NATIONAL_MEASURES = [
    ("clubs", _("จำนวนชมรม"), ""),
    ("coverage", _("ความครอบคลุมสมาชิก"), "%"),
    ("on_track_share", _("ตัวชี้วัดตามเป้าหมาย"), "%"),
    ("overdue_actions", _("ข้อสั่งการเกินกำหนด"), ""),
]


def dashboard_response(request):
    """The user's own dashboard: the nation's for national users, else their province's."""
    user = request.user
    if user.is_evaluator:
        raise PermissionDenied
    if user.is_national:
        return _national(request)
    province = Province.objects.for_user(user, Action.VIEW).filter(pk=user.province_id).first()
    if province is None:
        raise Http404
    return _province(request, province)


@require_GET
@login_required
def dashboard(request):
    return dashboard_response(request)


@require_GET
@login_required
def province_dashboard(request, code: str):
    province = get_object_or_404(Province.objects.for_user(request.user, Action.VIEW), pk=code)
    return _province(request, province)


@require_GET
@login_required
def national_dashboard(request):
    if not request.user.is_national:
        raise PermissionDenied
    return _national(request)


@require_GET
@login_required
def district_dashboard(request, code: str, district: str):
    province = get_object_or_404(Province.objects.for_user(request.user, Action.VIEW), pk=code)
    district = get_object_or_404(District.objects.filter(province=province), pk=district)
    period = dashboard_period(request.GET)
    dashboard = ProvinceDashboard(user=request.user, province=province, period=period)
    row = next(row for row in dashboard.district_rows if row.code == district.code)
    clubs = list(
        with_latest_figures(
            Club.objects.for_user(request.user, Action.VIEW).filter(
                district=district, is_active=True
            )
        ).order_by("name")
    )
    for club in clubs:
        club.latest_tier_label = Tier(club.latest_tier).label if club.latest_tier else ""
    meetings = (
        Meeting.objects.for_user(request.user, Action.VIEW)
        .in_province(province.pk)
        .filter(date__gte=period.start, date__lte=period.end)
        .select_related("committee")
        .order_by("-date", "-pk")[:10]
    )
    villages = (
        ProgramVillage.objects.for_user(request.user, Action.VIEW)
        .filter(village__subdistrict__district=district)
        .select_related("program", "village__subdistrict")
        .order_by("village__subdistrict_id", "village__number")
    )
    return render(
        request,
        "reports/dashboard_district.html",
        {
            "province": province,
            "district": district,
            "period": period,
            "row": row,
            "clubs": clubs,
            "meetings": meetings,
            "villages": villages,
            "committees": dashboard.committees,
        },
    )


@require_GET
@login_required
def boundaries(request, area: str):
    """GeoJSON of the provinces ("TH") or of one province's districts; empty when none."""
    if area != COUNTRY and not Province.objects.filter(pk=area).exists():
        raise Http404
    collection = boundary_collection(area=area) or {"type": "FeatureCollection", "features": []}
    response = JsonResponse(collection)
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _province(request, province: Province):
    """The figures are read only when the cached fragment of this version is missing:
    the template asks for ``widgets``, ``district_rows`` and ``map`` lazily."""
    period = dashboard_period(request.GET)
    approved_only = request.GET.get("approved") == "1"
    dashboard = ProvinceDashboard(
        user=request.user, province=province, period=period, approved_only=approved_only
    )
    district_url = reverse("reports:dashboard_district", args=[province.pk, "0000"])
    link = district_url.replace("0000", "{code}") + f"?fy={period.fiscal_year}&q={period.quarter}"
    return render(
        request,
        "reports/dashboard_province.html",
        {
            "province": province,
            "period": period,
            "years": fiscal_year_choices(),
            "quarters": [1, 2, 3, 4],
            "dashboard": dashboard,
            "widgets": cache_call(lambda: build_widgets(dashboard)),
            "district_rows": cache_call(lambda: dashboard.district_rows),
            "map": cache_call(
                lambda: _map_config(
                    area=province.pk,
                    measures=PROVINCE_MEASURES,
                    rows=dashboard.district_rows,
                    link=link,
                )
            ),
            "data_version": data_version(),
            "can_see_nation": request.user.is_national,
            "approved_only": approved_only,
        },
    )


def _national(request):
    period = dashboard_period(request.GET)
    region = request.GET.get("region", "")
    approved_only = request.GET.get("approved") == "1"
    dashboard = NationalDashboard(
        user=request.user, period=period, region=region, approved_only=approved_only
    )
    province_url = reverse("reports:dashboard_province", args=["00"])
    link = province_url.replace("00", "{code}") + f"?fy={period.fiscal_year}&q={period.quarter}"
    if approved_only:
        link += "&approved=1"
    return render(
        request,
        "reports/dashboard_national.html",
        {
            "period": period,
            "years": fiscal_year_choices(),
            "quarters": [1, 2, 3, 4],
            "regions": Region.choices,
            "region": dashboard.region,
            "approved_only": approved_only,
            "dashboard": dashboard,
            "rows": cache_call(lambda: dashboard.rows),
            "totals": cache_call(lambda: dashboard.totals),
            "map": cache_call(
                lambda: _map_config(
                    area=COUNTRY, measures=NATIONAL_MEASURES, rows=dashboard.rows, link=link
                )
            ),
            "data_version": data_version(),
        },
    )


def cache_call(compute):
    """A value the template computes on first use (templates call callables), once."""
    return functools.cache(compute)


def _map_config(*, area: str, measures, rows, link: str) -> dict | None:
    """What dashboard.js needs to draw the map; None (a table instead) without boundaries."""
    if not has_boundaries(area=area):
        return None
    return {
        "boundaries": reverse("reports:dashboard_boundaries", args=[area]),
        "link": link,
        "measures": [
            {"key": key, "label": str(label), "unit": unit} for key, label, unit in measures
        ],
        "values": {
            row.code: {
                "name": row.name,
                **{
                    key: (float(value) if (value := getattr(row, key)) is not None else None)
                    for key, _label, _unit in measures
                },
            }
            for row in rows
        },
    }
