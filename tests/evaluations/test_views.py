import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluations.models import ScoreSheet
from evaluations.services.scoring import score_sheet_submit
from tests.evaluations.factories import RoundFactory, published_rubric, scores_for, visit_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(province_a, evaluator):
    return visit_for(
        round_=RoundFactory(province=province_a), rubric=published_rubric(), evaluators=[evaluator]
    )


def test_evaluator_sees_assigned_visits_by_date_with_a_map_link(client, visit, evaluator):
    client.force_login(evaluator)

    page = client.get("/evaluations/visits/").content.decode()

    assert str(visit.competitor) in page
    assert "https://www.google.com/maps/search/?api=1&amp;query=" in page
    assert f"/evaluations/visits/{visit.pk}/score/" in page


@pytest.mark.parametrize("page", ["/", "/evaluations/visits/"])
def test_evaluator_pages_mark_own_sent_sheets_without_a_query_per_visit(
    client, province_a, evaluator, evaluator_other, page
):
    """The home and the itinerary share one read of the visits: "ส่งคะแนนแล้ว" is the
    evaluator's own sheet (another evaluator's does not count), one query for all."""
    round_, rubric = RoundFactory(province=province_a), published_rubric()
    first = visit_for(round_=round_, rubric=rubric, evaluators=[evaluator, evaluator_other])
    client.force_login(evaluator)
    with CaptureQueriesContext(connection) as one_visit:
        client.get(page)
    for _ in range(4):
        visit = visit_for(round_=round_, rubric=rubric, evaluators=[evaluator, evaluator_other])
        score_sheet_submit(visit=visit, evaluator=evaluator_other, client_id=uuid.uuid4(),
                           rubric_id=rubric.pk, scores=scores_for(visit))  # fmt: skip
    score_sheet_submit(visit=first, evaluator=evaluator, client_id=uuid.uuid4(),
                       rubric_id=rubric.pk, scores=scores_for(first))  # fmt: skip

    with CaptureQueriesContext(connection) as five_visits:
        html = client.get(page).content.decode()

    assert len(five_visits.captured_queries) == len(one_visit.captured_queries)
    assert html.count("ส่งคะแนนแล้ว") == 1


def test_scoring_page_without_javascript_keeps_what_was_typed_on_an_error(client, visit, evaluator):
    client.force_login(evaluator)
    criteria = list(visit.rubric.criteria())
    data = {"rubric": visit.rubric_id, "strengths": "แกนนำเยาวชนเข้มแข็งมาก"}
    data.update({f"criterion_{c.pk}": "0.1" for c in criteria})
    data[f"criterion_{criteria[0].pk}"] = "3"

    response = client.post(f"/evaluations/visits/{visit.pk}/score/", data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "คะแนนต้องไม่เกินคะแนนเต็ม 1" in page
    assert "แกนนำเยาวชนเข้มแข็งมาก" in page and 'value="3"' in page
    assert not ScoreSheet.objects.exists()

    data[f"criterion_{criteria[0].pk}"] = "0.9"
    response = client.post(f"/evaluations/visits/{visit.pk}/score/", data)
    assert response.status_code == 302
    assert ScoreSheet.objects.get().strengths == "แกนนำเยาวชนเข้มแข็งมาก"


def test_unassigned_evaluator_gets_404_on_the_scoring_page(client, visit, evaluator_other):
    client.force_login(evaluator_other)

    assert client.get(f"/evaluations/visits/{visit.pk}/score/").status_code == 404
    assert client.get(f"/evaluations/visits/{visit.pk}/").status_code == 404


def test_chair_finalises_from_the_result_page(client, visit, evaluator, officer_a):
    score_sheet_submit(visit=visit, evaluator=evaluator, client_id=uuid.uuid4(),
                       rubric_id=visit.rubric_id, scores=scores_for(visit))  # fmt: skip
    client.force_login(officer_a)
    assert (
        "ยืนยันผลการประเมิน</button>"
        not in client.get(f"/evaluations/visits/{visit.pk}/").content.decode()
    )
    assert client.post(f"/evaluations/visits/{visit.pk}/finalise/").status_code == 403

    client.force_login(evaluator)
    response = client.post(
        f"/evaluations/visits/{visit.pk}/finalise/", {"feedback": "ดีมาก"}, follow=True
    )

    assert "ยืนยันผลแล้ว" in response.content.decode()
    visit.refresh_from_db()
    assert visit.result.is_finalised and visit.result.feedback == "ดีมาก"


def test_result_finalised_without_a_recorded_finaliser_shows_its_date(client, visit, evaluator):
    """As the national data's results are (bulk-loaded): the page answered 500."""
    import datetime

    from evaluations.models import ResultStatus, SiteResult

    score_sheet_submit(visit=visit, evaluator=evaluator, client_id=uuid.uuid4(),
                       rubric_id=visit.rubric_id, scores=scores_for(visit))  # fmt: skip
    SiteResult.objects.update_or_create(
        visit=visit,
        defaults={"status": ResultStatus.FINALISED, "total": "3.20", "finalised_by": None,
                  "finalised_at": datetime.datetime(2025, 3, 4, 2, tzinfo=datetime.UTC)},
    )  # fmt: skip
    client.force_login(evaluator)

    response = client.get(f"/evaluations/visits/{visit.pk}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "ยืนยันผลแล้ว" in page
    assert "ยืนยันผลเมื่อ 4 มี.ค. 2568" in page and "ยืนยันผลโดย" not in page


def test_round_page_shows_scores_tiers_and_ranks(client, visit, evaluator, officer_a):
    score_sheet_submit(visit=visit, evaluator=evaluator, client_id=uuid.uuid4(),
                       rubric_id=visit.rubric_id, scores=scores_for(visit))  # fmt: skip
    client.force_login(officer_a)

    page = client.get(f"/evaluations/rounds/{visit.round_id}/").content.decode()

    assert "3.20" in page and "ระดับทอง" in page


def test_service_worker_and_manifest_are_served_for_the_evaluations_scope(client):
    worker = client.get("/evaluations/sw.js")
    manifest = client.get("/evaluations/manifest.webmanifest")

    assert worker["Content-Type"].startswith("application/javascript")
    assert "/static/vendor/idb/idb.umd.js" in worker.content.decode()
    assert manifest.json()["scope"] == "/evaluations/"


def test_club_page_lists_its_finalised_results_over_the_years(client, visit, evaluator, officer_a):
    from evaluations.services.results import site_result_finalise

    score_sheet_submit(visit=visit, evaluator=evaluator, client_id=uuid.uuid4(),
                       rubric_id=visit.rubric_id, scores=scores_for(visit))  # fmt: skip
    client.force_login(officer_a)
    page = client.get(f"/clubs/{visit.club_id}/").content.decode()
    assert "ยังไม่มีผลการตรวจประเมินที่ยืนยันแล้ว" in page

    site_result_finalise(visit=visit, user=evaluator)
    page = client.get(f"/clubs/{visit.club_id}/").content.decode()

    assert visit.round.name in page and "3.20" in page and "ระดับทอง" in page


def test_the_chair_sees_that_a_phones_edit_time_was_clamped(client, visit, evaluator):
    import datetime

    score_sheet_submit(visit=visit, evaluator=evaluator, client_id=uuid.uuid4(),
                       rubric_id=visit.rubric_id, scores=scores_for(visit),
                       edited_at=datetime.datetime(9999, 12, 31, tzinfo=datetime.UTC))  # fmt: skip
    client.force_login(evaluator)  # the round's chair

    page = client.get(f"/evaluations/visits/{visit.pk}/").content.decode()

    assert "เวลาจากอุปกรณ์ถูกปรับเป็นเวลาที่ได้รับ" in page
    assert "10542" not in page  # the year 9999 in the Buddhist era is not shown


def test_scoring_pages_name_their_owner_for_offline_use_and_other_pages_do_not(
    client, visit, evaluator, evaluator_other
):
    from evaluations.offline_owner import OFFLINE_USER_HEADER, offline_user_key

    client.force_login(evaluator)
    score = client.get(f"/evaluations/visits/{visit.pk}/score/")
    visits = client.get("/evaluations/visits/")
    result = client.get(f"/evaluations/visits/{visit.pk}/")

    key = offline_user_key(evaluator)
    for page in (score, visits):
        assert page[OFFLINE_USER_HEADER] == key
        assert page["Cache-Control"] == "private, no-cache"
        assert f'<meta name="offline-user" content="{key}">' in page.content.decode()
    assert OFFLINE_USER_HEADER not in result
    assert key != offline_user_key(evaluator_other) and len(key) == 32
    # Not the id, nor anything of the session.
    assert str(evaluator.pk) != key and client.session.session_key not in key


def test_offline_page_says_nothing_of_who_is_signed_in(client, evaluator):
    client.force_login(evaluator)

    page = client.get("/evaluations/offline/").content.decode()

    assert 'name="offline-user"' not in page
