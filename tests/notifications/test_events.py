"""Each event reaches the right people of its province, and no one else, once."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from meetings.services import (
    action_item_add,
    action_item_reassign,
    agenda_item_add,
    meeting_certify,
    meeting_check,
    meeting_return_to_draft,
    meeting_submit,
)
from notifications.models import Channel, Event, Kind, Outbox
from notifications.sweep import action_items_sweep
from notifications.tasks import action_items_sweep_task
from programs.models import PeriodApproval
from programs.services.approvals import (
    PeriodKey,
    period_approval_approve,
    period_approval_return,
    period_approval_submit,
)
from tests.accounts.factories import UserFactory
from tests.meetings.factories import CommitteeFactory, make_meeting
from tests.programs.factories import IndicatorFactory, IndicatorResultFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 7)


def bell(kind=None):
    rows = Outbox.objects.filter(channel=Channel.PORTAL)
    if kind:
        rows = rows.filter(event__kind=kind)
    return sorted(rows.values_list("recipient__username", flat=True))


@pytest.fixture
def people(province_a, province_b, officer_a, officer_b, executive_a, approver_a, evaluator):
    second = UserFactory(username="officer_a2", role=Role.OFFICER, province=province_a)
    return {"officer_a2": second}


def test_minutes_submitted_reach_the_other_officers_of_the_province_only(
    people, officer_a, province_a
):
    committee = CommitteeFactory(provinces=[province_a])
    meeting = make_meeting(committee)

    meeting_submit(meeting=meeting, submitted_by=officer_a)

    assert bell(Kind.MINUTES_SUBMITTED) == ["officer_a2"]  # not the recorder, not province B
    meeting_return_to_draft(meeting=meeting)
    assert bell(Kind.MINUTES_RETURNED) == ["officer_a"]  # the recorder


def test_certified_minutes_reach_every_officer_of_the_province_and_checking_tells_no_one(
    people, officer_a, province_a
):
    committee = CommitteeFactory(provinces=[province_a])
    first = make_meeting(committee, date=datetime.date(2026, 9, 1))
    second = make_meeting(committee, date=datetime.date(2026, 11, 1))
    meeting_submit(meeting=first, submitted_by=officer_a)
    told = Event.objects.count()
    meeting_check(meeting=first, checked_by=people["officer_a2"])
    assert Event.objects.count() == told  # checked: the next step is the meeting's

    meeting_certify(meeting=first, certifying_meeting=second, certified_by=people["officer_a2"])

    assert bell(Kind.MINUTES_CERTIFIED) == ["officer_a", "officer_a2"]  # not province B
    event = Event.objects.get(kind=Kind.MINUTES_CERTIFIED)
    assert event.province_id == province_a.pk and "โดย" in event.body


def test_a_committee_of_two_provinces_tells_each_province_in_its_own_event(
    people, officer_a, officer_b, province_a, province_b
):
    committee = CommitteeFactory(provinces=[province_a, province_b])
    meeting = make_meeting(committee)

    meeting_submit(meeting=meeting, submitted_by=officer_a)

    events = Event.objects.filter(kind=Kind.MINUTES_SUBMITTED)
    assert sorted(events.values_list("province_id", flat=True)) == sorted(
        [province_a.pk, province_b.pk]
    )
    for event in events:
        assert {m.recipient.province_id for m in event.messages.all()} == {event.province_id}


@pytest.fixture
def period(province_a):
    objective = ObjectiveFactory(fiscal_year=2569)
    indicator = IndicatorFactory(objective=objective, frequency="quarterly")
    IndicatorResultFactory(indicator=indicator, province=province_a, period=1)
    return PeriodKey(objective.program, province_a, 2569, "quarterly", 1)


def test_results_submitted_returned_approved_reach_their_people(
    people, period, officer_a, approver_a, executive_a
):
    period_approval_submit(key=period, submitted_by=officer_a)
    assert bell(Kind.RESULTS_SUBMITTED) == ["head_a"]

    approval = PeriodApproval.objects.get()
    period_approval_return(approval=approval, returned_by=approver_a, reason="ตัวเลขไม่ตรงหลักฐาน")
    assert bell(Kind.RESULTS_RETURNED) == ["officer_a", "officer_a2"]

    period_approval_submit(key=period, submitted_by=officer_a)
    assert bell(Kind.RESULTS_SUBMITTED) == ["head_a", "head_a"]  # a second submission is news
    period_approval_approve(approval=approval, approved_by=approver_a)
    assert bell(Kind.RESULTS_APPROVED) == ["governor_a", "officer_a", "officer_a2"]


def test_visit_assigned_then_moved_tells_the_evaluator_and_an_unchanged_save_does_not(
    evaluator, evaluator_other, province_a
):
    from evaluations.models import RoundEvaluator
    from evaluations.services.rounds import visit_create, visit_update
    from tests.evaluations.factories import RoundFactory, published_rubric
    from tests.programs.factories import ClubFactory

    round_ = RoundFactory(province=province_a)
    rubric = published_rubric()
    round_.rubrics.add(rubric)
    RoundEvaluator.objects.create(round=round_, user=evaluator, is_chair=True)
    club = ClubFactory(district__province=province_a)
    in_two_days = timezone.localdate() + datetime.timedelta(days=2)
    when = timezone.make_aware(datetime.datetime.combine(in_two_days, datetime.time(9, 30)))
    fields = dict(
        order=1, scheduled_at=when, place="ชมรมบ้านนาแก", level="club", province=province_a,
        district=club.district, club=club, rubric=rubric,
    )  # fmt: skip

    visit = visit_create(round_=round_, evaluators=[evaluator], **fields)
    assert bell(Kind.VISIT_SCHEDULED) == ["evaluator"]

    visit_update(visit=visit, evaluators=[evaluator], place="ชมรมบ้านนาแก")
    assert bell(Kind.VISIT_SCHEDULED) == ["evaluator"]  # nothing changed for them

    visit_update(
        visit=visit, evaluators=[evaluator], scheduled_at=when + datetime.timedelta(days=1)
    )
    assert bell(Kind.VISIT_SCHEDULED) == ["evaluator", "evaluator"]
    assert Event.objects.filter(title__startswith="การตรวจเยี่ยมเปลี่ยน").count() == 1


def test_report_ready_reaches_its_requester_and_the_monthly_summary_the_province(
    people, officer_a, province_a
):
    from reports.signals import report_ready
    from tests.reports.factories import ReportJobFactory

    mine = ReportJobFactory(kind="minutes", requested_by=officer_a, province=province_a)
    report_ready.send(sender=type(mine), job=mine)
    assert bell(Kind.REPORT_READY) == ["officer_a"]

    monthly = ReportJobFactory(kind="provincial_summary", requested_by=None, province=province_a)
    report_ready.send(sender=type(monthly), job=monthly)
    report_ready.send(sender=type(monthly), job=monthly)  # told twice: still once
    assert bell(Kind.MONTHLY_SUMMARY) == ["governor_a", "head_a", "officer_a", "officer_a2"]


def _items(province, *dues, name="คณะกรรมการ"):
    committee = CommitteeFactory(provinces=[province], name=name)
    meeting = make_meeting(committee, date=TODAY - datetime.timedelta(days=30))
    agenda = agenda_item_add(meeting=meeting, part=4, title="ติดตามงาน")
    return [
        action_item_add(
            agenda_item=agenda, description=f"งาน {i}", responsible="สสจ.", due_date=due
        )
        for i, due in enumerate(dues)
    ]


def test_sweep_raises_due_in_3_and_1_days_and_overdue_once_for_the_province(
    people, province_a, province_b, settings
):
    settings.NOTIFY_DUE_IN_DAYS = [3, 1]
    day = datetime.timedelta(days=1)
    _items(province_a, TODAY + 3 * day, TODAY + day, TODAY - 2 * day, TODAY + 2 * day)
    _items(province_b, TODAY - day, name="คณะกรรมการศรีสะเกษ")

    first = action_items_sweep(today=TODAY)
    again = action_items_sweep(today=TODAY)  # beat ran twice

    assert first["events"] == 4 and again["events"] == 0 and again["rows"] == 0
    assert bell(Kind.ACTION_DUE) == ["officer_a", "officer_a", "officer_a2", "officer_a2"]
    assert bell(Kind.ACTION_OVERDUE) == ["officer_a", "officer_a2", "officer_b"]
    overdue_b = Outbox.objects.get(event__kind=Kind.ACTION_OVERDUE, recipient__username="officer_b")
    assert overdue_b.event.province_id == province_b.pk

    # The next day: the item due in 2 days is now due in 1; the overdue one stays told once.
    action_items_sweep(today=TODAY + day)
    assert len(bell(Kind.ACTION_DUE)) == 6
    assert len(bell(Kind.ACTION_OVERDUE)) == 3
    # The day after, the item that was due in 1 day is overdue: told once more.
    action_items_sweep(today=TODAY + 2 * day)
    assert len(bell(Kind.ACTION_OVERDUE)) == 3 + 2


def test_sweep_task_is_idempotent(people, province_a):
    _items(province_a, timezone.localdate() - datetime.timedelta(days=1))
    action_items_sweep_task()
    action_items_sweep_task()
    assert bell(Kind.ACTION_OVERDUE) == ["officer_a", "officer_a2"]


def test_reassigned_item_tells_the_officers_of_its_province_each_time_and_no_one_else(
    people, officer_a, officer_b, executive_a, province_a, province_b
):
    (item,) = _items(province_a, TODAY + datetime.timedelta(days=10))
    _items(province_b, TODAY, name="คณะกรรมการศรีสะเกษ")

    action_item_reassign(
        action_item=item, responsible="สำนักงานวัฒนธรรมจังหวัด", reason="ตรงภารกิจ",
        reassigned_by=officer_a,
    )  # fmt: skip

    assert bell(Kind.ACTION_REASSIGNED) == ["officer_a2"]  # not who did it, not province B
    event = Event.objects.get(kind=Kind.ACTION_REASSIGNED)
    assert event.province_id == province_a.pk
    assert event.title.startswith("ข้อสั่งการเปลี่ยนผู้รับผิดชอบเป็น สำนักงานวัฒนธรรมจังหวัด")
    assert event.body.startswith("เดิม สสจ.")
    assert event.url.endswith(f"#action-{item.pk}")

    # Back to the first agency and then again to the second: each one is news.
    action_item_reassign(action_item=item, responsible="สสจ.", reassigned_by=officer_a)
    action_item_reassign(
        action_item=item, responsible="สำนักงานวัฒนธรรมจังหวัด", reassigned_by=executive_a
    )
    assert bell(Kind.ACTION_REASSIGNED) == ["officer_a", "officer_a2", "officer_a2", "officer_a2"]
