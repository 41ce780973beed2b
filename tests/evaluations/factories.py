"""Factories of the evaluations app. ``published_rubric`` builds a whole rubric
(components → criteria, tier bands) and publishes it through the service."""

import datetime
import io
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from evaluations.models import (
    Criterion,
    EvaluationRound,
    RoundEvaluator,
    Rubric,
    RubricComponent,
    TierBand,
    Visit,
    VisitAssignment,
)
from evaluations.services.rubrics import rubric_publish
from programs.models import EntityLevel, Tier
from tests.programs.factories import ClubFactory, ProgramFactory

BANGKOK = ZoneInfo("Asia/Bangkok")

# (component, [max points of its criteria]) — 3 + 1 = 4.00 points in all.
SMALL_RUBRIC = [("การรณรงค์", ["1.0", "0.5", "1.5"]), ("3 ก.", ["0.3", "0.3", "0.4"])]
SMALL_BANDS = [(Tier.OUTSTANDING, "2.00"), (Tier.GOLD, "3.00"), (Tier.TOP_DIAMOND, "3.80")]


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubric

    program = factory.SubFactory(ProgramFactory, slug="to-be-number-one")
    fiscal_year = 2568
    entity_level = EntityLevel.CLUB
    name = "เกณฑ์การประเมินชมรม TO BE NUMBER ONE"


def draft_rubric(*, structure=SMALL_RUBRIC, bands=SMALL_BANDS, **kwargs) -> Rubric:
    rubric = RubricFactory(**kwargs)
    for component_order, (title, maxima) in enumerate(structure, start=1):
        component = RubricComponent.objects.create(
            rubric=rubric, order=component_order, title=title
        )
        for order, max_points in enumerate(maxima, start=1):
            Criterion.objects.create(
                component=component,
                order=order,
                text=f"ประเด็น {component_order}.{order}",
                max_points=Decimal(max_points),
                guidance="ให้คะแนนตามหลักฐาน",
            )
    for tier, min_score in bands:
        TierBand.objects.create(rubric=rubric, tier=tier, min_score=Decimal(min_score))
    return rubric


def published_rubric(**kwargs) -> Rubric:
    return rubric_publish(rubric=draft_rubric(**kwargs))


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationRound
        skip_postgeneration_save = True

    program = factory.SubFactory(ProgramFactory, slug="to-be-number-one")
    fiscal_year = 2568
    stage = "province"
    name = factory.Sequence(lambda n: f"ตรวจประเมินและติดตามผล รอบพื้นที่ 2568 ชุดที่ {n}")
    starts_on = datetime.date(2025, 6, 6)
    ends_on = datetime.date(2025, 6, 8)
    disagreement_margin = 25


def visit_for(*, round_, club=None, rubric, evaluators=(), order=None, **kwargs) -> Visit:
    """A club visit of the round, with the given evaluators sitting on the round (the
    first as chair unless the round has one) and assigned to the visit."""
    club = club or ClubFactory(district__province=round_.province)
    round_.rubrics.add(rubric)
    visit = Visit.objects.create(
        round=round_,
        order=order or round_.visits.count() + 1,
        scheduled_at=datetime.datetime(2025, 6, 6, 9, 30, tzinfo=BANGKOK),
        place=club.host_organisation or club.name,
        level=EntityLevel.CLUB,
        province=club.province,
        district=club.district,
        club=club,
        rubric=rubric,
        **kwargs,
    )
    for evaluator in evaluators:
        seat, _created = RoundEvaluator.objects.get_or_create(
            round=round_,
            user=evaluator,
            defaults={"is_chair": not round_.evaluators.filter(is_chair=True).exists()},
        )
        VisitAssignment.objects.create(visit=visit, evaluator=evaluator)
    return visit


def jpeg_upload(
    *, name="photo.jpg", exif: bytes | None = None, size=(64, 48)
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 120, 40))
    if exif is not None:
        image.save(buffer, format="JPEG", exif=exif)
    else:
        image.save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def scores_for(visit: Visit, share: Decimal = Decimal("0.8")) -> dict[int, Decimal]:
    return {
        criterion.pk: (criterion.max_points * share).quantize(Decimal("0.01"))
        for criterion in visit.rubric.criteria()
    }


def access_world(*, province_a, province_b, evaluator, leak_marker: str) -> dict:
    """The evaluations objects of the access matrix: a published rubric and a draft; a
    round of province A whose one visit is assigned to ``evaluator`` (its chair), with a
    sheet, a photo and an open result; and a round of province B named with the leak
    marker."""
    from evaluations.models import SiteResult
    from evaluations.services.scoring import evidence_photo_add, score_sheet_submit

    rubric = published_rubric()
    round_a = RoundFactory(province=province_a, program=rubric.program)
    visit_a = visit_for(round_=round_a, rubric=rubric, evaluators=[evaluator])
    sheet_a, _outcome = score_sheet_submit(
        visit=visit_a, evaluator=evaluator, client_id=uuid.uuid4(), rubric_id=rubric.pk,
        scores=scores_for(visit_a),
    )  # fmt: skip
    photo_a, _created = evidence_photo_add(
        visit=visit_a, evaluator=evaluator, client_id=uuid.uuid4(), upload=jpeg_upload()
    )
    round_b = RoundFactory(province=province_b, program=rubric.program, name=leak_marker)
    visit_for(
        round_=round_b,
        rubric=rubric,
        club=ClubFactory(district__province=province_b, name=leak_marker),
    )
    # A draft only administrators see and change: another year, so that the published
    # rubric can still get a new version. Its second component and the last criterion of
    # the first may be deleted; the first criterion is edited.
    draft = draft_rubric(program=rubric.program, fiscal_year=2569)
    first, second = draft.components.order_by("order")
    return {
        "rubric": rubric,
        "draft_rubric": draft,
        "draft_component": first,
        "deletable_component": second,
        "draft_criterion": first.criteria.order_by("order").first(),
        "deletable_criterion": first.criteria.order_by("order").last(),
        "round_a": round_a,
        "seat_a": round_a.evaluators.get(user=evaluator),
        "visit_a": visit_a,
        "sheet_a": sheet_a,
        "photo_a": photo_a,
        "site_result_a": SiteResult.objects.create(visit=visit_a),
    }
