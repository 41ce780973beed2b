from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from evaluations.models import Criterion, RubricStatus, TierBand
from evaluations.services.rubrics import rubric_new_version, rubric_publish
from programs.models import Tier
from tests.evaluations.factories import draft_rubric, published_rubric

pytestmark = pytest.mark.django_db


def test_published_rubric_cannot_be_edited():
    rubric = published_rubric()
    criterion = rubric.criteria().first()

    criterion.max_points = Decimal("5")
    with pytest.raises(ValidationError, match="ประกาศใช้แล้วแก้ไขไม่ได้"):
        criterion.full_clean()
    band = TierBand(rubric=rubric, tier=Tier.DIAMOND, min_score=Decimal("3.5"))
    with pytest.raises(ValidationError, match="ประกาศใช้แล้วแก้ไขไม่ได้"):
        band.full_clean()


def test_new_version_copies_everything_as_a_draft_and_leaves_the_old_one_alone():
    rubric = published_rubric()

    draft = rubric_new_version(rubric=rubric)

    assert (draft.version, draft.status) == (2, RubricStatus.DRAFT)
    assert draft.previous_version == rubric
    assert [(c.code, c.max_points) for c in draft.criteria()] == [
        (c.code, c.max_points) for c in rubric.criteria()
    ]
    assert list(draft.bands.values_list("tier", "min_score")) == list(
        rubric.bands.values_list("tier", "min_score")
    )
    changed = draft.criteria().first()
    changed.max_points = Decimal("2.0")
    changed.full_clean()
    changed.save()
    assert rubric.criteria().first().max_points == Decimal("1.0")


def test_only_one_draft_at_a_time():
    rubric = published_rubric()
    rubric_new_version(rubric=rubric)

    with pytest.raises(ValidationError, match="มีฉบับร่าง"):
        rubric_new_version(rubric=rubric)


def test_publishing_needs_criteria_and_bands_within_the_maximum():
    empty = draft_rubric(structure=[], bands=[])
    with pytest.raises(ValidationError, match="อย่างน้อยหนึ่งประเด็น"):
        rubric_publish(rubric=empty)
    too_high = draft_rubric(bands=[(Tier.GOLD, "9.00")], fiscal_year=2569)
    with pytest.raises(ValidationError, match="เกินคะแนนเต็ม 4"):
        rubric_publish(rubric=too_high)


@pytest.mark.parametrize(
    ("total", "tier"),
    [
        (None, None),
        ("0", None),
        ("1.99", None),
        ("2.00", Tier.OUTSTANDING),
        ("2.99", Tier.OUTSTANDING),
        ("3.00", Tier.GOLD),
        ("3.79", Tier.GOLD),
        ("3.80", Tier.TOP_DIAMOND),
        ("4.00", Tier.TOP_DIAMOND),
    ],
)
def test_tier_bands_at_their_edges(total, tier):
    rubric = published_rubric()

    assert rubric.tier_for(None if total is None else Decimal(total)) == tier


def test_criterion_codes_follow_component_and_order():
    rubric = published_rubric()

    assert [c.code for c in rubric.criteria()] == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3"]
    assert Criterion.objects.filter(component__rubric=rubric).count() == 6
