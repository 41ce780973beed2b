"""Writes of TO BE NUMBER ONE clubs, their yearly membership, tiers and contest entries.

Callers (views, the API) have already checked the user's scope; these functions keep
the rules of the data: each validates with ``full_clean()`` before saving, so a rule
broken by any caller is refused with a Thai message. Uniqueness is checked first, with
a message that says what to do (Django's own names the constraint).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from programs.models import (
    Club,
    ClubMembership,
    ContestEntry,
    District,
    EntityLevel,
    Province,
    TierAward,
)

CLUB_FIELDS = (
    "name",
    "club_type",
    "school_level",
    "host_organisation",
    "district",
    "subdistrict",
    "founded_on",
    "contact_name",
    "contact_phone",
    "has_friend_corner",
    "has_committee",
    "has_fund",
    "has_activities",
    "is_active",
)


def _set(instance, fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(instance, name, value)


def _check_club_name_free(club: Club) -> None:
    taken = Club.objects.filter(district_id=club.district_id, name=club.name).exclude(pk=club.pk)
    if club.district_id and taken.exists():
        raise ValidationError({"name": _("อำเภอนี้มีชมรมชื่อ “%(name)s” อยู่แล้ว") % {"name": club.name}})


@transaction.atomic
def club_create(*, province: Province, district: District, name: str, club_type: str,
                **fields: Any) -> Club:  # fmt: skip
    """A new club of ``province``; ``fields`` are any other of ``CLUB_FIELDS``."""
    club = Club(province=province)
    _set(club, {"district": district, "name": " ".join(name.split()), "club_type": club_type,
                **fields}, CLUB_FIELDS)  # fmt: skip
    _check_club_name_free(club)
    club.full_clean()
    club.save()
    return club


@transaction.atomic
def club_update(*, club: Club, **fields: Any) -> Club:
    """Change the given ``CLUB_FIELDS`` of ``club``; its province never changes here."""
    if "name" in fields:
        fields["name"] = " ".join(fields["name"].split())
    _set(club, fields, CLUB_FIELDS)
    _check_club_name_free(club)
    club.full_clean()
    club.save()
    return club


def _check_membership_year_free(membership: ClubMembership) -> None:
    taken = ClubMembership.objects.filter(
        club_id=membership.club_id, fiscal_year=membership.fiscal_year
    ).exclude(pk=membership.pk)
    if taken.exists():
        raise ValidationError(
            {
                "fiscal_year": _("ปีงบประมาณ %(year)s มีข้อมูลสมาชิกของชมรมนี้แล้ว กรุณาแก้ไขรายการเดิม")
                % {"year": membership.fiscal_year}
            }
        )


@transaction.atomic
def club_membership_create(*, club: Club, fiscal_year: int, members: int,
                           target_population: int) -> ClubMembership:  # fmt: skip
    membership = ClubMembership(
        club=club, fiscal_year=fiscal_year, members=members, target_population=target_population
    )
    _check_membership_year_free(membership)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def club_membership_update(*, membership: ClubMembership, fiscal_year: int, members: int,
                           target_population: int) -> ClubMembership:  # fmt: skip
    membership.fiscal_year = fiscal_year
    membership.members = members
    membership.target_population = target_population
    _check_membership_year_free(membership)
    membership.full_clean()
    membership.save()
    return membership


def _check_tier_year_free(award: TierAward) -> None:
    taken = TierAward.objects.filter(
        level=award.level,
        province_id=award.province_id,
        district_id=award.district_id,
        club_id=award.club_id,
        fiscal_year=award.fiscal_year,
    ).exclude(pk=award.pk)
    if taken.exists():
        raise ValidationError(
            {
                "fiscal_year": _("ปีงบประมาณ %(year)s มีระดับมาตรฐานของ%(who)sนี้แล้ว กรุณาแก้ไขรายการเดิม")
                % {"year": award.fiscal_year, "who": EntityLevel(award.level).label}
            }
        )


def _check_contest_entry_free(entry: ContestEntry) -> None:
    taken = ContestEntry.objects.filter(
        level=entry.level,
        province_id=entry.province_id,
        district_id=entry.district_id,
        club_id=entry.club_id,
        fiscal_year=entry.fiscal_year,
        stage=entry.stage,
        category=entry.category,
    ).exclude(pk=entry.pk)
    if taken.exists():
        raise ValidationError(
            {
                "category": _(
                    "มีการประกวดประเภท “%(category)s” %(stage)s ปี %(year)s อยู่แล้ว กรุณาแก้ไขรายการเดิม"
                )
                % {
                    "category": entry.category,
                    "stage": entry.get_stage_display(),
                    "year": entry.fiscal_year,
                }
            }
        )


TIER_FIELDS = ("level", "district", "club", "fiscal_year", "tier", "consecutive_year")
CONTEST_FIELDS = (
    "level",
    "district",
    "club",
    "fiscal_year",
    "stage",
    "category",
    "result",
    "award_name",
)


def _competitor(level: str, province: Province | None, district, club) -> dict:
    """Who competes: a club implies its province, a district its province."""
    if club is not None:
        province = club.province
    elif district is not None and province is None:
        province = district.province
    return {"level": level, "province": province, "district": district, "club": club}


@transaction.atomic
def tier_award_create(*, level: str, fiscal_year: int, tier: int, consecutive_year: int = 1,
                      province: Province | None = None, district: District | None = None,
                      club: Club | None = None) -> TierAward:  # fmt: skip
    """The tier a club, a district or a province holds in ``fiscal_year``."""
    award = TierAward(
        **_competitor(level, province, district, club),
        fiscal_year=fiscal_year,
        tier=tier,
        consecutive_year=consecutive_year,
    )
    _check_tier_year_free(award)
    award.full_clean()
    award.save()
    return award


@transaction.atomic
def tier_award_update(*, award: TierAward, **fields: Any) -> TierAward:
    """Change ``TIER_FIELDS`` of an award; its province stays (scoping reads it)."""
    _set(award, fields, TIER_FIELDS)
    _check_tier_year_free(award)
    award.full_clean()
    award.save()
    return award


@transaction.atomic
def contest_entry_create(*, level: str, fiscal_year: int, stage: str, category: str,
                         result: str, award_name: str = "", province: Province | None = None,
                         district: District | None = None,
                         club: Club | None = None) -> ContestEntry:  # fmt: skip
    """An entry of a club, a district or a province in a contest."""
    entry = ContestEntry(
        **_competitor(level, province, district, club),
        fiscal_year=fiscal_year,
        stage=stage,
        category=" ".join(category.split()),
        result=result,
        award_name=award_name,
    )
    _check_contest_entry_free(entry)
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def contest_entry_update(*, entry: ContestEntry, **fields: Any) -> ContestEntry:
    """Change ``CONTEST_FIELDS`` of an entry; its province stays (scoping reads it)."""
    if "category" in fields:
        fields["category"] = " ".join(fields["category"].split())
    _set(entry, fields, CONTEST_FIELDS)
    _check_contest_entry_free(entry)
    entry.full_clean()
    entry.save()
    return entry
