"""Score sheets and evidence photos from phones, idempotent by the phone's id."""

import datetime
import uuid
from decimal import Decimal
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from evaluations.models import (
    Criterion,
    EvidencePhoto,
    ReceiptOutcome,
    Score,
    ScoreSheet,
    SiteResult,
    SubmissionReceipt,
    Visit,
    VisitAssignment,
)
from evaluations.photos import EvidenceImage
from thai.numbers import parse_decimal

# --- Score sheets from phones ----------------------------------------------------------


class SubmitOutcome(StrEnum):
    APPLIED = "applied"  # the sheet now holds what was sent
    DUPLICATE = "duplicate"  # this id was received before; nothing changed
    SUPERSEDED = "superseded"  # a later edit from another device is kept; this one is in history


def _lock_assignment(visit: Visit | int, evaluator) -> VisitAssignment:
    """Serialise one evaluator's writes to one visit: the same submission sent twice at
    the same moment (a retry racing its original) waits here, then finds the receipt.

    Given the visit's id, the visit is read with the assignment (and not locked)."""
    rows = VisitAssignment.objects.select_for_update(of=("self",)).filter(evaluator=evaluator)
    if isinstance(visit, Visit):
        rows = rows.filter(visit=visit)
    else:
        rows = rows.filter(visit_id=visit).select_related("visit")
    assignment = rows.order_by().first()
    if assignment is None:
        raise PermissionDenied(_("คุณไม่ได้รับมอบหมายให้ประเมินสถานที่นี้"))
    if isinstance(visit, Visit):
        assignment.visit = visit
    return assignment


def _keep_scores(sheet: ScoreSheet, scores: list[Score]) -> None:
    """``sheet.scores.all()`` answers ``scores`` without a query, as after
    ``prefetch_related("scores")``: the answer to the phone lists them and their total."""
    loaded = sheet.scores.all()
    loaded._result_cache = scores
    loaded._prefetch_done = True
    sheet._prefetched_objects_cache = {"scores": loaded}


def _scores_in_order(sheet: ScoreSheet) -> list[Score]:
    # In the rubric's order, without Score's ordering by sheet (which joins the sheet,
    # its visit and its round only to sort rows of one sheet).
    return list(sheet.scores.order_by("criterion__component__order", "criterion__order"))


def _require_open(visit: Visit) -> None:
    result = SiteResult.objects.filter(visit=visit).order_by().first()
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


def score_sheet_validate(
    *, visit: Visit, rubric_id: int, scores: dict, criteria: dict | None = None
) -> dict[int, Decimal]:
    """The rules the phone applies, applied again: every criterion of the visit's rubric
    version and nothing else, each within its bounds. Errors name the criterion.

    ``criteria``, a dict, is filled with the rubric's criteria by id (with their
    components) for the caller."""
    if rubric_id != visit.rubric_id:
        raise ValidationError(
            {"rubric": _("เกณฑ์ฉบับที่ส่งมาไม่ใช่ฉบับที่ใช้ประเมินสถานที่นี้ กรุณาเปิดหน้าให้คะแนนใหม่")}
        )
    # The visit's rubric version's criteria, in one query (not the rubric, then its criteria).
    criteria = {} if criteria is None else criteria
    criteria.update(
        (criterion.pk, criterion)
        for criterion in Criterion.objects.filter(
            component__rubric_id=visit.rubric_id
        ).select_related("component")  # its code, in a message; the order of the answer
    )
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
    visit: Visit | int,
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

    ``visit`` may be the visit's id (a phone's sheet names it so): the evaluator's
    assignment to it, locked first, is read with it. The sheet returned carries its
    scores (``sheet.scores.all()`` without a query).
    """
    visit = _lock_assignment(visit, evaluator).visit
    # Without the models' orderings: they join the visit, its round and the user, in a
    # query that runs for every sheet (and, for the sheet below, locks what it joins).
    existing = (
        SubmissionReceipt.objects.filter(client_id=client_id)
        .select_related("sheet")
        .order_by()
        .first()
    )
    if existing is not None:
        if existing.sheet.evaluator_id != evaluator.pk or existing.sheet.visit_id != visit.pk:
            raise ValidationError(_("รหัสการส่งนี้ถูกใช้กับแบบให้คะแนนอื่นแล้ว"))
        _keep_scores(existing.sheet, _scores_in_order(existing.sheet))
        return existing.sheet, SubmitOutcome.DUPLICATE
    _require_open(visit)
    criteria: dict[int, Criterion] = {}
    points = score_sheet_validate(
        visit=visit, rubric_id=rubric_id, scores=scores, criteria=criteria
    )
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

    sheet = (
        ScoreSheet.objects.select_for_update()
        .filter(visit=visit, evaluator=evaluator)
        .order_by()
        .first()
    )
    if sheet is not None and edited_at < sheet.edited_at:
        SubmissionReceipt.objects.create(
            client_id=client_id,
            sheet=sheet,
            outcome=ReceiptOutcome.SUPERSEDED,
            device_edited_at=edited_at,
            clamped_from=clamped_from,
            payload=payload,
        )
        _keep_scores(sheet, _scores_in_order(sheet))
        return sheet, SubmitOutcome.SUPERSEDED

    new = sheet is None
    if new:
        sheet = ScoreSheet(visit=visit, evaluator=evaluator)
    sheet.rubric_id = rubric_id
    sheet.strengths = strengths.strip()
    sheet.improvements = improvements.strip()
    sheet.edited_at = edited_at
    sheet.edited_at_clamped = clamped
    sheet.client_id = client_id
    # The visit and the evaluator were found by the assignment locked above, the rubric is
    # the visit's (score_sheet_validate), and that lock holds the one sheet per pair: their
    # checks would be four more queries per sheet for nothing.
    sheet.full_clean(exclude=["visit", "evaluator", "rubric"])
    sheet.save()
    current = {}
    if not new:
        sheet.scores.exclude(criterion_id__in=points).delete()
        current = {score.criterion_id: score for score in sheet.scores.order_by()}
    for criterion_id, value in points.items():
        score = current.get(criterion_id)
        if score is not None and score.points != value:
            score.points = value
            score.save()
    added = [
        Score(sheet=sheet, criterion=criteria[criterion_id], points=value)
        for criterion_id, value in points.items()
        if criterion_id not in current
    ]
    # New scores in two statements (rows and their history), not two per criterion.
    bulk_create_with_history(added, Score)
    kept = [*(current[criterion_id] for criterion_id in points if criterion_id in current), *added]
    for score in kept:
        score.criterion = criteria[score.criterion_id]
    _keep_scores(sheet, sorted(kept, key=lambda score: (score.criterion.component.order,
                                                       score.criterion.order)))  # fmt: skip
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
