"""Rounds, their committee and visits (officers of the host province)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evaluations.models import (
    EvaluationRound,
    RoundEvaluator,
    Rubric,
    ScoreSheet,
    SiteResult,
    Visit,
    VisitAssignment,
)
from evaluations.services.rubrics import next_order
from evaluations.signals import visit_scheduled

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
    visit_scheduled.send(sender=Visit, visit=visit)
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
