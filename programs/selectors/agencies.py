"""Reads of agencies and projects, always through ``for_user`` scoping."""

from django.db.models import Count, QuerySet, Sum

from core.scoping import Action
from programs.models import Agency, Indicator, Project


def agency_list(*, user) -> QuerySet[Agency]:
    return (
        Agency.objects.for_user(user, Action.VIEW)
        .select_related("province")
        .annotate(n_projects=Count("projects"))
        .order_by("province__name_th", "name")
    )


def project_list(*, user) -> QuerySet[Project]:
    return (
        Project.objects.for_user(user, Action.VIEW)
        .select_related("program", "province", "agency", "objective")
        .order_by("province__name_th", "-fiscal_year", "program__pk", "name")
    )


def project_totals(*, projects: QuerySet[Project]) -> dict:
    """Count and budget of a (filtered) project list, in one query."""
    return projects.order_by().aggregate(count=Count("pk"), budget=Sum("budget"))


def agency_projects(*, user, agency: Agency) -> QuerySet[Project]:
    return project_list(user=user).filter(agency=agency)


def agency_indicators(*, user, agency: Agency) -> QuerySet[Indicator]:
    """Indicators the agency leads, as far as the user may see them."""
    return (
        Indicator.objects.for_user(user, Action.VIEW)
        .filter(lead_agency=agency)
        .select_related("objective__program")
        .order_by("-objective__fiscal_year", "code")
    )


def project_fiscal_years(*, user) -> list[int]:
    years = Project.objects.for_user(user, Action.VIEW).values_list("fiscal_year", flat=True)
    return sorted(set(years), reverse=True)
