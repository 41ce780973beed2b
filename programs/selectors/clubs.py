"""Reads of TO BE NUMBER ONE clubs, tiers and contests, always through the user's scope."""

import re
from functools import cache
from typing import Any

from django.db.models import (
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, NullIf

from core.scoping import Action
from programs.models import (
    Club,
    ClubMembership,
    ContestEntry,
    EntityLevel,
    TierAward,
)
from thai.numbers import thai_digits
from thai.words import normalise_search

_LATIN = re.compile("[A-Za-z]")


def search_clubs(queryset: QuerySet[Club], text: str) -> QuerySet[Club]:
    """Clubs whose name, host or district contains every word of ``text``.

    Thai is written without spaces between words, so a word is found inside a
    compound ("นาสมดี" in "ชุมชนบ้านนาสมดี") by a substring match; a number is
    matched whether the club's name writes it in Arabic or Thai digits.
    """
    for term in normalise_search(text).split():
        # Thai has no letter case: only a term with Latin letters ("TO BE") needs the
        # case-insensitive match, whose UPPER() on every row is three times slower.
        lookup = "icontains" if _LATIN.search(term) else "contains"
        condition = Q()
        for variant in {term, thai_digits(term)}:
            for field in ("name", "host_organisation", "district__name_th"):
                condition |= Q(**{f"{field}__{lookup}": variant})
        queryset = queryset.filter(condition)
    return queryset


def _latest(model, field: str, **match: Any) -> Subquery:
    rows = model.objects.filter(**match).order_by("-fiscal_year").values(field)[:1]
    return Subquery(rows)


@cache
def _latest_figures() -> dict[str, Subquery]:
    """The six subqueries, built once: ``annotate`` resolves a copy of each, and building
    them was half of this function's time on every club list and API page."""
    membership = {"club": OuterRef("pk")}
    tier = {"club": OuterRef("pk"), "level": EntityLevel.CLUB}
    return {
        "latest_membership_year": _latest(ClubMembership, "fiscal_year", **membership),
        "latest_members": _latest(ClubMembership, "members", **membership),
        "latest_target": _latest(ClubMembership, "target_population", **membership),
        "latest_tier": _latest(TierAward, "tier", **tier),
        "latest_tier_year": _latest(TierAward, "fiscal_year", **tier),
        "latest_tier_consecutive": _latest(TierAward, "consecutive_year", **tier),
    }


def with_latest_figures(queryset: QuerySet[Club]) -> QuerySet[Club]:
    """Each club with its latest membership and latest tier, in the same query.

    Subqueries rather than prefetching, so that the list can filter and sort on the
    current tier and the number of queries does not grow with the number of clubs.
    """
    queryset = queryset.annotate(**_latest_figures())
    return queryset.annotate(
        latest_coverage=ExpressionWrapper(
            Cast(F("latest_members"), DecimalField(max_digits=14, decimal_places=4))
            * Value(100)
            / NullIf(F("latest_target"), 0),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        )
    )


def latest_tier_is(queryset: QuerySet[Club], tier: int | None) -> QuerySet[Club]:
    """Clubs whose latest tier (of their newest fiscal year with one) is ``tier``;
    ``None``: clubs with no tier yet.

    A semi-join on the awards that have no newer award, rather than a filter on the
    ``latest_tier`` subquery, which the database would evaluate for every club.
    """
    club_awards = TierAward.objects.filter(level=EntityLevel.CLUB)
    if tier is None:
        return queryset.filter(~Exists(club_awards.filter(club=OuterRef("pk"))))
    newer = club_awards.filter(club=OuterRef("club"), fiscal_year__gt=OuterRef("fiscal_year"))
    latest = club_awards.filter(tier=tier).filter(~Exists(newer))
    return queryset.filter(pk__in=latest.values("club"))


def club_list(*, user, filters: dict | None = None) -> QuerySet[Club]:
    """The clubs ``user`` may read, with their latest figures, filtered by ``filters``
    (the query parameters of the club list: see ``programs.filters.clubs.ClubFilter``)."""
    queryset = with_latest_figures(
        Club.objects.for_user(user, Action.VIEW).select_related(
            "province", "district", "subdistrict"
        )
    )
    if filters is None:
        return queryset
    from programs.filters.clubs import ClubFilter

    return ClubFilter(filters, queryset=queryset, user=user).qs


def club_memberships(*, club: Club) -> QuerySet[ClubMembership]:
    return ClubMembership.objects.filter(club=club).order_by("-fiscal_year")


def club_tier_awards(*, club: Club) -> QuerySet[TierAward]:
    return TierAward.objects.filter(level=EntityLevel.CLUB, club=club).order_by("-fiscal_year")


def club_contest_entries(*, club: Club) -> QuerySet[ContestEntry]:
    return ContestEntry.objects.filter(level=EntityLevel.CLUB, club=club).order_by(
        "-fiscal_year", "stage", "category"
    )


def competition_tier_awards(*, user) -> QuerySet[TierAward]:
    """Tier awards of districts and provinces (not clubs) in the user's scope."""
    return (
        TierAward.objects.for_user(user, Action.VIEW)
        .exclude(level=EntityLevel.CLUB)
        .select_related("province", "district")
        .order_by("-fiscal_year", "province", "level", "district")
    )


def competition_contest_entries(*, user) -> QuerySet[ContestEntry]:
    """Contest entries of districts and provinces (not clubs) in the user's scope."""
    return (
        ContestEntry.objects.for_user(user, Action.VIEW)
        .exclude(level=EntityLevel.CLUB)
        .select_related("province", "district")
        .order_by("-fiscal_year", "province", "level", "district", "stage")
    )
