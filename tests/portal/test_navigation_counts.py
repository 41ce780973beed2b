"""The menu's งานของฉัน number, kept in the cache: right on the next request after any
write that changes it, after midnight and (evaluators) when a visit comes near, and
never another user's."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Visit
from evaluations.services.scoring import score_sheet_submit
from meetings.models import ActionStatus
from meetings.services import action_item_add, action_item_set_status
from portal.work import navigation_counts, work_counts
from tests.evaluations.factories import RoundFactory, published_rubric, scores_for, visit_for
from tests.portal.test_my_work import committee_with_items, days

pytestmark = pytest.mark.django_db


def badge(client) -> str:
    html = client.get(reverse("portal:privacy")).content.decode()
    if "data-nav-work-count>" not in html:
        return "none"
    return html.split("data-nav-work-count>", 1)[1].split("<", 1)[0]


def test_a_write_changes_the_menu_on_the_next_request(client, officer_a, province_a):
    _meeting, agenda, (late,) = committee_with_items(province_a, ("จัดทำแผน", days(-2)))
    client.force_login(officer_a)
    assert badge(client) == "2"  # the late item and the meeting's draft minutes
    assert badge(client) == "2"  # from the cache now

    action_item_add(
        agenda_item=agenda, description="ส่งรายงาน", responsible="สสจ.", due_date=days(1)
    )
    assert badge(client) == "3"

    action_item_set_status(action_item=late, status=ActionStatus.DONE, updated_by=officer_a)
    assert badge(client) == "2"


def test_the_counts_are_not_counted_again_while_nothing_changes(client, officer_a, province_a):
    committee_with_items(province_a, ("จัดทำแผน", days(-2)))
    client.force_login(officer_a)
    url = reverse("portal:privacy")
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        client.get(url)

    counted = [q["sql"] for q in first.captured_queries if "meetings_actionitem" in q["sql"]]
    assert counted  # the first request counted
    assert not [q for q in second.captured_queries if "meetings_actionitem" in q["sql"]]
    assert len(second.captured_queries) < len(first.captured_queries)
    assert navigation_counts(officer_a) == work_counts(officer_a)


def test_a_user_is_never_shown_counts_kept_for_another(
    client, officer_a, officer_b, province_a, province_b
):
    committee_with_items(province_a, ("งานนครพนม", days(-2)))
    assert navigation_counts(officer_a)["actions"] == 1  # kept for officer A

    assert navigation_counts(officer_b)["actions"] == 0
    client.force_login(officer_b)
    assert badge(client) == "none"


def test_an_item_coming_due_after_midnight_counts_without_a_write(
    officer_a, province_a, monkeypatch
):
    committee_with_items(province_a, ("งานเดือนหน้า", days(8)))  # due soon: within 7 days
    assert navigation_counts(officer_a)["actions"] == 0

    tomorrow = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)

    assert navigation_counts(officer_a)["actions"] == 1


def test_an_evaluators_visit_comes_near_and_begins_by_the_clock_alone(
    evaluator, province_a, monkeypatch
):
    start = timezone.now()
    visit = visit_for(round_=RoundFactory(province=province_a), rubric=published_rubric(),
                      evaluators=[evaluator])  # fmt: skip
    # A change the history does not see: only the clock can make the counts move below.
    Visit.objects.filter(pk=visit.pk).update(
        scheduled_at=start + datetime.timedelta(days=7, hours=1)
    )
    assert navigation_counts(evaluator) | {"unread": 0} == {"visits": 0, "sheets": 0, "unread": 0}

    def at(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return navigation_counts(evaluator)

    assert at(start + datetime.timedelta(hours=2))["visits"] == 1  # within the 7 days ahead
    assert at(start + datetime.timedelta(days=7, hours=2)) == {
        "visits": 1,
        "sheets": 1,
        "unread": 0,
    }
    assert at(start + datetime.timedelta(days=7, hours=14))["visits"] == 0  # 12 hours after
    assert work_counts(evaluator) == navigation_counts(evaluator)


def test_an_evaluators_sheet_sent_leaves_the_count(evaluator, province_a):
    rubric = published_rubric()
    visit = visit_for(round_=RoundFactory(province=province_a), rubric=rubric,
                      evaluators=[evaluator])  # fmt: skip
    visit.scheduled_at = timezone.now() - datetime.timedelta(days=1)
    visit.save()
    assert navigation_counts(evaluator)["sheets"] == 1

    score_sheet_submit(visit=visit, evaluator=evaluator, client_id=uuid.uuid4(),
                       rubric_id=rubric.pk, scores=scores_for(visit))  # fmt: skip

    assert navigation_counts(evaluator)["sheets"] == 0
