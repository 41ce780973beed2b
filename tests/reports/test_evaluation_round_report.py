"""Kind 3, an evaluation round's summary with a feedback letter per site, checked in the
PDF as the other kinds are: fonts, text layer equal to the source (ำ included), no line
ending inside a word, BE dates, one letter page per site, scope and the data version."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from evaluations.services.results import site_result_finalise
from evaluations.services.scoring import score_sheet_submit
from reports import services
from reports.kinds import registry
from tests.accounts.factories import UserFactory
from tests.evaluations.factories import RoundFactory, published_rubric, scores_for, visit_for
from tests.programs.factories import ClubFactory
from tests.reports.factories import rendered as _render
from tests.reports.pdf_checks import (
    line_ends_inside_words,
    paragraph_lines,
    pdf_fonts,
    pdf_pages,
    pdf_text,
    squeeze,
    words_past_the_right_margin,
)

STRENGTHS = [
    "ผู้นำชุมชนและแกนนำเยาวชนทำงานร่วมกันอย่างเข้มแข็ง มีการดำเนินงานต่อเนื่องตลอดปีงบประมาณ "
    "และนำผลการดำเนินงานมาปรับปรุงแผนกิจกรรมของชมรมทุกไตรมาส",
    "สำนักงานคุมประพฤติใช้ศูนย์เพื่อนใจเป็นพื้นที่ปรับพฤติกรรมผู้ถูกคุมความประพฤติได้ดี",
]
IMPROVEMENTS = [
    "ควรจัดทำทะเบียนการส่งต่อผู้มีปัญหาให้เป็นระบบ และบันทึกผลการประเมินความฉลาดทางอารมณ์"
    "ก่อนและหลังเข้าร่วมกิจกรรมให้ครบทุกรุ่น เพื่อใช้วางแผนการดำเนินงานในปีถัดไป",
    "ควรเพิ่มสื่อประชาสัมพันธ์ออนไลน์ให้ต่อเนื่อง",
]


@pytest.fixture
def scored_round(province_a, evaluator):
    second = UserFactory(username="evaluator_two", role="evaluator",
                         first_name="นางพรประภา", last_name="แกล้วกล้า")  # fmt: skip
    evaluator.first_name, evaluator.last_name = "นายวีรวัฒน์", "เต็งอำนวย"
    evaluator.save()
    round_ = RoundFactory(province=province_a, name="ตรวจประเมินและติดตามผลการดำเนินงาน รอบพื้นที่ 2568")
    rubric = published_rubric()
    names = ["ชมรม TO BE NUMBER ONE ชุมชนบ้านนาสมดี", "ชมรม TO BE NUMBER ONE สำนักงานคุมประพฤติ"]
    visits = [
        visit_for(
            round_=round_,
            rubric=rubric,
            evaluators=[evaluator, second],
            club=ClubFactory(district__province=province_a, name=name),
        )  # fmt: skip
        for name in names
    ]
    for index, visit in enumerate(visits):
        for person, share in [(evaluator, "0.9"), (second, "0.8")]:
            score_sheet_submit(
                visit=visit, evaluator=person, client_id=uuid.uuid4(), rubric_id=rubric.pk,
                scores=scores_for(visit, Decimal(share)),
                strengths=STRENGTHS[index] if person == evaluator else "",
                improvements=IMPROVEMENTS[index] if person == second else "",
                edited_at=datetime.datetime(2025, 6, 6, 12, tzinfo=datetime.UTC),
            )  # fmt: skip
    site_result_finalise(visit=visits[0], user=evaluator)
    return round_


@pytest.mark.django_db
def test_round_summary_lists_sites_scores_tiers_and_a_letter_per_site(scored_round, officer_a):
    job, pdf = _render("evaluation_round", {"round": scored_round.pk}, user=officer_a)
    text = pdf_text(pdf)
    flat = squeeze(text)

    assert squeeze("ตรวจประเมินและติดตามผลการดำเนินงาน รอบพื้นที่ 2568") in flat
    assert "ระหว่างวันที่6มิถุนายน2568ถึง8มิถุนายน2568" in flat  # BE dates
    # per-criterion means of 0.9 and 0.8 of the maximum, each rounded to 2 places
    assert "3.42" in flat and "ระดับทอง" in flat
    for paragraph in [*STRENGTHS, *IMPROVEMENTS]:
        assert squeeze(paragraph) in flat, paragraph
    assert "ดาเนิน" not in flat and "สานักงาน" not in flat  # ำ survives extraction
    # the summary, then one letter per site, each starting its own page
    pages = text.split("\f")[: job.page_count]
    letters = [page for page in pages if "เรียน" in page and "ประธานคณะกรรมการประเมิน" in page]
    assert len(letters) == 2
    assert squeeze("เรียน ประธานชมรม TO BE NUMBER ONE ชุมชนบ้านนาสมดี") in squeeze(letters[0])
    assert squeeze("(นายวีรวัฒน์ เต็งอำนวย)") in squeeze(letters[0])
    assert all(font["emb"] == "yes" and font["sub"] == "yes" for font in pdf_fonts(pdf))
    assert job.page_count == pdf_pages(pdf)
    assert words_past_the_right_margin(pdf) == []


@pytest.mark.django_db
def test_round_summary_lines_never_end_inside_a_word(scored_round, officer_a):
    _job, pdf = _render("evaluation_round", {"round": scored_round.pk}, user=officer_a)
    text = pdf_text(pdf)
    bad, wrapped = [], 0
    # As the summary prints them: the label and the evaluator, then their words.
    for paragraph in [
        f"จุดเด่น (นายวีรวัฒน์ เต็งอำนวย): {STRENGTHS[0]}",
        f"สิ่งที่ควรปรับปรุง (นางพรประภา แกล้วกล้า): {IMPROVEMENTS[0]}",
    ]:
        lines = paragraph_lines(text, paragraph)
        assert lines is not None, paragraph
        wrapped += len(lines) > 1
        bad += line_ends_inside_words(paragraph, lines)
    assert wrapped >= 1
    assert bad == []


@pytest.mark.django_db
def test_round_of_another_province_cannot_be_requested(scored_round, officer_b, evaluator_other):
    with pytest.raises(ValidationError) as error:
        services.report_request(
            kind="evaluation_round", parameters={"round": scored_round.pk}, user=officer_b
        )
    assert "round" in error.value.message_dict
    # Evaluators ask for no reports at all (they read their rounds' result pages).
    with pytest.raises(ValidationError):
        services.report_request(
            kind="evaluation_round", parameters={"round": scored_round.pk}, user=evaluator_other
        )


@pytest.mark.django_db
def test_a_new_score_changes_the_data_version(scored_round, evaluator):
    kind = registry["evaluation_round"]
    before = kind.data_version({"round": scored_round.pk})
    visit = scored_round.visits.order_by("order").last()
    score_sheet_submit(
        visit=visit, evaluator=evaluator, client_id=uuid.uuid4(), rubric_id=visit.rubric_id,
        scores=scores_for(visit, Decimal("0.5")),
        edited_at=datetime.datetime(2025, 6, 7, 12, tzinfo=datetime.UTC),
    )  # fmt: skip

    assert kind.data_version({"round": scored_round.pk}) != before


@pytest.mark.django_db
def test_button_on_the_round_page_requests_the_summary(client, scored_round, officer_a):
    from django.urls import reverse

    from reports.models import ReportJob

    client.force_login(officer_a)
    page = client.get(reverse("evaluations:round_detail", args=[scored_round.pk]))
    assert 'value="evaluation_round"' in page.content.decode()

    response = client.post(
        reverse("reports:job_create"), {"kind": "evaluation_round", "round": scored_round.pk}
    )

    job = ReportJob.objects.get()
    assert response.status_code == 302 and job.parameters["round"] == scored_round.pk


@pytest.mark.django_db
def test_round_summary_reads_unfinalised_sites_as_provisional(scored_round, officer_a):
    _job, pdf = _render("evaluation_round", {"round": scored_round.pk}, user=officer_a)
    flat = squeeze(pdf_text(pdf))
    assert flat.count(squeeze("ยังไม่ผ่านการรับรอง (รอประธานยืนยันผล)")) == 1
    assert "ยืนยันผลแล้ว" in flat
    # The round as a whole, under its title: one of its two sites is finalised.
    assert squeeze("การรับรองผล: ยังไม่ผ่านการรับรอง (ประธานยืนยันผลแล้ว 1 จาก 2 สถานที่)") in flat


@pytest.mark.django_db
def test_the_letter_of_an_unfinalised_site_says_its_result_is_provisional(scored_round, officer_a):
    job, pdf = _render("evaluation_round", {"round": scored_round.pk}, user=officer_a)
    pages = pdf_text(pdf).split("\f")[: job.page_count]
    letters = [squeeze(p) for p in pages if "เรียน" in p and "ประธานคณะกรรมการประเมิน" in p]
    provisional = squeeze("ผลเบื้องต้นที่ยังไม่ผ่านการรับรอง จนกว่าประธานคณะกรรมการประเมินจะยืนยันผล")
    # The first site was finalised by the chair; the second was not.
    assert [provisional in letter for letter in letters] == [False, True]


@pytest.mark.django_db
def test_a_round_finalised_at_every_site_reads_as_approved(scored_round, officer_a, evaluator):
    for visit in scored_round.visits.all():
        if not getattr(visit, "result", None) or not visit.result.is_finalised:
            site_result_finalise(visit=visit, user=evaluator)
    _job, pdf = _render("evaluation_round", {"round": scored_round.pk}, user=officer_a)
    flat = squeeze(pdf_text(pdf))
    assert squeeze("การรับรองผล: ประธานยืนยันผลแล้วทุกสถานที่") in flat
    assert "ยังไม่ผ่านการรับรอง" not in flat


@pytest.mark.django_db
def test_dashboard_reads_unfinalised_sites_as_provisional(client, scored_round, executive_a):
    from django.urls import reverse

    client.force_login(executive_a)
    text = client.get(reverse("reports:dashboard_province", args=["48"]), {"fy": 2568}).text
    widget = text[text.index("widget-evaluations-title") :]
    assert widget.count('data-approval="approved"') == 1
    assert widget.count('data-approval="provisional"') == 1


@pytest.mark.django_db
def test_dashboard_approved_only_shows_finalised_sites_only(client, scored_round, executive_a):
    from django.urls import reverse

    client.force_login(executive_a)
    url = reverse("reports:dashboard_province", args=["48"])
    text = client.get(url, {"fy": 2568, "approved": "1"}).text
    widget = text[text.index("widget-evaluations-title") :]
    assert widget.count('data-approval="approved"') == 1
    assert widget.count('data-approval="provisional"') == 0
