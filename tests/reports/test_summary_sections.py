"""Kind 1 also reports meetings held, open and overdue action items, and the latest
evaluation round of the province — the same figures as the province dashboard."""

import datetime
import uuid

import pytest

from evaluations.services.scoring import score_sheet_submit
from meetings.services import action_item_add, agenda_item_add
from reports.kinds import registry
from tests.evaluations.factories import RoundFactory, published_rubric, scores_for, visit_for
from tests.meetings.factories import CommitteeFactory, make_meeting
from tests.programs.factories import ClubFactory
from tests.reports.factories import rendered
from tests.reports.pdf_checks import pdf_text, squeeze


@pytest.fixture
def province_activity(province_a, evaluator):
    committee = CommitteeFactory(provinces=[province_a], name="คณะทำงานขับเคลื่อนชมรมจังหวัด")
    meeting = make_meeting(committee, date=datetime.date(2025, 3, 10))
    item = agenda_item_add(meeting=meeting, part=4, title="ติดตามการดำเนินงานชมรม")
    action_item_add(
        agenda_item=item,
        description="จัดทำทะเบียนสมาชิกชมรมให้เป็นปัจจุบัน",
        responsible="สำนักงานสาธารณสุขจังหวัด",
        due_date=datetime.date(2025, 4, 1),
    )
    club = ClubFactory(district__province=province_a, name="ชมรม TO BE NUMBER ONE บ้านนาสมดี")
    round_ = RoundFactory(province=province_a, fiscal_year=2568, name="ตรวจประเมินรอบพื้นที่ 2568")
    visit = visit_for(round_=round_, club=club, rubric=published_rubric(), evaluators=[evaluator])
    score_sheet_submit(visit=visit, evaluator=evaluator, client_id=uuid.uuid4(),
                       rubric_id=visit.rubric_id, scores=scores_for(visit))  # fmt: skip
    return visit


@pytest.mark.django_db
def test_provincial_summary_reports_meetings_and_the_latest_evaluation(
    province_activity, officer_a, province_a
):
    _job, pdf = rendered(
        "provincial_summary", {"province": province_a.pk, "fiscal_year": 2568}, user=officer_a
    )
    flat = squeeze(pdf_text(pdf))

    assert "ประชุมแล้ว1ครั้งในปีงบประมาณ" in flat
    assert squeeze("จัดทำทะเบียนสมาชิกชมรมให้เป็นปัจจุบัน") in flat and "เกินกำหนด" in flat
    assert squeeze("ตรวจประเมินรอบพื้นที่ 2568") in flat
    assert squeeze("ชมรม TO BE NUMBER ONE บ้านนาสมดี") in flat and "3.20/4.00" in flat


@pytest.mark.django_db
def test_a_new_score_changes_the_summary_data_version(province_activity, evaluator, province_a):
    kind = registry["provincial_summary"]
    parameters = {"province": province_a.pk, "fiscal_year": 2568}
    before = kind.data_version(parameters)

    score_sheet_submit(
        visit=province_activity, evaluator=evaluator, client_id=uuid.uuid4(),
        rubric_id=province_activity.rubric_id, scores=scores_for(province_activity),
        edited_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
    )  # fmt: skip

    assert kind.data_version(parameters) != before
