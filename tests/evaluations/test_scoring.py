import datetime
import io
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from PIL import Image

from evaluations.models import EvidencePhoto, ReceiptOutcome, Score, ScoreSheet, SubmissionReceipt
from evaluations.selectors import round_results, visit_score_summary
from evaluations.services.results import site_result_finalise, site_result_reopen
from evaluations.services.rubrics import rubric_new_version, rubric_publish
from evaluations.services.scoring import SubmitOutcome, evidence_photo_add, score_sheet_submit
from programs.models import Tier
from tests.accounts.factories import UserFactory
from tests.evaluations.factories import (
    BANGKOK,
    RoundFactory,
    jpeg_upload,
    published_rubric,
    scores_for,
    visit_for,
)

pytestmark = pytest.mark.django_db
T0 = datetime.datetime(2025, 6, 6, 11, 0, tzinfo=BANGKOK)


@pytest.fixture
def second_evaluator(db):
    return UserFactory(username="evaluator_two", role="evaluator")


@pytest.fixture
def visit(province_a, evaluator, second_evaluator):
    round_ = RoundFactory(province=province_a)
    return visit_for(
        round_=round_, rubric=published_rubric(), evaluators=[evaluator, second_evaluator]
    )


def submit(visit, evaluator, scores=None, *, client_id=None, edited_at=T0, **kwargs):
    return score_sheet_submit(
        visit=visit,
        evaluator=evaluator,
        client_id=client_id or uuid.uuid4(),
        rubric_id=kwargs.pop("rubric_id", visit.rubric_id),
        scores=scores if scores is not None else scores_for(visit),
        edited_at=edited_at,
        **kwargs,
    )


def test_the_same_submission_twice_is_stored_once(visit, evaluator):
    client_id = uuid.uuid4()

    first = submit(visit, evaluator, client_id=client_id, strengths="ชุมชนเข้มแข็ง")
    second = submit(visit, evaluator, client_id=client_id, strengths="ชุมชนเข้มแข็ง")

    assert first[1] is SubmitOutcome.APPLIED and second[1] is SubmitOutcome.DUPLICATE
    assert ScoreSheet.objects.count() == 1
    assert SubmissionReceipt.objects.count() == 1
    assert Score.objects.count() == visit.rubric.criteria().count()


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ("1.01", "ไม่เกินคะแนนเต็ม 1"),
        ("-0.1", "ไม่ติดลบ"),
        ("0.333", "ไม่เกิน 2 ตำแหน่ง"),
        ("abc", "ต้องเป็นตัวเลข"),
        ("NaN", "ต้องเป็นตัวเลข"),
    ],
)
def test_a_score_out_of_bounds_is_refused_and_nothing_is_written(visit, evaluator, points, message):
    scores = scores_for(visit)
    first = visit.rubric.criteria().first()  # 1.1, max 1.0
    scores[first.pk] = points

    with pytest.raises(ValidationError) as refused:
        submit(visit, evaluator, scores)

    assert message in str(refused.value.message_dict[f"criterion_{first.pk}"])
    assert not ScoreSheet.objects.exists() and not SubmissionReceipt.objects.exists()


def test_the_maximum_itself_and_zero_are_accepted(visit, evaluator):
    criteria = list(visit.rubric.criteria())
    scores = {criteria[0].pk: "1.0", criteria[1].pk: "0", criteria[2].pk: "1.50"}

    sheet, _outcome = submit(visit, evaluator, scores)

    assert sorted(sheet.scores.values_list("points", flat=True)) == [
        Decimal("0.00"), Decimal("1.00"), Decimal("1.50"),
    ]  # fmt: skip


def test_a_criterion_of_another_rubric_version_is_refused(visit, evaluator):
    newer = rubric_publish(rubric=rubric_new_version(rubric=visit.rubric))
    scores = {criterion.pk: "0.1" for criterion in newer.criteria()}

    with pytest.raises(ValidationError, match="ไม่อยู่ในเกณฑ์ฉบับนี้"):
        submit(visit, evaluator, scores)
    with pytest.raises(ValidationError, match="ไม่ใช่ฉบับที่ใช้ประเมิน"):
        submit(visit, evaluator, scores, rubric_id=newer.pk)
    assert not ScoreSheet.objects.exists()


def test_an_unassigned_evaluator_cannot_score(visit, evaluator_other):
    with pytest.raises(PermissionDenied):
        submit(visit, evaluator_other)


def test_two_devices_the_later_edit_wins_and_history_keeps_both(visit, evaluator):
    criterion = visit.rubric.criteria().first()
    phone, tablet = scores_for(visit), scores_for(visit)
    phone[criterion.pk], tablet[criterion.pk] = "0.9", "0.4"

    # The tablet's edit was made later but reaches the server first.
    submit(visit, evaluator, tablet, edited_at=T0 + datetime.timedelta(minutes=10))
    sheet, outcome = submit(visit, evaluator, phone, edited_at=T0)

    assert outcome is SubmitOutcome.SUPERSEDED
    assert sheet.scores.get(criterion=criterion).points == Decimal("0.40")
    receipts = list(sheet.receipts.order_by("device_edited_at"))
    assert [r.outcome for r in receipts] == [ReceiptOutcome.SUPERSEDED, ReceiptOutcome.APPLIED]
    assert receipts[0].payload["scores"][str(criterion.pk)] == "0.9"

    # An even later edit from the phone wins again; the sheet's history has both versions.
    later = dict(phone)
    sheet, outcome = submit(visit, evaluator, later, edited_at=T0 + datetime.timedelta(hours=1))
    assert outcome is SubmitOutcome.APPLIED
    assert sheet.scores.get(criterion=criterion).points == Decimal("0.90")
    assert sheet.scores.get(criterion=criterion).history.count() == 2


def test_mean_spread_and_disagreement_flag(visit, evaluator, second_evaluator):
    criteria = list(visit.rubric.criteria())
    one, two = scores_for(visit), scores_for(visit)
    one[criteria[0].pk], two[criteria[0].pk] = "1.0", "0.75"  # 0.25 apart: exactly 25 % of 1.0
    one[criteria[2].pk], two[criteria[2].pk] = "1.5", "1.0"  # 0.5 apart: 33 % of 1.5

    submit(visit, evaluator, one)
    submit(visit, second_evaluator, two)
    summary = visit_score_summary(visit=visit)

    stats = {s.criterion.pk: s for s in summary.criteria}
    assert stats[criteria[0].pk].mean == Decimal("0.88")
    assert stats[criteria[0].pk].spread == Decimal("0.25")
    assert not stats[criteria[0].pk].flagged  # at the margin is not beyond it
    assert stats[criteria[2].pk].flagged
    assert [s.criterion.code for s in summary.flags] == ["1.3"]
    assert summary.total == sum(s.mean for s in summary.criteria)


def test_round_results_rank_within_entity_type(province_a, evaluator):
    round_ = RoundFactory(province=province_a)
    rubric = published_rubric()
    visits = [visit_for(round_=round_, rubric=rubric, evaluators=[evaluator]) for _ in range(3)]
    school = visit_for(round_=round_, rubric=rubric, evaluators=[evaluator])
    school.club.club_type, school.club.school_level = "school", "secondary"
    school.club.save()
    for visit, share in zip([*visits, school], ["0.9", "0.6", "0.9", "0.5"], strict=True):
        submit(visit, evaluator, scores_for(visit, Decimal(share)))

    rows = {row.visit.pk: row for row in round_results(round_=round_, user=evaluator)}

    assert [rows[v.pk].rank for v in visits] == [1, 3, 1]
    assert rows[school.pk].rank == 1
    assert rows[visits[0].pk].tier == Tier.GOLD  # 3.60 ≥ 3.00, < 3.80


def test_finalised_result_locks_the_scores_until_reopened(visit, evaluator, second_evaluator):
    submit(visit, evaluator, strengths="แกนนำเข้มแข็ง")
    submit(visit, second_evaluator, improvements="ควรบันทึกผล EQ")

    result = site_result_finalise(visit=visit, user=evaluator)  # the round's chair

    assert result.is_finalised and result.total == visit_score_summary(visit=visit).total
    assert "แกนนำเข้มแข็ง" in result.feedback and "ควรบันทึกผล EQ" in result.feedback
    with pytest.raises(ValidationError, match="ยืนยันแล้ว"):
        submit(visit, evaluator)
    with pytest.raises(ValidationError, match="ยืนยันแล้ว"):
        evidence_photo_add(visit=visit, evaluator=evaluator, client_id=uuid.uuid4(),
                           upload=jpeg_upload())  # fmt: skip

    with pytest.raises(PermissionDenied):
        site_result_reopen(visit=visit, user=second_evaluator, reason="แก้คะแนน")
    with pytest.raises(ValidationError):
        site_result_reopen(visit=visit, user=evaluator, reason="  ")
    reopened = site_result_reopen(visit=visit, user=evaluator, reason="ผู้ประเมินขอแก้คะแนนข้อ 1.3")
    assert not reopened.is_finalised
    assert reopened.history.filter(status="finalised").exists()  # the lock is on record
    _sheet, outcome = submit(visit, evaluator, edited_at=T0 + datetime.timedelta(hours=1))
    assert outcome is SubmitOutcome.APPLIED


def test_only_the_chair_finalises_and_only_complete_sheets(visit, evaluator, second_evaluator):
    with pytest.raises(PermissionDenied):
        site_result_finalise(visit=visit, user=second_evaluator)
    with pytest.raises(ValidationError, match="ยังไม่มีผู้ประเมินส่งคะแนน"):
        site_result_finalise(visit=visit, user=evaluator)
    partial = scores_for(visit)
    partial.pop(visit.rubric.criteria().last().pk)
    submit(visit, evaluator, partial)
    with pytest.raises(ValidationError, match="2.3"):
        site_result_finalise(visit=visit, user=evaluator)


def _jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), (10, 200, 10))
    exif = image.getexif()
    exif[0x0132] = "2025:06:07 10:15:00"  # DateTime
    gps = {1: "N", 2: (17.0, 24.0, 36.0), 3: "E", 4: (104.0, 46.0, 48.0)}
    exif[0x8825] = gps
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return exif.tobytes()


def test_photo_keeps_capture_time_and_place_and_drops_the_exif(visit, evaluator):
    photo, created = evidence_photo_add(
        visit=visit, evaluator=evaluator, client_id=uuid.uuid4(),
        upload=jpeg_upload(exif=_jpeg_with_exif()),
    )  # fmt: skip

    assert created
    assert photo.taken_at == datetime.datetime(2025, 6, 7, 10, 15, tzinfo=BANGKOK)
    assert (photo.latitude, photo.longitude) == (Decimal("17.410000"), Decimal("104.780000"))
    with photo.image.open("rb") as stored:
        assert not Image.open(stored).getexif()


def test_photo_is_stored_once_per_phone_id_and_must_be_an_image(visit, evaluator):
    client_id = uuid.uuid4()
    evidence_photo_add(visit=visit, evaluator=evaluator, client_id=client_id, upload=jpeg_upload())
    _photo, created = evidence_photo_add(
        visit=visit, evaluator=evaluator, client_id=client_id, upload=jpeg_upload()
    )
    assert not created and EvidencePhoto.objects.count() == 1

    from django.core.files.uploadedfile import SimpleUploadedFile

    svg = SimpleUploadedFile("x.jpg", b"<svg onload='alert(1)'></svg>", content_type="image/jpeg")
    with pytest.raises(ValidationError, match="ไม่ใช่ภาพถ่าย"):
        evidence_photo_add(visit=visit, evaluator=evaluator, client_id=uuid.uuid4(), upload=svg)
    assert EvidencePhoto.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_submission_sent_twice_at_the_same_moment_is_stored_once(visit, evaluator):
    import threading

    from django.db import connection

    client_id, start, outcomes = uuid.uuid4(), threading.Barrier(2), []

    def send():
        try:
            start.wait()
            outcomes.append(submit(visit, evaluator, client_id=client_id)[1])
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == [SubmitOutcome.APPLIED, SubmitOutcome.DUPLICATE]
    assert ScoreSheet.objects.count() == 1 and SubmissionReceipt.objects.count() == 1


# --- A phone's clock (issue 19, finding 7) ------------------------------------------------


FAR_FUTURE = datetime.datetime(9999, 12, 31, tzinfo=BANGKOK)


def test_an_edit_time_at_9999_is_clamped_and_a_real_edit_after_it_wins(visit, evaluator):
    before = datetime.datetime.now(BANGKOK)
    wrong_clock, first = submit(visit, evaluator, edited_at=FAR_FUTURE, strengths="นาฬิกาผิด")
    after = datetime.datetime.now(BANGKOK)

    sheet, outcome = submit(
        visit, evaluator, edited_at=datetime.datetime.now(BANGKOK), strengths="แก้ไขจริง"
    )

    assert first is SubmitOutcome.APPLIED
    assert outcome is SubmitOutcome.APPLIED  # not "superseded" by the year 9999
    sheet.refresh_from_db()
    assert sheet.strengths == "แก้ไขจริง" and sheet.edited_at_clamped is False
    clamped = SubmissionReceipt.objects.get(client_id=wrong_clock.client_id)
    assert clamped.clamped_from == FAR_FUTURE
    assert before <= clamped.device_edited_at <= after  # the receive time
    assert clamped.payload["edited_at"] == FAR_FUTURE.isoformat()  # what the phone said
    first_version = sheet.history.earliest("history_id")
    assert first_version.edited_at_clamped is True
    assert before <= first_version.edited_at <= after


def test_a_clock_a_few_minutes_ahead_is_kept_as_sent(visit, evaluator):
    ahead = datetime.datetime.now(BANGKOK) + datetime.timedelta(minutes=9)

    sheet, outcome = submit(visit, evaluator, edited_at=ahead)

    sheet.refresh_from_db()
    assert outcome is SubmitOutcome.APPLIED
    assert (sheet.edited_at, sheet.edited_at_clamped) == (ahead, False)
    assert SubmissionReceipt.objects.get().clamped_from is None


def test_the_allowance_is_a_setting(visit, evaluator, settings):
    settings.EVALUATIONS_CLOCK_ALLOWANCE = datetime.timedelta(minutes=1)
    ahead = datetime.datetime.now(BANGKOK) + datetime.timedelta(minutes=9)

    sheet, _outcome = submit(visit, evaluator, edited_at=ahead)

    assert sheet.edited_at < ahead and sheet.edited_at_clamped is True


def test_sheets_stored_at_9999_before_the_fix_are_clamped_by_the_migration(visit, evaluator):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("evaluations.migrations.0003_clamped_edit_times")
    sheet, _outcome = submit(visit, evaluator, edited_at=T0)
    ScoreSheet.objects.filter(pk=sheet.pk).update(edited_at=FAR_FUTURE)
    SubmissionReceipt.objects.update(device_edited_at=FAR_FUTURE)

    migration.clamp_future_edit_times(apps, None)

    sheet.refresh_from_db()
    receipt = SubmissionReceipt.objects.get()
    assert (sheet.edited_at, sheet.edited_at_clamped) == (sheet.received_at, True)
    assert (receipt.device_edited_at, receipt.clamped_from) == (receipt.received_at, FAR_FUTURE)
