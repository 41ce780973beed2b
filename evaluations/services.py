"""Writes of the evaluations app: building, publishing and versioning rubrics, setting up
rounds (committee, itinerary, assignments), score sheets sent by phones (idempotent by the
phone's id), evidence photos, and the chair's finalisation.
"""

import datetime
import uuid
from decimal import Decimal
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from evaluations.models import (
    RUBRIC_FROZEN,
    Criterion,
    EvaluationRound,
    EvidencePhoto,
    ReceiptOutcome,
    ResultStatus,
    RoundEvaluator,
    Rubric,
    RubricComponent,
    RubricStatus,
    Score,
    ScoreSheet,
    SiteResult,
    SubmissionReceipt,
    TierBand,
    Visit,
    VisitAssignment,
)
from evaluations.photos import EvidenceImage
from programs.models import Tier
from thai.numbers import parse_decimal

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


# --- Score sheets from phones ----------------------------------------------------------


class SubmitOutcome(StrEnum):
    APPLIED = "applied"  # the sheet now holds what was sent
    DUPLICATE = "duplicate"  # this id was received before; nothing changed
    SUPERSEDED = "superseded"  # a later edit from another device is kept; this one is in history


def _lock_assignment(visit: Visit, evaluator) -> VisitAssignment:
    """Serialise one evaluator's writes to one visit: the same submission sent twice at
    the same moment (a retry racing its original) waits here, then finds the receipt."""
    assignment = (
        VisitAssignment.objects.select_for_update().filter(visit=visit, evaluator=evaluator).first()
    )
    if assignment is None:
        raise PermissionDenied(_("คุณไม่ได้รับมอบหมายให้ประเมินสถานที่นี้"))
    return assignment


def _require_open(visit: Visit) -> None:
    result = SiteResult.objects.filter(visit=visit).first()
    if result is not None and result.is_finalised:
        raise ValidationError(
            _("ผลการประเมินของ %(site)s ยืนยันแล้ว แก้ไขคะแนนไม่ได้ หากต้องแก้ไขให้ประธานเปิดผลการประเมินอีกครั้ง")
            % {"site": visit.competitor}
        )


def parse_points(raw, criterion: Criterion) -> Decimal:
    """The phone's number for a criterion, held to 0…max with at most two decimals."""
    try:
        points = parse_decimal(raw)
    except ValidationError as error:
        if error.code == "comma":
            raise
        raise ValidationError(_("คะแนนต้องเป็นตัวเลข")) from None
    if points < 0:
        raise ValidationError(_("คะแนนต้องไม่ติดลบ"))
    if points > criterion.max_points:
        raise ValidationError(
            _("คะแนนต้องไม่เกินคะแนนเต็ม %(max)s") % {"max": f"{criterion.max_points:g}"}
        )
    if points.as_tuple().exponent < -2:
        raise ValidationError(_("คะแนนมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง"))
    return points


def score_sheet_validate(*, visit: Visit, rubric_id: int, scores: dict) -> dict[int, Decimal]:
    """The rules the phone applies, applied again: every criterion of the visit's rubric
    version and nothing else, each within its bounds. Errors name the criterion."""
    if rubric_id != visit.rubric_id:
        raise ValidationError(
            {"rubric": _("เกณฑ์ฉบับที่ส่งมาไม่ใช่ฉบับที่ใช้ประเมินสถานที่นี้ กรุณาเปิดหน้าให้คะแนนใหม่")}
        )
    criteria = {criterion.pk: criterion for criterion in visit.rubric.criteria()}
    errors: dict[str, list[str]] = {}
    parsed: dict[int, Decimal] = {}
    for key, raw in scores.items():
        try:
            criterion = criteria[int(key)]
        except (KeyError, ValueError, TypeError):
            errors.setdefault("scores", []).append(_("ประเด็น %(id)s ไม่อยู่ในเกณฑ์ฉบับนี้") % {"id": key})
            continue
        try:
            parsed[criterion.pk] = parse_points(raw, criterion)
        except ValidationError as error:
            errors[f"criterion_{criterion.pk}"] = [f"{criterion.code}: {error.messages[0]}"]
    if errors:
        raise ValidationError(errors)
    return parsed


def received_edit_time(
    edited_at: datetime.datetime | None, received_at: datetime.datetime
) -> tuple[datetime.datetime, bool]:
    """The edit time to store for a sheet received at ``received_at``, and whether it was
    clamped. A phone's clock may be a little ahead (kept as sent, within the allowance);
    an edit time further in the future would beat every later real edit for ever, so it
    becomes the receive time."""
    if edited_at is None:
        return received_at, False
    if edited_at > received_at + settings.EVALUATIONS_CLOCK_ALLOWANCE:
        return received_at, True
    return edited_at, False


@transaction.atomic
def score_sheet_submit(
    *,
    visit: Visit,
    evaluator,
    client_id: uuid.UUID,
    rubric_id: int,
    scores: dict,
    strengths: str = "",
    improvements: str = "",
    edited_at: datetime.datetime | None = None,
) -> tuple[ScoreSheet, SubmitOutcome]:
    """Store what a phone sent. Returns the sheet and what came of the submission.

    - The same ``client_id`` again (a retry, a double tap) returns the sheet as it is.
    - One sheet per evaluator and visit. When two devices edit it, the edit made last on
      a device (``edited_at``) wins; an older one arriving later is kept only in the
      receipts, so the history holds both.
    - An ``edited_at`` later than the receive time plus the allowance
      (``EVALUATIONS_CLOCK_ALLOWANCE``) is taken as the receive time, and the sheet and
      its receipt say so.
    - Nothing is written unless everything is valid.
    """
    _lock_assignment(visit, evaluator)
    existing = SubmissionReceipt.objects.filter(client_id=client_id).select_related("sheet").first()
    if existing is not None:
        if existing.sheet.evaluator_id != evaluator.pk or existing.sheet.visit_id != visit.pk:
            raise ValidationError(_("รหัสการส่งนี้ถูกใช้กับแบบให้คะแนนอื่นแล้ว"))
        return existing.sheet, SubmitOutcome.DUPLICATE
    _require_open(visit)
    points = score_sheet_validate(visit=visit, rubric_id=rubric_id, scores=scores)
    sent_edited_at = edited_at
    edited_at, clamped = received_edit_time(edited_at, timezone.now())
    clamped_from = sent_edited_at if clamped else None
    payload = {
        "rubric": rubric_id,
        "scores": {str(pk): str(value) for pk, value in points.items()},
        "strengths": strengths,
        "improvements": improvements,
        "edited_at": (sent_edited_at or edited_at).isoformat(),  # as the phone sent it
    }

    sheet = ScoreSheet.objects.select_for_update().filter(visit=visit, evaluator=evaluator).first()
    if sheet is not None and edited_at < sheet.edited_at:
        SubmissionReceipt.objects.create(
            client_id=client_id,
            sheet=sheet,
            outcome=ReceiptOutcome.SUPERSEDED,
            device_edited_at=edited_at,
            clamped_from=clamped_from,
            payload=payload,
        )
        return sheet, SubmitOutcome.SUPERSEDED

    if sheet is None:
        sheet = ScoreSheet(visit=visit, evaluator=evaluator)
    sheet.rubric_id = rubric_id
    sheet.strengths = strengths.strip()
    sheet.improvements = improvements.strip()
    sheet.edited_at = edited_at
    sheet.edited_at_clamped = clamped
    sheet.client_id = client_id
    sheet.full_clean()
    sheet.save()
    sheet.scores.exclude(criterion_id__in=points).delete()
    current = {score.criterion_id: score for score in sheet.scores.all()}
    for criterion_id, value in points.items():
        score = current.get(criterion_id)
        if score is not None and score.points != value:
            score.points = value
            score.save()
    # New scores in two statements (rows and their history), not two per criterion.
    bulk_create_with_history(
        [
            Score(sheet=sheet, criterion_id=criterion_id, points=value)
            for criterion_id, value in points.items()
            if criterion_id not in current
        ],
        Score,
    )
    SubmissionReceipt.objects.create(
        client_id=client_id,
        sheet=sheet,
        outcome=ReceiptOutcome.APPLIED,
        device_edited_at=edited_at,
        clamped_from=clamped_from,
        payload=payload,
    )
    return sheet, SubmitOutcome.APPLIED


@transaction.atomic
def evidence_photo_add(
    *,
    visit: Visit,
    evaluator,
    client_id: uuid.UUID,
    upload,
    criterion_id: int | None = None,
    caption: str = "",
    taken_at: datetime.datetime | None = None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> tuple[EvidencePhoto, bool]:
    """Keep a photo from the site, once per phone id. The image is re-encoded (nothing but
    pixels survives); the capture time and place come from its EXIF data when the phone
    wrote them there, otherwise from what the phone sent."""
    _lock_assignment(visit, evaluator)
    existing = EvidencePhoto.objects.filter(client_id=client_id).first()
    if existing is not None:
        if existing.evaluator_id != evaluator.pk or existing.visit_id != visit.pk:
            raise ValidationError(_("รหัสภาพนี้ถูกใช้กับการเยี่ยมอื่นแล้ว"))
        return existing, False
    _require_open(visit)
    if criterion_id is not None and not visit.rubric.criteria().filter(pk=criterion_id).exists():
        raise ValidationError({"criterion": _("ประเด็นนี้ไม่อยู่ในเกณฑ์ของการเยี่ยมนี้")})
    image = EvidenceImage.from_upload(upload)
    photo = EvidencePhoto(
        client_id=client_id,
        visit=visit,
        evaluator=evaluator,
        criterion_id=criterion_id,
        caption=caption.strip()[:255],
        taken_at=image.taken_at or taken_at,
        latitude=image.latitude if image.latitude is not None else latitude,
        longitude=image.longitude if image.longitude is not None else longitude,
    )
    photo.image.save(f"{client_id}.jpg", image.as_jpeg_file(), save=False)
    photo.full_clean()
    photo.save()
    return photo, True


# --- Results ----------------------------------------------------------------------------


def is_round_chair(round_: EvaluationRound, user) -> bool:
    """Who may finalise or reopen a round's results: its chair, or an administrator."""
    return user.is_administrator or round_.evaluators.filter(user=user, is_chair=True).exists()


def _require_chair(round_: EvaluationRound, user) -> None:
    if not is_round_chair(round_, user):
        raise PermissionDenied(_("เฉพาะประธานคณะกรรมการประเมินยืนยันหรือเปิดผลการประเมินได้"))


@transaction.atomic
def site_result_finalise(*, visit: Visit, user, feedback: str | None = None) -> SiteResult:
    """The chair locks a site's result: total and tier are taken from the sheets now."""
    from evaluations.selectors import visit_score_summary

    _require_chair(visit.round, user)
    result, _created = SiteResult.objects.select_for_update().get_or_create(visit=visit)
    if result.is_finalised:
        raise ValidationError(_("ผลการประเมินนี้ยืนยันแล้ว"))
    summary = visit_score_summary(visit=visit)
    if not summary.sheet_count:
        raise ValidationError(_("ยังไม่มีผู้ประเมินส่งคะแนนของสถานที่นี้"))
    if summary.missing:
        raise ValidationError(
            _("ยังให้คะแนนไม่ครบทุกประเด็น: %(codes)s") % {"codes": ", ".join(summary.missing)}
        )
    result.status = ResultStatus.FINALISED
    result.total = summary.total
    result.tier = summary.tier
    result.feedback = (feedback if feedback is not None else summary.feedback).strip()
    result.finalised_by = user
    result.finalised_at = timezone.now()
    result.full_clean()
    result.save()
    return result


@transaction.atomic
def site_result_reopen(*, visit: Visit, user, reason: str) -> SiteResult:
    """Unlock a finalised result so scores can change again; the reason is recorded."""
    _require_chair(visit.round, user)
    result = SiteResult.objects.select_for_update().filter(visit=visit).first()
    if result is None or not result.is_finalised:
        raise ValidationError(_("ผลการประเมินนี้ยังไม่ได้ยืนยัน"))
    if not reason.strip():
        raise ValidationError({"reason": _("กรุณาระบุเหตุผลที่เปิดแก้ไขผลการประเมิน")})
    result.status = ResultStatus.OPEN
    result.reopen_reason = reason.strip()
    result.finalised_by = None
    result.finalised_at = None
    result.save()
    return result


# --- Rounds, their committee and visits (officers of the host province) ----------------


def _check_round_rubrics(*, program, rubrics) -> None:
    for rubric in rubrics:
        if not rubric.is_published:
            raise ValidationError({"rubrics": _("ใช้ได้เฉพาะเกณฑ์ที่ประกาศใช้แล้ว")})
        if rubric.program_id != program.pk:
            raise ValidationError(
                {"rubrics": _("เกณฑ์ %(rubric)s ไม่ใช่เกณฑ์ของโครงการนี้") % {"rubric": rubric}}
            )


@transaction.atomic
def evaluation_round_create(
    *,
    program,
    fiscal_year: int,
    stage: str,
    province,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    rubrics,
    disagreement_margin: int = 25,
) -> EvaluationRound:
    """A round of a province (``province`` None: a regional or national round) with the
    published rubrics its visits are scored against."""
    round_ = EvaluationRound(
        program=program,
        fiscal_year=fiscal_year,
        stage=stage,
        province=province,
        name=name.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        disagreement_margin=disagreement_margin,
    )
    round_.full_clean()
    _check_round_rubrics(program=program, rubrics=rubrics)
    round_.save()
    round_.rubrics.set(rubrics)
    return round_


@transaction.atomic
def evaluation_round_update(
    *,
    round_: EvaluationRound,
    program,
    fiscal_year: int,
    stage: str,
    province,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    rubrics,
    disagreement_margin: int,
) -> EvaluationRound:
    """Change a round. A rubric its visits use stays; the province of a round with
    visits elsewhere stays."""
    round_ = EvaluationRound.objects.select_for_update().get(pk=round_.pk)
    in_use = Rubric.objects.filter(visits__round=round_).exclude(pk__in=[r.pk for r in rubrics])
    if in_use.exists():
        raise ValidationError(
            {
                "rubrics": _("เกณฑ์ %(rubric)s ใช้กับการเยี่ยมในรอบนี้อยู่ นำออกไม่ได้")
                % {"rubric": in_use.first()}
            }
        )
    if province is not None and round_.visits.exclude(province=province).exists():
        raise ValidationError({"province": _("รอบนี้มีการเยี่ยมในจังหวัดอื่นอยู่ เปลี่ยนจังหวัดไม่ได้")})
    if program.pk != round_.program_id and round_.visits.exists():
        raise ValidationError({"program": _("รอบนี้มีการเยี่ยมแล้ว เปลี่ยนโครงการไม่ได้")})
    round_.program = program
    round_.fiscal_year = fiscal_year
    round_.stage = stage
    round_.province = province
    round_.name = name.strip()
    round_.starts_on = starts_on
    round_.ends_on = ends_on
    round_.disagreement_margin = disagreement_margin
    round_.full_clean()
    _check_round_rubrics(program=program, rubrics=rubrics)
    round_.save()
    round_.rubrics.set(rubrics)
    return round_


def _chair_taken(round_: EvaluationRound, *, besides=None) -> RoundEvaluator | None:
    chairs = round_.evaluators.filter(is_chair=True).select_related("user")
    if besides is not None:
        chairs = chairs.exclude(pk=besides.pk)
    return chairs.first()


@transaction.atomic
def round_evaluator_add(
    *, round_: EvaluationRound, user, position: str = "", is_chair: bool = False
) -> RoundEvaluator:
    """Seat an evaluator on the round's committee; the position defaults to the one in
    their account. A round has one chair: a second is refused (change it with
    ``round_chair_set``)."""
    round_ = EvaluationRound.objects.select_for_update().get(pk=round_.pk)
    if not user.is_evaluator or not user.is_active:
        raise ValidationError({"user": _("เลือกได้เฉพาะผู้ใช้ที่มีบทบาทผู้ประเมิน")})
    if round_.evaluators.filter(user=user).exists():
        raise ValidationError({"user": _("%(name)s เป็นกรรมการของรอบนี้อยู่แล้ว") % {"name": user}})
    chair = _chair_taken(round_)
    if is_chair and chair is not None:
        raise ValidationError(
            {
                "is_chair": _(
                    "รอบนี้มีประธานแล้ว (%(name)s) หากต้องการเปลี่ยน ให้กด “ตั้งเป็นประธาน” ที่กรรมการคนใหม่"
                )
                % {"name": chair}
            }
        )
    seat = RoundEvaluator(
        round=round_,
        user=user,
        position=(position or "").strip() or user.position,
        is_chair=is_chair,
        order=next_order(round_.evaluators.all()),
    )
    seat.full_clean()
    seat.save()
    return seat


@transaction.atomic
def round_chair_set(*, seat: RoundEvaluator) -> RoundEvaluator:
    """Make this committee member the round's one chair (the former chair stays a member)."""
    EvaluationRound.objects.select_for_update().get(pk=seat.round_id)
    former = _chair_taken(seat.round, besides=seat)
    if former is not None:
        former.is_chair = False
        former.save()
    seat.is_chair = True
    seat.full_clean()
    seat.save()
    return seat


@transaction.atomic
def round_evaluator_remove(*, seat: RoundEvaluator) -> None:
    """Take an evaluator off the committee and their visits, unless they have scored."""
    if ScoreSheet.objects.filter(visit__round=seat.round_id, evaluator=seat.user_id).exists():
        raise ValidationError(
            _("%(name)s ส่งแบบให้คะแนนในรอบนี้แล้ว นำออกจากคณะกรรมการไม่ได้") % {"name": seat}
        )
    VisitAssignment.objects.filter(visit__round=seat.round_id, evaluator=seat.user_id).delete()
    seat.delete()


def visit_require_editable(visit: Visit) -> None:
    """A visit whose site result is finalised is not changed until the chair reopens it."""
    result = SiteResult.objects.filter(visit=visit).first()
    if result is not None and result.is_finalised:
        raise ValidationError(
            _(
                "ผลการประเมินของ %(site)s ยืนยันแล้ว แก้ไขการเยี่ยมไม่ได้ "
                "หากต้องแก้ไขให้ประธานเปิดผลการประเมินอีกครั้ง"
            )
            % {"site": visit.competitor}
        )


VISIT_FIELDS = (
    "order", "scheduled_at", "place", "address", "latitude", "longitude", "level", "province",
    "district", "club", "rubric",
)  # fmt: skip
# What an evaluator's sheet was given against: fixed once someone has scored.
SCORED_FIELDS = ("level", "province", "district", "club", "rubric")


def _save_visit(visit: Visit, evaluators) -> Visit:
    round_ = visit.round
    if round_.province_id is not None and visit.province_id != round_.province_id:
        raise ValidationError({"province": _("สถานที่ต้องอยู่ในจังหวัดของรอบการประเมิน")})
    if visit.rubric_id and not round_.rubrics.filter(pk=visit.rubric_id).exists():
        raise ValidationError({"rubric": _("เลือกได้เฉพาะเกณฑ์ที่ใช้ในรอบนี้")})
    clash = round_.visits.filter(order=visit.order).exclude(pk=visit.pk)
    if visit.order and clash.exists():
        raise ValidationError(
            {"order": _("รอบนี้มีการเยี่ยมลำดับที่ %(order)s อยู่แล้ว") % {"order": visit.order}}
        )
    visit.full_clean(validate_unique=False)
    visit.save()
    visit_assignments_set(visit=visit, evaluators=evaluators)
    return visit


@transaction.atomic
def visit_create(*, round_: EvaluationRound, evaluators=(), **fields) -> Visit:
    """A stop of the round's itinerary (``VISIT_FIELDS``) and the evaluators assigned to it."""
    EvaluationRound.objects.select_for_update().get(pk=round_.pk)
    unknown = set(fields) - set(VISIT_FIELDS)
    if unknown:
        raise TypeError(f"unknown visit fields: {sorted(unknown)}")
    visit = Visit(round=round_, **fields)
    if not visit.order:
        visit.order = next_order(round_.visits.all())
    return _save_visit(visit, evaluators)


@transaction.atomic
def visit_update(*, visit: Visit, evaluators, **fields) -> Visit:
    """Change a visit and who is assigned to it. A finalised site is not changed; once a
    sheet is in, who is scored and against which rubric stay."""
    visit = Visit.objects.select_for_update().select_related("round").get(pk=visit.pk)
    visit_require_editable(visit)
    unknown = set(fields) - set(VISIT_FIELDS)
    if unknown:
        raise TypeError(f"unknown visit fields: {sorted(unknown)}")
    scored = visit.sheets.exists()
    for name, value in fields.items():
        if scored and name in SCORED_FIELDS and _field_value(visit, name) != _pk_of(value):
            raise ValidationError({name: _("มีผู้ประเมินส่งแบบให้คะแนนแล้ว เปลี่ยนสถานที่ที่ประเมินหรือเกณฑ์ไม่ได้")})
        setattr(visit, name, value)
    return _save_visit(visit, evaluators)


def _field_value(visit: Visit, name: str):
    field = Visit._meta.get_field(name)
    return getattr(visit, field.attname)


def _pk_of(value):
    return getattr(value, "pk", value)


@transaction.atomic
def visit_assignments_set(*, visit: Visit, evaluators) -> list[VisitAssignment]:
    """Assign exactly ``evaluators`` (members of the round's committee) to the visit. One
    who has sent a sheet for it stays assigned."""
    wanted = {user.pk: user for user in evaluators}
    seated = set(visit.round.evaluators.filter(user__in=wanted).values_list("user_id", flat=True))
    outsiders = [str(user) for pk, user in wanted.items() if pk not in seated]
    if outsiders:
        raise ValidationError(
            {"evaluators": _("%(names)s ไม่ได้เป็นกรรมการของรอบนี้") % {"names": ", ".join(outsiders)}}
        )
    leaving = visit.assignments.exclude(evaluator__in=wanted)
    scored = visit.sheets.filter(evaluator__in=leaving.values("evaluator")).select_related(
        "evaluator"
    )
    if scored.exists():
        raise ValidationError(
            {
                "evaluators": _("%(name)s ส่งแบบให้คะแนนของการเยี่ยมนี้แล้ว ยกเลิกการมอบหมายไม่ได้")
                % {"name": scored.first().evaluator}
            }
        )
    leaving.delete()
    current = set(visit.assignments.values_list("evaluator_id", flat=True))
    for pk, user in wanted.items():
        if pk not in current:
            assignment = VisitAssignment(visit=visit, evaluator=user)
            assignment.full_clean()
            assignment.save()
    return list(visit.assignments.select_related("evaluator"))


@transaction.atomic
def visit_delete(*, visit: Visit) -> None:
    """Take a visit off the itinerary, unless someone has scored it or sent photos."""
    if visit.sheets.exists() or visit.photos.exists():
        raise ValidationError(
            _("%(site)s มีแบบให้คะแนนหรือภาพหลักฐานแล้ว ลบการเยี่ยมนี้ไม่ได้") % {"site": visit.competitor}
        )
    visit.delete()
