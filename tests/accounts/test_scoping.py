"""`Model.objects.for_user(user, action)`: who reads and who changes which geography."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Role
from core.scoping import Action
from programs.models import District, Province, Subdistrict, Village
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

BOTH = {"48", "33"}
GEOGRAPHY = [Province, District, Subdistrict, Village]


@pytest.fixture(autouse=True)
def two_provinces_with_villages(province_a, province_b):
    """Both provinces, each down to one village."""
    for code in ("480101", "330101"):
        Village.objects.create(subdistrict_id=code, number=1, name_th=f"หมู่บ้าน{code}")


def provinces_of(queryset) -> set[str]:
    """The provinces a queryset of any geography level reaches."""
    return set(queryset.values_list(queryset.province_field, flat=True))


@pytest.fixture
def users(admin_user, officer_a, evaluator, executive_a, national_executive):
    return {
        "admin": admin_user,
        "officer_a": officer_a,
        "evaluator": evaluator,
        "executive_a": executive_a,
        "national_executive": national_executive,
    }


@pytest.mark.parametrize("model", GEOGRAPHY)
@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("admin", BOTH),
        ("officer_a", {"48"}),
        ("executive_a", {"48"}),
        ("national_executive", BOTH),
        ("evaluator", set()),
    ],
)
def test_view_scope_by_role(users, model, who, sees):
    rows = model.objects.for_user(users[who], Action.VIEW)

    assert provinces_of(rows) == sees


@pytest.mark.parametrize("model", GEOGRAPHY)
@pytest.mark.parametrize(
    ("who", "changes"),
    [
        ("admin", BOTH),
        ("officer_a", {"48"}),
        ("executive_a", set()),
        ("national_executive", set()),
        ("evaluator", set()),
    ],
)
def test_change_scope_by_role(users, model, who, changes):
    rows = model.objects.for_user(users[who], Action.CHANGE)

    assert provinces_of(rows) == changes


@pytest.mark.parametrize("model", GEOGRAPHY)
def test_action_may_be_given_as_text(officer_a, model):
    assert provinces_of(model.objects.for_user(officer_a, "change")) == {"48"}
    assert provinces_of(model.objects.for_user(officer_a)) == {"48"}


def test_unknown_action_is_an_error(officer_a):
    with pytest.raises(ValueError):
        Province.objects.for_user(officer_a, "delete")


@pytest.mark.parametrize("model", GEOGRAPHY)
def test_officer_of_the_other_province_sees_only_that_province(officer_b, model):
    assert provinces_of(model.objects.for_user(officer_b)) == {"33"}


@pytest.mark.parametrize("model", GEOGRAPHY)
def test_inactive_user_sees_nothing_whatever_the_role(admin_user, officer_a, model):
    for user in (admin_user, officer_a):
        user.is_active = False
        user.save()

        assert not model.objects.for_user(user).exists()


@pytest.mark.parametrize("model", GEOGRAPHY)
@pytest.mark.parametrize("anonymous", [AnonymousUser(), None])
def test_anonymous_sees_nothing(model, anonymous):
    assert not model.objects.for_user(anonymous).exists()


def test_superuser_whatever_the_role_field_sees_and_changes_everything(province_a):
    superuser = UserFactory(
        username="root", role=Role.OFFICER, province=province_a, is_superuser=True
    )

    assert provinces_of(District.objects.for_user(superuser, Action.CHANGE)) == BOTH


def test_evaluator_with_a_province_still_sees_no_geography(province_a):
    evaluator = UserFactory(username="evaluator48", role=Role.EVALUATOR, province=province_a)

    assert not Province.objects.for_user(evaluator).exists()


def test_scoping_narrows_an_already_filtered_queryset(officer_a):
    rows = District.objects.filter(name_th__startswith="เมือง").for_user(officer_a)

    assert list(rows.values_list("code", flat=True)) == ["4801"]
