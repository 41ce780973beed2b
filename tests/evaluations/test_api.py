import uuid

import pytest
from rest_framework.test import APIClient

from evaluations.models import EvidencePhoto, ScoreSheet, SubmissionReceipt
from tests.evaluations.factories import RoundFactory, jpeg_upload, published_rubric, visit_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(province_a, evaluator):
    return visit_for(
        round_=RoundFactory(province=province_a), rubric=published_rubric(), evaluators=[evaluator]
    )


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def body(visit, client_id, **overrides):
    criteria = list(visit.rubric.criteria())
    return {
        "client_id": str(client_id),
        "visit": visit.pk,
        "rubric": visit.rubric_id,
        "edited_at": "2025-06-06T11:00:00+07:00",
        "strengths": "มีศูนย์เพื่อนใจที่เปิดทุกวัน",
        "improvements": "",
        "scores": [{"criterion": c.pk, "points": str(c.max_points / 2)} for c in criteria],
        **overrides,
    }


def test_sending_the_same_submission_twice_creates_one_sheet(visit, evaluator):
    client_id = uuid.uuid4()

    first = api(evaluator).post(
        "/api/v1/evaluations/submissions/", body(visit, client_id), format="json"
    )
    again = api(evaluator).post(
        "/api/v1/evaluations/submissions/", body(visit, client_id), format="json"
    )

    assert (first.status_code, first.json()["outcome"]) == (201, "applied")
    assert (again.status_code, again.json()["outcome"]) == (200, "duplicate")
    assert again.json()["sheet"]["id"] == first.json()["sheet"]["id"]
    assert ScoreSheet.objects.count() == 1 and SubmissionReceipt.objects.count() == 1


def test_a_score_above_the_maximum_is_refused_with_the_criterion_named(visit, evaluator):
    payload = body(visit, uuid.uuid4())
    payload["scores"][0]["points"] = "7"

    response = api(evaluator).post("/api/v1/evaluations/submissions/", payload, format="json")

    assert response.status_code == 400
    assert "1.1: คะแนนต้องไม่เกินคะแนนเต็ม 1" in str(response.json())
    assert not ScoreSheet.objects.exists()


def test_an_evaluator_cannot_see_or_score_an_unassigned_visit(visit, evaluator_other):
    client = api(evaluator_other)

    assert client.get(f"/api/v1/evaluations/visits/{visit.pk}/").status_code == 404
    assert client.get("/api/v1/evaluations/visits/").json()["results"] == []
    response = client.post(
        "/api/v1/evaluations/submissions/", body(visit, uuid.uuid4()), format="json"
    )
    assert response.status_code == 404
    assert not ScoreSheet.objects.exists()


def test_an_officer_of_the_province_reads_but_cannot_score(visit, officer_a, officer_b):
    assert api(officer_a).get(f"/api/v1/evaluations/visits/{visit.pk}/").status_code == 200
    response = api(officer_a).post(
        "/api/v1/evaluations/submissions/", body(visit, uuid.uuid4()), format="json"
    )
    assert response.status_code == 403
    assert api(officer_b).get(f"/api/v1/evaluations/visits/{visit.pk}/").status_code == 404


def test_photo_upload_is_idempotent_and_served_only_in_scope(client, visit, evaluator, officer_b):
    client_id = uuid.uuid4()
    form = {"client_id": str(client_id), "visit": visit.pk, "taken_at": "2025-06-06T10:00:00+07:00"}

    first = api(evaluator).post("/api/v1/evaluations/photos/", {**form, "image": jpeg_upload()})
    again = api(evaluator).post("/api/v1/evaluations/photos/", {**form, "image": jpeg_upload()})

    assert (first.status_code, again.status_code) == (201, 200)
    assert EvidencePhoto.objects.count() == 1
    url = first.json()["url"]
    client.force_login(evaluator)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    client.force_login(officer_b)
    assert client.get(url).status_code == 404


def test_schema_lists_the_evaluations_api(client):
    schema = client.get("/api/schema/").content.decode()

    for path in ["submissions/", "photos/", "rubrics/", "results/{visit}/"]:
        assert f"/api/v1/evaluations/{path}" in schema


def test_a_phone_at_9999_does_not_beat_the_real_edit_that_follows(visit, evaluator):
    from django.utils import timezone

    wrong = api(evaluator).post(
        "/api/v1/evaluations/submissions/",
        body(visit, uuid.uuid4(), edited_at="9999-12-31T00:00:00+07:00", strengths="นาฬิกาผิด"),
        format="json",
    )
    real = api(evaluator).post(
        "/api/v1/evaluations/submissions/",
        body(visit, uuid.uuid4(), edited_at=timezone.now().isoformat(), strengths="แก้ไขจริง"),
        format="json",
    )

    assert wrong.status_code == 201 and wrong.json()["sheet"]["edited_at_clamped"] is True
    assert not wrong.json()["sheet"]["edited_at"].startswith("9999")
    assert (real.status_code, real.json()["outcome"]) == (201, "applied")
    assert real.json()["sheet"]["strengths"] == "แก้ไขจริง"
    assert real.json()["sheet"]["edited_at_clamped"] is False


def test_a_sheets_queries_do_not_grow_with_its_scores(province_a, evaluator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rubric = published_rubric(structure=[("องค์ประกอบ", ["1.0"] * 30)], bands=[])
    round_ = RoundFactory(province=province_a)

    def queries_of_a_new_sheet(scores: int) -> int:
        visit = visit_for(round_=round_, rubric=rubric, evaluators=[evaluator])
        sent = body(visit, uuid.uuid4())
        sent["scores"] = sent["scores"][:scores]
        with CaptureQueriesContext(connection) as queries:
            response = api(evaluator).post("/api/v1/evaluations/submissions/", sent, format="json")
        assert response.status_code == 201
        assert len(response.json()["sheet"]["scores"]) == scores
        return len(queries.captured_queries)

    few, many = queries_of_a_new_sheet(2), queries_of_a_new_sheet(30)

    # Scores and their history are written in one statement each, whatever their number.
    assert many == few
