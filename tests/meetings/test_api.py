"""The meetings API (read-only): who recorded, checked and certified the minutes is
there to read, so that separation of duties can be audited from outside (issue 19)."""

import datetime

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from meetings.services import meeting_certify, meeting_check, meeting_submit
from tests.accounts.factories import UserFactory
from tests.meetings.factories import CommitteeFactory, make_meeting

pytestmark = pytest.mark.django_db


def test_the_api_names_the_recorder_the_checker_and_who_recorded_the_certification(
    province_a, officer_a, executive_a
):
    checker = UserFactory(username="checker_a", role=Role.OFFICER, province=province_a)
    committee = CommitteeFactory(provinces=[province_a])
    first = make_meeting(committee, date=datetime.date(2024, 3, 1))
    meeting_submit(meeting=first, submitted_by=officer_a)
    meeting_check(meeting=first, checked_by=checker)
    second = make_meeting(committee, date=datetime.date(2024, 6, 1))
    meeting_certify(meeting=first, certifying_meeting=second, certified_by=checker)
    api = APIClient()
    api.force_authenticate(executive_a)  # a reader, as an auditor would be

    body = api.get(f"/api/v1/meetings/{first.pk}/").json()

    assert (body["recorded_by"], body["checked_by"], body["certified_by"]) == (
        officer_a.pk, checker.pk, checker.pk
    )  # fmt: skip
    assert body["certified_in"] == second.pk
    assert body["submitted_at"] and body["checked_at"] and body["certified_at"]


def test_the_meetings_api_has_no_way_around_the_workflow(officer_a, province_a):
    meeting = make_meeting(CommitteeFactory(provinces=[province_a]))
    api = APIClient()
    api.force_authenticate(officer_a)

    for body in ({"minutes_status": "certified"}, {"checked_by": officer_a.pk}):
        assert api.patch(f"/api/v1/meetings/{meeting.pk}/", body, format="json").status_code == 405
    meeting.refresh_from_db()
    assert (meeting.minutes_status, meeting.checked_by) == ("draft", None)
