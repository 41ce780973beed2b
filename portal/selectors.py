"""Reads for the home pages; each is scoped to the user."""

from django.db.models import Count
from django.utils import timezone

from accounts.models import Role, User
from evaluations.selectors import visit_cards
from programs.models import District, Program, Province
from thai.fiscal_year import fiscal_year_of


def home_context(*, user: User) -> dict:
    provinces = Province.objects.for_user(user)
    today = timezone.localdate()
    context = {
        "today": today,
        "fiscal_year": fiscal_year_of(today),
        "programs": Program.objects.active(),
    }
    if user.is_national:
        context["province_count"] = provinces.count()
        context["district_count"] = District.objects.for_user(user).count()
        context["region_counts"] = (
            provinces.values("region").annotate(n=Count("pk")).order_by("region")
        )
    if user.is_administrator:
        context["users_by_role"] = {
            Role(row["role"]).label: row["n"]
            for row in User.objects.values("role").annotate(n=Count("pk")).order_by("role")
        }
    if user.is_evaluator:
        context["visits"] = visit_cards(user=user)
    if user.province_id and not user.is_evaluator:
        province = provinces.annotate(n_districts=Count("districts")).get(pk=user.province_id)
        context["province"] = province
        context["programs"] = Program.objects.active().operating_in(province)
    return context
