"""Officers set up evaluation rounds in the portal: the round, its committee (one chair),
its itinerary of visits and who is assigned to each (issue 5)."""

import datetime
import uuid

import pytest

from accounts.models import Role
from evaluations.models import EvaluationRound, RoundEvaluator, SiteResult, Visit, VisitAssignment
from evaluations.services.results import site_result_finalise
from evaluations.services.scoring import score_sheet_submit
from programs.models import EntityLevel
from tests.accounts.factories import UserFactory
from tests.evaluations.factories import (
    BANGKOK,
    RoundFactory,
    published_rubric,
    scores_for,
    visit_for,
)
from tests.programs.factories import ClubFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rubric():
    return published_rubric()


@pytest.fixture
def club_a(province_a):
    return ClubFactory(district=province_a.districts.first(), name="ชมรม TO BE NUMBER ONE นาแก")


@pytest.fixture
def round_a(province_a, rubric):
    round_ = RoundFactory(province=province_a, program=rubric.program)
    round_.rubrics.add(rubric)
    return round_


@pytest.fixture
def chair(db):
    return UserFactory(username="chair", role=Role.EVALUATOR, position="ผู้อำนวยการโรงเรียน")


def _round_data(rubric, **overrides):
    data = {
        "program": rubric.program_id,
        "fiscal_year": "2568",
        "stage": "province",
        "name": "ตรวจประเมินชมรม TO BE NUMBER ONE จังหวัดนครพนม 2568",
        "starts_on": "6/6/2568",
        "ends_on": "8/6/2568",
        "rubrics": [rubric.pk],
        "disagreement_margin": "25",
    }
    return {**data, **overrides}


def _visit_data(club, rubric, evaluators=(), **overrides):
    data = {
        "order": "1",
        "date": "6/6/2568",
        "time": "09:30",
        "place": "โรงเรียนนาแกวิทยา",
        "address": "ต.นาแก อ.เมืองนครพนม",
        "latitude": "16.9",
        "longitude": "104.7",
        "level": "club",
        "club": club.pk,
        "rubric": rubric.pk,
        "evaluators": [user.pk for user in evaluators],
    }
    return {**data, **overrides}


def test_an_officer_sets_up_a_round_and_the_assigned_evaluator_sees_the_visit(
    client, officer_a, province_a, rubric, club_a, chair, evaluator
):
    client.force_login(officer_a)
    assert "/evaluations/rounds/new/" in client.get("/evaluations/rounds/").content.decode()

    response = client.post("/evaluations/rounds/new/", _round_data(rubric))
    round_ = EvaluationRound.objects.get()
    assert response.status_code == 302
    assert (round_.province, round_.fiscal_year) == (province_a, 2568)
    assert round_.starts_on == datetime.date(2025, 6, 6)
    assert list(round_.rubrics.all()) == [rubric]

    add = f"/evaluations/rounds/{round_.pk}/evaluators/"
    client.post(add, {"user": chair.pk, "position": "", "is_chair": "on"})
    client.post(add, {"user": evaluator.pk, "position": "กรรมการผู้ทรงคุณวุฒิ"})
    seats = {seat.user: seat for seat in round_.evaluators.all()}
    assert seats[chair].is_chair and seats[chair].position == "ผู้อำนวยการโรงเรียน"
    assert not seats[evaluator].is_chair and seats[evaluator].position == "กรรมการผู้ทรงคุณวุฒิ"

    new_visit = f"/evaluations/rounds/{round_.pk}/visits/new/"
    assert 'value="1"' in client.get(new_visit).content.decode()  # the order proposed
    client.post(new_visit, _visit_data(club_a, rubric, [chair, evaluator]))
    second_club = ClubFactory(district=province_a.districts.first())
    assert 'value="2"' in client.get(new_visit).content.decode()
    response = client.post(
        new_visit, _visit_data(second_club, rubric, [chair], order="2", time="13:00")
    )
    assert response.status_code == 302

    first, second = round_.visits.order_by("order")
    assert (first.club, second.club) == (club_a, second_club)
    assert first.province == province_a and first.district == club_a.district
    assert first.scheduled_at == datetime.datetime(2025, 6, 6, 9, 30, tzinfo=BANGKOK)
    assert set(first.assignments.values_list("evaluator", flat=True)) == {chair.pk, evaluator.pk}
    assert list(second.assignments.values_list("evaluator", flat=True)) == [chair.pk]

    page = client.get(f"/evaluations/rounds/{round_.pk}/").content.decode()
    assert "ผู้อำนวยการโรงเรียน" in page and "ชมรม TO BE NUMBER ONE นาแก" in page

    client.force_login(evaluator)
    itinerary = client.get("/evaluations/visits/").content.decode()
    assert "ชมรม TO BE NUMBER ONE นาแก" in itinerary
    assert second_club.name not in itinerary


def test_an_officer_changes_a_visit_and_its_assignments(
    client, officer_a, round_a, rubric, club_a, chair, evaluator
):
    visit = visit_for(round_=round_a, rubric=rubric, club=club_a, evaluators=[chair])
    RoundEvaluator.objects.create(round=round_a, user=evaluator, order=2)
    client.force_login(officer_a)

    response = client.post(
        f"/evaluations/visits/{visit.pk}/edit/",
        _visit_data(club_a, rubric, [evaluator], place="หอประชุมอำเภอ", time="10:15"),
    )

    visit.refresh_from_db()
    assert response.status_code == 302
    assert visit.place == "หอประชุมอำเภอ"
    assert list(visit.assignments.values_list("evaluator", flat=True)) == [evaluator.pk]


def test_a_regional_round_is_not_the_officers_to_change(client, officer_a, province_a, rubric):
    regional = RoundFactory(province=None, program=rubric.program, stage="region")
    visit_for(round_=regional, rubric=rubric, club=ClubFactory(district__province=province_a))
    client.force_login(officer_a)

    assert client.get(f"/evaluations/rounds/{regional.pk}/").status_code == 200
    assert client.get(f"/evaluations/rounds/{regional.pk}/edit/").status_code == 403


@pytest.mark.parametrize(
    ("who", "status"),
    [("officer_b", 404), ("executive_a", 403), ("evaluator", 403), ("evaluator_other", 404)],
)
def test_only_the_round_provinces_officers_set_it_up(
    client, request, round_a, rubric, club_a, evaluator, who, status
):
    visit = visit_for(round_=round_a, rubric=rubric, club=club_a, evaluators=[evaluator])
    client.force_login(request.getfixturevalue(who))

    assert client.get(f"/evaluations/rounds/{round_a.pk}/edit/").status_code == status
    assert client.get(f"/evaluations/rounds/{round_a.pk}/visits/new/").status_code == status
    assert client.get(f"/evaluations/visits/{visit.pk}/edit/").status_code == status
    response = client.post(f"/evaluations/visits/{visit.pk}/delete/")
    assert response.status_code == status
    assert Visit.objects.filter(pk=visit.pk).exists()


@pytest.mark.parametrize("who", ["executive_a", "evaluator"])
def test_read_only_roles_may_not_create_rounds(client, request, rubric, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get("/evaluations/rounds/new/").status_code == 403
    assert client.post("/evaluations/rounds/new/", _round_data(rubric)).status_code == 403
    assert not EvaluationRound.objects.exists()


def test_a_christian_era_year_is_refused_and_what_was_typed_is_kept(client, officer_a, rubric):
    client.force_login(officer_a)

    response = client.post("/evaluations/rounds/new/", _round_data(rubric, fiscal_year="2025"))

    page = response.content.decode()
    assert response.status_code == 400
    assert "ปี 2025 เป็นปี ค.ศ. กรุณากรอกปีเป็น พ.ศ. (เช่น 2568)" in page
    assert "ตรวจประเมินชมรม TO BE NUMBER ONE จังหวัดนครพนม 2568" in page
    assert not EvaluationRound.objects.exists()


def test_an_officer_cannot_make_a_round_of_another_province(
    client, officer_a, province_a, province_b, rubric
):
    client.force_login(officer_a)

    client.post("/evaluations/rounds/new/", _round_data(rubric, province=province_b.pk))

    assert EvaluationRound.objects.get().province == province_a


def test_a_rubric_of_the_wrong_level_is_refused(client, officer_a, round_a, club_a):
    district_rubric = published_rubric(entity_level=EntityLevel.DISTRICT, name="เกณฑ์ระดับอำเภอ")
    round_a.rubrics.add(district_rubric)
    client.force_login(officer_a)

    response = client.post(
        f"/evaluations/rounds/{round_a.pk}/visits/new/", _visit_data(club_a, district_rubric)
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "เกณฑ์นี้ใช้ประเมินระดับอำเภอ" in page
    assert "โรงเรียนนาแกวิทยา" in page  # what was typed comes back
    assert not round_a.visits.exists()


def test_a_club_of_another_province_is_not_offered(client, officer_a, round_a, province_b, rubric):
    other = ClubFactory(district__province=province_b, name="ชมรมของจังหวัดอื่น")
    client.force_login(officer_a)

    page = client.get(f"/evaluations/rounds/{round_a.pk}/visits/new/").content.decode()
    response = client.post(
        f"/evaluations/rounds/{round_a.pk}/visits/new/", _visit_data(other, rubric)
    )

    assert "ชมรมของจังหวัดอื่น" not in page
    assert response.status_code == 400
    assert not round_a.visits.exists()


def test_a_second_chair_is_refused(client, officer_a, round_a, chair, evaluator):
    RoundEvaluator.objects.create(round=round_a, user=chair, is_chair=True)
    client.force_login(officer_a)

    response = client.post(
        f"/evaluations/rounds/{round_a.pk}/evaluators/", {"user": evaluator.pk, "is_chair": "on"}
    )

    assert response.status_code == 400
    assert "รอบนี้มีประธานแล้ว" in response.content.decode()
    assert not round_a.evaluators.filter(user=evaluator).exists()


def test_the_chair_is_moved_to_another_member(client, officer_a, round_a, chair, evaluator):
    RoundEvaluator.objects.create(round=round_a, user=chair, is_chair=True, order=1)
    seat = RoundEvaluator.objects.create(round=round_a, user=evaluator, order=2)
    client.force_login(officer_a)

    client.post(f"/evaluations/rounds/evaluators/{seat.pk}/chair/")

    assert round_a.chair.user == evaluator
    assert round_a.evaluators.filter(is_chair=True).count() == 1


def test_only_evaluators_sit_on_a_committee(client, officer_a, round_a, executive_a):
    client.force_login(officer_a)

    response = client.post(
        f"/evaluations/rounds/{round_a.pk}/evaluators/", {"user": executive_a.pk}
    )

    assert response.status_code == 400
    assert not round_a.evaluators.exists()


def test_an_evaluator_who_has_scored_is_not_removed(client, officer_a, round_a, rubric, evaluator):
    visit = visit_for(round_=round_a, rubric=rubric, evaluators=[evaluator])
    score_sheet_submit(
        visit=visit, evaluator=evaluator, client_id=uuid.uuid4(), rubric_id=rubric.pk,
        scores=scores_for(visit),
    )  # fmt: skip
    seat = round_a.evaluators.get(user=evaluator)
    client.force_login(officer_a)

    response = client.post(f"/evaluations/rounds/evaluators/{seat.pk}/remove/", follow=True)

    assert "ส่งแบบให้คะแนนในรอบนี้แล้ว นำออกจากคณะกรรมการไม่ได้" in response.content.decode()
    assert RoundEvaluator.objects.filter(pk=seat.pk).exists()


def test_an_evaluator_who_has_not_scored_leaves_the_committee_and_their_visits(
    client, officer_a, round_a, rubric, chair, evaluator
):
    visit = visit_for(round_=round_a, rubric=rubric, evaluators=[chair, evaluator])
    seat = round_a.evaluators.get(user=evaluator)
    client.force_login(officer_a)

    client.post(f"/evaluations/rounds/evaluators/{seat.pk}/remove/")

    assert not RoundEvaluator.objects.filter(pk=seat.pk).exists()
    assert not VisitAssignment.objects.filter(visit=visit, evaluator=evaluator).exists()


def test_a_scored_visit_is_not_deleted_and_a_finalised_one_not_edited(
    client, officer_a, round_a, rubric, evaluator
):
    visit = visit_for(round_=round_a, rubric=rubric, evaluators=[evaluator])
    score_sheet_submit(
        visit=visit, evaluator=evaluator, client_id=uuid.uuid4(), rubric_id=rubric.pk,
        scores=scores_for(visit),
    )  # fmt: skip
    site_result_finalise(visit=visit, user=evaluator)
    client.force_login(officer_a)

    deleted = client.post(f"/evaluations/visits/{visit.pk}/delete/", follow=True)
    edited = client.get(f"/evaluations/visits/{visit.pk}/edit/", follow=True)

    assert "มีแบบให้คะแนนหรือภาพหลักฐานแล้ว ลบการเยี่ยมนี้ไม่ได้" in deleted.content.decode()
    assert "ยืนยันแล้ว แก้ไขการเยี่ยมไม่ได้" in edited.content.decode()
    assert Visit.objects.filter(pk=visit.pk).exists()
    assert SiteResult.objects.get(visit=visit).is_finalised


def test_an_unscored_visit_is_deleted(client, officer_a, round_a, rubric):
    visit = visit_for(round_=round_a, rubric=rubric)
    client.force_login(officer_a)

    client.post(f"/evaluations/visits/{visit.pk}/delete/")

    assert not Visit.objects.filter(pk=visit.pk).exists()


def test_an_evaluator_outside_the_committee_is_not_assigned(
    client, officer_a, round_a, rubric, club_a, evaluator_other
):
    client.force_login(officer_a)

    response = client.post(
        f"/evaluations/rounds/{round_a.pk}/visits/new/",
        _visit_data(club_a, rubric, [evaluator_other]),
    )

    assert response.status_code == 400
    assert not round_a.visits.exists()


def test_a_taken_order_is_refused_in_thai(client, officer_a, round_a, rubric, club_a):
    visit_for(round_=round_a, rubric=rubric, order=1)
    client.force_login(officer_a)

    response = client.post(
        f"/evaluations/rounds/{round_a.pk}/visits/new/", _visit_data(club_a, rubric, order="1")
    )

    assert response.status_code == 400
    assert "รอบนี้มีการเยี่ยมลำดับที่ 1 อยู่แล้ว" in response.content.decode()


def test_a_rubric_in_use_stays_on_the_round(client, officer_a, round_a, rubric):
    visit_for(round_=round_a, rubric=rubric)
    other = published_rubric(fiscal_year=2569, name="เกณฑ์ปี 2569")
    client.force_login(officer_a)

    response = client.post(
        f"/evaluations/rounds/{round_a.pk}/edit/",
        _round_data(rubric, name=round_a.name, rubrics=[other.pk]),
    )

    assert response.status_code == 400
    assert "ใช้กับการเยี่ยมในรอบนี้อยู่ นำออกไม่ได้" in response.content.decode()
    assert list(round_a.rubrics.all()) == [rubric]
