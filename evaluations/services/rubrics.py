"""Rubrics: building them (administrators), publishing and versioning."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from evaluations.models import (
    RUBRIC_FROZEN,
    Criterion,
    Rubric,
    RubricComponent,
    RubricStatus,
    TierBand,
)
from programs.models import Tier

# --- Rubrics ---------------------------------------------------------------------------


@transaction.atomic
def rubric_publish(*, rubric: Rubric) -> Rubric:
    """Make a draft the version rounds use. From now on it never changes."""
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    if rubric.is_published:
        raise ValidationError(_("เกณฑ์นี้ประกาศใช้แล้ว"))
    if not rubric.criteria().exists():
        raise ValidationError(_("เกณฑ์ต้องมีประเด็นการประเมินอย่างน้อยหนึ่งประเด็นก่อนประกาศใช้"))
    max_total = sum(criterion.max_points for criterion in rubric.criteria())
    too_high = rubric.bands.filter(min_score__gt=max_total)
    if too_high.exists():
        raise ValidationError(
            _("คะแนนขั้นต่ำของระดับ %(tier)s (%(min)s) เกินคะแนนเต็ม %(max)s")
            % {
                "tier": too_high[0].get_tier_display(),
                "min": too_high[0].min_score,
                "max": max_total,
            }
        )
    rubric.status = RubricStatus.PUBLISHED
    rubric.published_at = timezone.now()
    rubric.full_clean()
    rubric.save()
    return rubric


@transaction.atomic
def rubric_new_version(*, rubric: Rubric) -> Rubric:
    """A draft copy of ``rubric`` with the next version number, to be edited and published."""
    same_kind = Rubric.objects.filter(
        program=rubric.program,
        fiscal_year=rubric.fiscal_year,
        entity_level=rubric.entity_level,
        club_type=rubric.club_type,
    )
    if same_kind.filter(status=RubricStatus.DRAFT).exists():
        raise ValidationError(_("มีฉบับร่างของเกณฑ์นี้อยู่แล้ว กรุณาแก้ไขฉบับร่างนั้น"))
    latest = same_kind.aggregate(latest=Max("version"))["latest"]
    draft = Rubric.objects.create(
        program=rubric.program,
        fiscal_year=rubric.fiscal_year,
        entity_level=rubric.entity_level,
        club_type=rubric.club_type,
        name=rubric.name,
        version=latest + 1,
        previous_version=rubric,
    )
    for component in rubric.components.prefetch_related("criteria"):
        copy = RubricComponent.objects.create(
            rubric=draft, order=component.order, title=component.title
        )
        bulk_create_with_history(
            [
                Criterion(
                    component=copy,
                    order=criterion.order,
                    text=criterion.text,
                    max_points=criterion.max_points,
                    guidance=criterion.guidance,
                    evidence=criterion.evidence,
                )
                for criterion in component.criteria.all()
            ],
            Criterion,
        )
    bulk_create_with_history(
        [
            TierBand(rubric=draft, tier=band.tier, min_score=band.min_score)
            for band in rubric.bands.all()
        ],
        TierBand,
    )
    return draft


# --- Building rubrics (administrators) -------------------------------------------------


def _require_draft(rubric: Rubric) -> None:
    if rubric.is_published:
        raise ValidationError(RUBRIC_FROZEN)


def _same_kind(*, program, fiscal_year: int, entity_level: str, club_type: str):
    return Rubric.objects.filter(
        program=program, fiscal_year=fiscal_year, entity_level=entity_level, club_type=club_type
    )


@transaction.atomic
def rubric_create(
    *,
    program,
    fiscal_year: int,
    entity_level: str,
    club_type: str = "",
    name: str,
    as_new_version: bool = False,
) -> Rubric:
    """A new, empty draft. Version 1, unless ``as_new_version`` and the program, year,
    level and club type have versions already: then the next number, after the latest
    (an import of a revised rubric). Only one draft of a kind at a time."""
    same_kind = _same_kind(
        program=program, fiscal_year=fiscal_year, entity_level=entity_level, club_type=club_type
    ).select_for_update()
    latest = same_kind.order_by("-version").first()
    if latest is not None and not as_new_version:
        raise ValidationError(
            _(
                "มีเกณฑ์ของโครงการ ปีงบประมาณ ระดับ และประเภทชมรมนี้อยู่แล้ว (%(rubric)s) "
                "หากต้องการปรับปรุง ให้เปิดเกณฑ์นั้นแล้วกด “สร้างฉบับใหม่”"
            )
            % {"rubric": latest}
        )
    draft = same_kind.filter(status=RubricStatus.DRAFT).first()
    if draft is not None:
        raise ValidationError(
            _("มีฉบับร่างของเกณฑ์นี้อยู่แล้ว (%(rubric)s) กรุณาแก้ไขหรือลบฉบับร่างนั้นก่อน") % {"rubric": draft}
        )
    rubric = Rubric(
        program=program,
        fiscal_year=fiscal_year,
        entity_level=entity_level,
        club_type=club_type,
        name=name,
        version=latest.version + 1 if latest else 1,
        previous_version=latest if latest and latest.is_published else None,
    )
    rubric.full_clean()
    rubric.save()
    return rubric


@transaction.atomic
def rubric_delete(*, rubric: Rubric) -> None:
    """Throw away a draft (a published version stays for the sheets given against it)."""
    _require_draft(rubric)
    if rubric.rounds.exists():
        raise ValidationError(_("ฉบับร่างนี้ถูกเลือกไว้ในรอบการประเมินแล้ว กรุณานำออกจากรอบก่อน"))
    rubric.delete()


@transaction.atomic
def rubric_component_create(*, rubric: Rubric, title: str, order: int | None = None):
    _require_draft(rubric)
    if order is None:
        order = next_order(rubric.components.all())
    component = RubricComponent(rubric=rubric, order=order, title=title)
    component.full_clean()
    component.save()
    return component


@transaction.atomic
def rubric_component_delete(*, component: RubricComponent) -> None:
    _require_draft(component.rubric)
    component.delete()


@transaction.atomic
def criterion_create(
    *,
    component: RubricComponent,
    text: str,
    max_points: Decimal,
    guidance: str = "",
    evidence: str = "",
    order: int | None = None,
) -> Criterion:
    _require_draft(component.rubric)
    if order is None:
        order = next_order(component.criteria.all())
    criterion = Criterion(
        component=component,
        order=order,
        text=text,
        max_points=max_points,
        guidance=guidance,
        evidence=evidence,
    )
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def criterion_update(
    *,
    criterion: Criterion,
    text: str,
    max_points: Decimal,
    guidance: str = "",
    evidence: str = "",
    order: int | None = None,
) -> Criterion:
    _require_draft(criterion.component.rubric)
    criterion.text = text
    criterion.max_points = max_points
    criterion.guidance = guidance
    criterion.evidence = evidence
    if order is not None and order != criterion.order:
        if criterion.component.criteria.filter(order=order).exists():
            raise ValidationError(
                {"order": _("องค์ประกอบนี้มีประเด็นลำดับที่ %(order)s อยู่แล้ว") % {"order": order}}
            )
        criterion.order = order
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion) -> None:
    _require_draft(criterion.component.rubric)
    criterion.delete()


def next_order(siblings) -> int:
    """The number proposed for a new component or criterion: after the last one."""
    return (siblings.aggregate(last=Max("order"))["last"] or 0) + 1


def tier_band_problems(minimums: dict[int, Decimal]) -> list[str]:
    """A higher tier needs a higher minimum score than every tier below it."""
    problems = []
    ordered = sorted(minimums.items())
    for (lower, lower_min), (higher, higher_min) in zip(ordered, ordered[1:], strict=False):
        if higher_min <= lower_min:
            problems.append(
                _(
                    "คะแนนขั้นต่ำของระดับ%(higher)s (%(higher_min)s) "
                    "ต้องมากกว่าของระดับ%(lower)s (%(lower_min)s)"
                )
                % {
                    "higher": Tier(higher).label,
                    "higher_min": f"{higher_min:g}",
                    "lower": Tier(lower).label,
                    "lower_min": f"{lower_min:g}",
                }
            )
    return problems


@transaction.atomic
def tier_bands_set(*, rubric: Rubric, minimums: dict[int, Decimal]) -> list[TierBand]:
    """Replace the rubric's bands with ``minimums`` (tier → minimum score); a tier left
    out has no band."""
    _require_draft(rubric)
    problems = tier_band_problems(minimums)
    if problems:
        raise ValidationError(problems)
    rubric.bands.all().delete()
    bands = []
    for tier, min_score in sorted(minimums.items()):
        band = TierBand(rubric=rubric, tier=tier, min_score=min_score)
        band.full_clean()
        band.save()
        bands.append(band)
    return bands
