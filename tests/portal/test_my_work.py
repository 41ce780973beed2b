"""งานของฉัน: each role sees its own work, overdue first, in a fixed number of queries."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Visit
from meetings.models import ActionItem, ActionStatus
from meetings.services import action_item_add, agenda_item_add
from portal.work import work_counts
from programs.models import ApprovalState, PeriodApproval
from tests.evaluations.factories import RoundFactory, published_rubric, visit_for
from tests.meetings.factories import CommitteeFactory, make_meeting
from tests.programs.factories import IndicatorFactory, ObjectiveFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    # today when called: a suite that runs past midnight (Bangkok) must not count from yesterday
    return timezone.localdate() + datetime.timedelta(days=n)


def committee_with_items(province, *items, name="คณะกรรมการ TO BE NUMBER ONE"):
    """A meeting held last week whose agenda item carries ``items``: (text, due date)."""
    committee = CommitteeFactory(provinces=[province], name=name)
    meeting = make_meeting(committee, date=days(-7))
    agenda = agenda_item_add(meeting=meeting, part=4, title="การติดตามงาน")
    made = [
        action_item_add(agenda_item=agenda, description=text, responsible="สสจ.", due_date=due)
        for text, due in items
    ]
    return meeting, agenda, made


def page(client, user, url="portal:my_work"):
    client.force_login(user)
    response = client.get(reverse(url))
    assert response.status_code == 200
    return response.content.decode()


def test_officer_sees_overdue_first_then_due_soon_of_their_province_only(
    client, officer_a, province_a, province_b
):
    committee_with_items(
        province_a,
        ("ส่งรายงานชมรมใกล้กำหนด", days(3)),
        ("จัดทำแผนเลยกำหนด", days(-2)),
        ("งานอีกนาน", days(40)),
    )
    committee_with_items(province_b, ("งานลับศรีสะเกษ", days(-2)), name="คณะกรรมการศรีสะเกษ")

    html = page(client, officer_a)

    assert html.index("จัดทำแผนเลยกำหนด") < html.index("ส่งรายงานชมรมใกล้กำหนด")
    assert "เลยกำหนด 2 วัน" in html
    assert "งานอีกนาน" not in html
    assert "งานลับศรีสะเกษ" not in html and "คณะกรรมการศรีสะเกษ" not in html
    counts = work_counts(officer_a)
    assert counts["actions"] == 2
    assert counts["minutes"] == 1  # the meeting held last week has draft minutes


def test_marking_done_from_the_page_drops_the_count(client, officer_a, province_a):
    _meeting, _agenda, (late, soon) = committee_with_items(
        province_a, ("จัดทำแผนเลยกำหนด", days(-2)), ("ส่งรายงาน", days(2))
    )
    html = page(client, officer_a)
    assert "data-nav-work-count>3<" in html  # two items and the draft minutes

    response = client.post(
        reverse("meetings:action_status", args=[late.pk]),
        {"status": ActionStatus.DONE, "next": reverse("portal:my_work")},
    )

    assert response.status_code == 302 and response["Location"] == reverse("portal:my_work")
    assert ActionItem.objects.get(pk=late.pk).status == ActionStatus.DONE
    html = page(client, officer_a)
    assert "จัดทำแผนเลยกำหนด" not in html
    assert "data-nav-work-count>2<" in html
    assert work_counts(officer_a)["actions"] == 1


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["portal:my_work", "portal:home"])
def test_officer_work_query_count_does_not_grow_with_the_data(client, officer_a, province_a, url):
    committee_with_items(province_a, ("งานแรก", days(-1)), ("งานสอง", days(1)))
    client.force_login(officer_a)
    _queries(client, reverse(url))  # warm the session and caches
    cache.clear()  # the menu's counts counted, not read from the cache, both times
    few = _queries(client, reverse(url))

    for n in range(3):
        committee_with_items(
            province_a,
            *[(f"งานที่ {n}-{i}", days(i - 3)) for i in range(8)],
            name=f"คณะทำงานชุดที่ {n}",
        )

    cache.clear()
    assert _queries(client, reverse(url)) == few


def test_approver_sees_periods_waiting_and_checker_sees_minutes_waiting(
    client, officer_a, approver_a, province_a, province_b
):
    program = ProgramFactory(slug="petchabun-pho-phiang", short_name="เพชรบูรณ์พอเพียง")
    PeriodApproval.objects.create(
        program=program, province=province_a, fiscal_year=2569, frequency="quarterly",
        period=1, state=ApprovalState.SUBMITTED, submitted_by=officer_a,
        submitted_at=timezone.now(),
    )  # fmt: skip
    PeriodApproval.objects.create(
        program=program, province=province_b, fiscal_year=2569, frequency="quarterly",
        period=2, state=ApprovalState.SUBMITTED, submitted_at=timezone.now(),
    )  # fmt: skip

    html = page(client, approver_a)

    assert "ผลตัวชี้วัดที่รอการรับรอง" in html
    assert work_counts(approver_a)["approve"] == 1  # not province B's
    assert (
        reverse("programs:period_approval", args=[program.slug, 2569, "q1", province_a.pk]) in html
    )


def test_evaluator_sees_visits_coming_and_sheets_not_sent(
    client, evaluator, evaluator_other, province_a
):
    round_ = RoundFactory(province=province_a)
    rubric = published_rubric()
    now = timezone.now()
    for when, place in [
        (now + datetime.timedelta(days=2), "ชมรมพรุ่งนี้"),
        (now - datetime.timedelta(days=1), "ชมรมเมื่อวาน"),
    ]:
        visit = visit_for(round_=round_, rubric=rubric, evaluators=[evaluator])
        Visit.objects.filter(pk=visit.pk).update(scheduled_at=when, place=place)

    html = page(client, evaluator)

    assert work_counts(evaluator) == {"visits": 1, "sheets": 1, "unread": 0}
    assert "ชมรมพรุ่งนี้" in html and "ชมรมเมื่อวาน" in html
    assert work_counts(evaluator_other) == {"visits": 0, "sheets": 0, "unread": 0}


def test_executive_sees_overdue_of_their_province_and_approved_figures(
    client, executive_a, approver_a, province_a, province_b
):
    committee_with_items(province_a, ("งานเลยกำหนดนครพนม", days(-5)), ("ยังไม่ถึง", days(2)))
    committee_with_items(province_b, ("งานลับศรีสะเกษ", days(-5)), name="คณะกรรมการศรีสะเกษ")
    program = ProgramFactory(slug="to-be-number-one", short_name="TO BE NUMBER ONE")
    PeriodApproval.objects.create(
        program=program, province=province_a, fiscal_year=2569, frequency="quarterly",
        period=1, state=ApprovalState.APPROVED, approved_at=timezone.now(), approved_by=approver_a,
    )  # fmt: skip

    html = page(client, executive_a)

    assert "งานเลยกำหนดนครพนม" in html and "ยังไม่ถึง" not in html
    assert "งานลับศรีสะเกษ" not in html
    assert "ผลที่รับรองล่าสุด" in html
    assert work_counts(executive_a)["overdue"] == 1


def test_results_due_and_returned_this_period_count_in_the_officers_work(
    client, officer_a, approver_a, province_a, province_b, monkeypatch
):
    # Given mid-February 2569 (B.E.): the first quarter of fiscal year 2569 has ended
    monkeypatch.setattr("portal.work._today", lambda: datetime.date(2026, 2, 15))
    due = ProgramFactory(slug="to-be-number-one", short_name="TO BE NUMBER ONE")
    IndicatorFactory(objective=ObjectiveFactory(program=due, fiscal_year=2569))
    sent_back = ProgramFactory(slug="roi-jai-rak", short_name="ร้อยใจรักษ์")
    IndicatorFactory(objective=ObjectiveFactory(program=sent_back, fiscal_year=2569))
    PeriodApproval.objects.create(
        program=sent_back, province=province_a, fiscal_year=2569, frequency="quarterly",
        period=1, state=ApprovalState.RETURNED, reason="ตัวเลขไม่ตรงหลักฐาน",
        decided_by=approver_a, decided_at=timezone.now(),
    )  # fmt: skip
    elsewhere = ProgramFactory(slug="sisaket-only", short_name="ศรีสะเกษเท่านั้น")
    elsewhere.provinces.add(province_b)
    IndicatorFactory(objective=ObjectiveFactory(program=elsewhere, fiscal_year=2569))

    # When the officer opens any page
    counts = work_counts(officer_a)
    html = page(client, officer_a, "portal:my_work")

    # Then the period due and the one sent back are each counted once, in the navigation too
    assert (counts["due"], counts["returned"]) == (1, 1)
    assert "data-nav-work-count>2<" in html
    section = html[html.index('data-work-section="due"') :]
    assert "TO BE NUMBER ONE ไตรมาสที่ 1" in section.split("</section>")[0]
    assert "ร้อยใจรักษ์" not in section.split("</section>")[0]
    assert "ศรีสะเกษเท่านั้น" not in html
    assert reverse("programs:results_entry", args=[due.slug, 2569, "q1"]) in html

    # and once the figures are sent for approval, the line and the count go
    PeriodApproval.objects.create(
        program=due, province=province_a, fiscal_year=2569, frequency="quarterly", period=1,
        state=ApprovalState.SUBMITTED, submitted_by=officer_a, submitted_at=timezone.now(),
    )  # fmt: skip
    assert work_counts(officer_a)["due"] == 0
    assert "data-nav-work-count>1<" in page(client, officer_a, "portal:my_work")


def _more_work(n: int, *, province, officer, approver, evaluator, rubric) -> None:
    """One more batch of every kind of work: overdue items, periods sent and approved,
    visits coming and held."""
    committee_with_items(
        province, *[(f"งานที่ {n}-{i}", days(i - 3)) for i in range(6)], name=f"คณะทำงาน {n}"
    )
    program = ProgramFactory(slug=f"program-more-{n}", short_name=f"โครงการ {n}")
    for period, state in ((1, ApprovalState.SUBMITTED), (2, ApprovalState.APPROVED)):
        PeriodApproval.objects.create(
            program=program, province=province, fiscal_year=2569, frequency="quarterly",
            period=period, state=state, submitted_by=officer, submitted_at=timezone.now(),
            approved_by=approver if state == ApprovalState.APPROVED else None,
            approved_at=timezone.now() if state == ApprovalState.APPROVED else None,
        )  # fmt: skip
    round_ = RoundFactory(province=province)
    for shift in (2, -1):
        visit = visit_for(round_=round_, rubric=rubric, evaluators=[evaluator])
        Visit.objects.filter(pk=visit.pk).update(
            scheduled_at=timezone.now() + datetime.timedelta(days=shift)
        )


@pytest.mark.parametrize("role", ["executive_a", "approver_a", "evaluator"])
@pytest.mark.parametrize("url", ["portal:my_work", "portal:home"])
def test_every_roles_work_query_count_does_not_grow_with_the_data(
    client, request, role, url, province_a, officer_a, approver_a, evaluator
):
    user = request.getfixturevalue(role)
    people = {
        "province": province_a, "officer": officer_a, "approver": approver_a,
        "evaluator": evaluator, "rubric": published_rubric(),
    }  # fmt: skip
    _more_work(0, **people)
    client.force_login(user)
    _queries(client, reverse(url))  # warm the session and caches
    few = _queries(client, reverse(url))
    shown = sum(work_counts(user).values())

    for n in range(1, 4):
        _more_work(n, **people)

    assert sum(work_counts(user).values()) > shown  # more work shown, in as many queries
    # (an executive's home is their dashboard, cached until the data changes: warmed again)
    _queries(client, reverse(url))
    assert _queries(client, reverse(url)) == few
