"""One object-level check for every view: 404 outside the view scope, 403 inside it
when the change is not allowed."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.scoping import Action, can_change, scoped_object
from programs.models import Club
from tests.programs.factories import ClubFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def club_a(province_a):
    return ClubFactory(province=province_a)


def test_the_officer_of_the_province_gets_the_row_to_change(club_a, officer_a):
    assert scoped_object(Club, officer_a, Action.CHANGE, pk=club_a.pk) == club_a
    assert can_change(officer_a, club_a)


def test_another_province_gets_404_whatever_the_action(club_a, officer_b):
    for action in Action:
        with pytest.raises(Http404):
            scoped_object(Club, officer_b, action, pk=club_a.pk)


def test_a_reader_of_the_province_sees_it_and_gets_403_for_a_change(club_a, executive_a):
    assert scoped_object(Club.objects.select_related("province"), executive_a, pk=club_a.pk)
    with pytest.raises(PermissionDenied):
        scoped_object(Club, executive_a, Action.CHANGE, pk=club_a.pk)
    assert not can_change(executive_a, club_a)
