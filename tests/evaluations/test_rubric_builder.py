"""Building a rubric in the portal: an administrator creates it, adds components and
criteria, sets the tier bands, publishes it and starts a new version; nobody else
reaches those pages, and drafts are the administrators' alone."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations.models import Criterion, Rubric, RubricComponent, RubricStatus, TierBand
from evaluations.services.rubrics import rubric_create, rubric_new_version
from programs.models import Tier
from tests.evaluations.factories import RoundFactory, draft_rubric, published_rubric
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_administrator_builds_publishes_and_revises_a_rubric(client, admin_user):
    program = ProgramFactory(slug="to-be-number-one")
    client.force_login(admin_user)

    # Create: a draft, version 1.
    response = client.post(
        reverse("evaluations:rubric_create"),
        {
            "program": program.pk,
            "fiscal_year": 2568,
            "entity_level": "club",
            "club_type": "school",
            "name": "เกณฑ์ชมรมในสถานศึกษา",
        },
    )
    rubric = Rubric.objects.get(name="เกณฑ์ชมรมในสถานศึกษา")
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:rubric_detail", args=[rubric.pk])
    assert (rubric.version, rubric.status, rubric.club_type) == (1, RubricStatus.DRAFT, "school")

    # Components and criteria, numbered in order without being asked.
    add_component = reverse("evaluations:rubric_component_add", args=[rubric.pk])
    client.post(add_component, {"title": "การรณรงค์"})
    client.post(add_component, {"title": "3 ก."})
    first, second = rubric.components.order_by("order")
    assert [(first.order, first.title), (second.order, second.title)] == [
        (1, "การรณรงค์"),
        (2, "3 ก."),
    ]
    for component, maxima in ((first, ["0.5", "1.5"]), (second, ["0.3"])):
        for number, max_points in enumerate(maxima, start=1):
            prefix = f"component-{component.pk}"
            response = client.post(
                reverse("evaluations:rubric_criterion_add", args=[component.pk]),
                {
                    f"{prefix}-text": f"ประเด็นที่ {number} ของ {component.title}",
                    f"{prefix}-max_points": max_points,
                    f"{prefix}-guidance": "มีครบ ได้เต็ม",
                    f"{prefix}-evidence": "ภาพถ่าย",
                },
            )
            assert response.status_code == 302
    assert [(c.code, c.max_points) for c in rubric.criteria()] == [
        ("1.1", Decimal("0.50")),
        ("1.2", Decimal("1.50")),
        ("2.1", Decimal("0.30")),
    ]

    # Edit a criterion on its own page.
    criterion = rubric.criteria().get(order=2, component=first)
    edit = reverse("evaluations:rubric_criterion_edit", args=[criterion.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {
            "order": 2,
            "text": "มีการรณรงค์ทุกเดือน",
            "max_points": "1.2",
            "guidance": "",
            "evidence": "",
        },
    )
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert (criterion.text, criterion.max_points) == ("มีการรณรงค์ทุกเดือน", Decimal("1.20"))

    # Tier bands: one per tier, blanks have no band.
    response = client.post(
        reverse("evaluations:rubric_bands", args=[rubric.pk]),
        {f"tier_{Tier.OUTSTANDING}": "1", f"tier_{Tier.GOLD}": "1.5", f"tier_{Tier.DIAMOND}": ""},
    )
    assert response.status_code == 302
    assert list(rubric.bands.values_list("tier", "min_score")) == [
        (Tier.OUTSTANDING, Decimal("1.00")),
        (Tier.GOLD, Decimal("1.50")),
    ]

    # The page shows it all, with the total.
    page = client.get(reverse("evaluations:rubric_detail", args=[rubric.pk]))
    body = page.content.decode()
    assert "มีการรณรงค์ทุกเดือน" in body and "ภาพถ่าย" in body and "มีครบ ได้เต็ม" in body
    assert page.context["total"] == Decimal("2.00")
    assert "ประกาศใช้" in body

    # Publish.
    response = client.post(reverse("evaluations:rubric_publish", args=[rubric.pk]))
    assert response.status_code == 302
    rubric.refresh_from_db()
    assert rubric.is_published and rubric.published_at is not None

    # A new version: a draft copy, where the change goes; the published one stays.
    response = client.post(reverse("evaluations:rubric_new_version", args=[rubric.pk]))
    draft = Rubric.objects.get(previous_version=rubric)
    assert response["Location"] == reverse("evaluations:rubric_detail", args=[draft.pk])
    assert (draft.version, draft.status) == (2, RubricStatus.DRAFT)
    copied = draft.criteria().get(component__order=1, order=1)
    client.post(
        reverse("evaluations:rubric_criterion_edit", args=[copied.pk]),
        {"order": 1, "text": "ฉบับใหม่", "max_points": "0.8", "guidance": "", "evidence": ""},
    )
    client.post(
        reverse("evaluations:rubric_criterion_delete", args=[
            draft.criteria().get(component__order=2, order=1).pk
        ]),
    )  # fmt: skip
    assert [(c.code, c.text, c.max_points) for c in draft.criteria()][0] == (
        "1.1",
        "ฉบับใหม่",
        Decimal("0.80"),
    )
    assert draft.criteria().count() == 2
    assert [(c.code, c.text, c.max_points) for c in rubric.criteria()] == [
        ("1.1", "ประเด็นที่ 1 ของ การรณรงค์", Decimal("0.50")),
        ("1.2", "มีการรณรงค์ทุกเดือน", Decimal("1.20")),
        ("2.1", "ประเด็นที่ 1 ของ 3 ก.", Decimal("0.30")),
    ]

    # The list shows both versions with their status.
    listing = client.get(reverse("evaluations:rubric_list"), {"program": program.pk})
    assert [(r.version, r.status) for r in listing.context["rubrics"]] == [
        (2, RubricStatus.DRAFT),
        (1, RubricStatus.PUBLISHED),
    ]


def test_creating_an_existing_combination_points_to_a_new_version(client, admin_user):
    rubric = published_rubric()
    client.force_login(admin_user)

    response = client.post(
        reverse("evaluations:rubric_create"),
        {
            "program": rubric.program.pk,
            "fiscal_year": rubric.fiscal_year,
            "entity_level": rubric.entity_level,
            "club_type": "",
            "name": "ชื่อใหม่",
        },
    )

    assert response.status_code == 400
    assert "สร้างฉบับใหม่" in response.content.decode()
    assert response.context["form"]["name"].value() == "ชื่อใหม่"  # nothing typed is lost
    assert Rubric.objects.count() == 1


def test_a_published_rubric_is_never_changed_through_the_pages(client, admin_user):
    rubric = published_rubric()
    component = rubric.components.first()
    criterion = rubric.criteria().first()
    before = list(rubric.criteria().values_list("text", "max_points"))
    bands_before = list(rubric.bands.values_list("tier", "min_score"))
    client.force_login(admin_user)

    posts = [
        (reverse("evaluations:rubric_component_add", args=[rubric.pk]), {"title": "ใหม่"}),
        (
            reverse("evaluations:rubric_criterion_add", args=[component.pk]),
            {f"component-{component.pk}-text": "ใหม่", f"component-{component.pk}-max_points": "1"},
        ),
        (
            reverse("evaluations:rubric_criterion_edit", args=[criterion.pk]),
            {"order": 1, "text": "แก้", "max_points": "9"},
        ),
        (reverse("evaluations:rubric_criterion_delete", args=[criterion.pk]), {}),
        (reverse("evaluations:rubric_component_delete", args=[component.pk]), {}),
        (reverse("evaluations:rubric_bands", args=[rubric.pk]), {f"tier_{Tier.GOLD}": "1"}),
        (reverse("evaluations:rubric_delete", args=[rubric.pk]), {}),
    ]
    for url, data in posts:
        response = client.post(url, data, follow=True)
        assert "ประกาศใช้แล้วแก้ไขไม่ได้" in " ".join(_messages(response)), url

    assert list(rubric.criteria().values_list("text", "max_points")) == before
    assert list(rubric.bands.values_list("tier", "min_score")) == bands_before
    assert rubric.components.count() == 2


def test_a_criterion_with_a_mistake_is_shown_again_with_what_was_typed(client, admin_user):
    rubric = draft_rubric()
    component = rubric.components.first()
    client.force_login(admin_user)

    response = client.post(
        reverse("evaluations:rubric_criterion_add", args=[component.pk]),
        {
            f"component-{component.pk}-text": "ประเด็นใหม่",
            f"component-{component.pk}-max_points": "0",
        },
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "ประเด็นใหม่" in body
    assert component.criteria.count() == 3


def test_bands_must_rise_with_the_tier(client, admin_user):
    rubric = draft_rubric()
    client.force_login(admin_user)

    response = client.post(
        reverse("evaluations:rubric_bands", args=[rubric.pk]),
        {f"tier_{Tier.OUTSTANDING}": "3", f"tier_{Tier.GOLD}": "2"},
    )

    assert response.status_code == 400
    assert "ต้องมากกว่าของระดับ" in response.content.decode()
    assert list(rubric.bands.values_list("min_score", flat=True)) == [
        Decimal("2.00"),
        Decimal("3.00"),
        Decimal("3.80"),
    ]


def test_deleting_a_component_takes_its_criteria_and_a_draft_can_be_thrown_away(client, admin_user):
    rubric = draft_rubric()
    second = rubric.components.get(order=2)
    client.force_login(admin_user)

    client.post(reverse("evaluations:rubric_component_delete", args=[second.pk]))
    assert not RubricComponent.objects.filter(pk=second.pk).exists()
    assert rubric.criteria().count() == 3
    # The next component proposed is number 2 again.
    page = client.get(reverse("evaluations:rubric_detail", args=[rubric.pk]))
    assert page.context["next_component_order"] == 2

    response = client.post(reverse("evaluations:rubric_delete", args=[rubric.pk]))
    assert response["Location"] == reverse("evaluations:rubric_list")
    assert not Rubric.objects.filter(pk=rubric.pk).exists()
    assert not Criterion.objects.exists() and not TierBand.objects.exists()


@pytest.mark.parametrize("role", ["officer_a", "evaluator", "executive_a", "national_executive"])
def test_only_administrators_reach_the_change_pages(client, request, role):
    user = request.getfixturevalue(role)
    draft = draft_rubric(fiscal_year=2569)
    published = published_rubric()
    component = draft.components.first()
    criterion = draft.criteria().first()
    client.force_login(user)

    pages = [
        reverse("evaluations:rubric_create"),
        reverse("evaluations:rubric_import"),
        reverse("evaluations:rubric_import_template"),
        reverse("evaluations:rubric_criterion_edit", args=[criterion.pk]),
    ]
    actions = [
        reverse("evaluations:rubric_component_add", args=[draft.pk]),
        reverse("evaluations:rubric_component_delete", args=[component.pk]),
        reverse("evaluations:rubric_criterion_add", args=[component.pk]),
        reverse("evaluations:rubric_criterion_delete", args=[criterion.pk]),
        reverse("evaluations:rubric_bands", args=[draft.pk]),
        reverse("evaluations:rubric_publish", args=[draft.pk]),
        reverse("evaluations:rubric_delete", args=[draft.pk]),
        reverse("evaluations:rubric_new_version", args=[published.pk]),
    ]
    for url in pages:
        assert client.get(url).status_code == 403, url
    for url in pages + actions:
        assert client.post(url, {"title": "x", "name": "x"}).status_code == 403, url

    # Drafts are not there for them; published rubrics are, without any change button.
    assert client.get(reverse("evaluations:rubric_detail", args=[draft.pk])).status_code == 404
    page = client.get(reverse("evaluations:rubric_detail", args=[published.pk]))
    assert page.status_code == 200
    assert "สร้างฉบับใหม่" not in page.content.decode()
    listed = client.get(reverse("evaluations:rubric_list")).context["rubrics"]
    assert [rubric.pk for rubric in listed] == [published.pk]
    assert draft.criteria().count() == 6 and draft.status == RubricStatus.DRAFT
    assert Rubric.objects.count() == 2


def test_the_list_filters_by_program_and_year(client, admin_user):
    old = published_rubric(fiscal_year=2567)
    current = published_rubric(fiscal_year=2568, program=old.program)
    other_program = rubric_create(
        program=ProgramFactory(slug="phetchabun-sufficiency"),
        fiscal_year=2568,
        entity_level="province",
        name="เกณฑ์อื่น",
    )
    client.force_login(admin_user)

    by_year = client.get(reverse("evaluations:rubric_list"), {"fiscal_year": 2568})
    by_program = client.get(reverse("evaluations:rubric_list"), {"program": old.program.pk})

    assert {r.pk for r in by_year.context["rubrics"]} == {current.pk, other_program.pk}
    assert {r.pk for r in by_program.context["rubrics"]} == {old.pk, current.pk}


def test_new_version_refused_while_a_draft_exists(client, admin_user):
    rubric = published_rubric()
    rubric_new_version(rubric=rubric)
    client.force_login(admin_user)

    response = client.post(reverse("evaluations:rubric_new_version", args=[rubric.pk]), follow=True)

    assert "มีฉบับร่างของเกณฑ์นี้อยู่แล้ว" in " ".join(_messages(response))
    assert Rubric.objects.count() == 2


def test_administrators_have_a_menu_link_and_rounds_link_their_rubrics(
    client, admin_user, officer_a, province_a
):
    rubric = published_rubric()
    round_ = RoundFactory(province=province_a, program=rubric.program)
    round_.rubrics.add(rubric)
    client.force_login(officer_a)
    page = client.get(reverse("evaluations:round_detail", args=[round_.pk]))
    assert reverse("evaluations:rubric_detail", args=[rubric.pk]) in page.content.decode()

    client.force_login(admin_user)
    home = client.get(reverse("portal:home"), follow=True)
    assert reverse("evaluations:rubric_list") in [url for _label, url in home.context["nav_items"]]

    client.force_login(officer_a)
    home = client.get(reverse("portal:home"), follow=True)
    assert reverse("evaluations:rubric_list") not in [
        url for _label, url in home.context["nav_items"]
    ]


def test_a_criterion_cannot_take_the_number_of_another(client, admin_user):
    rubric = draft_rubric()
    criterion = rubric.criteria().get(component__order=1, order=1)
    client.force_login(admin_user)

    response = client.post(
        reverse("evaluations:rubric_criterion_edit", args=[criterion.pk]),
        {"order": 2, "text": "ข้อความใหม่", "max_points": "1"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["order"] == ["องค์ประกอบนี้มีประเด็นลำดับที่ 2 อยู่แล้ว"]
    assert "ข้อความใหม่" in response.content.decode()
    criterion.refresh_from_db()
    assert (criterion.order, criterion.text) == (1, "ประเด็น 1.1")
