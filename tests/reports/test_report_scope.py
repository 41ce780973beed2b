"""No report crosses a province: a finished file goes only to a user who sees the same data.

Every report kind is asked for by each role in turn, once with the widest view first and
once with the narrowest first, and every PDF is read back: it holds exactly what its
reader may see. Data of two provinces is spread so that a file made for one view and
handed to another would show it: a regional evaluation round visits a club in each
province (an officer sees their own province's visits only, as the round's page does),
and each province has a club of its own.
"""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from evaluations.services.scoring import score_sheet_submit
from meetings.services import agenda_item_add
from reports import services
from reports.kinds.base import SystemReader, viewer_scope
from reports.models import ReportJob, ReportStatus
from tests.evaluations.factories import RoundFactory, published_rubric, scores_for, visit_for
from tests.programs.factories import ClubFactory
from tests.reports.factories import minutes_meeting
from tests.reports.pdf_checks import pdf_text, squeeze
from thai.fiscal_year import current_fiscal_year

NKP, SSK = "NKPMARK", "SSKMARK"  # Latin marks without hyphens: every reader keeps them
FISCAL_YEAR = 2568
ROLES = ["admin", "national", "officer_a", "executive_a", "officer_b", "evaluator"]


@pytest.fixture
def cast(admin_user, national_executive, officer_a, executive_a, officer_b, evaluator):
    return {
        "admin": admin_user,
        "national": national_executive,
        "officer_a": officer_a,
        "executive_a": executive_a,
        "officer_b": officer_b,
        "evaluator": evaluator,
    }


@pytest.fixture
def two_provinces(province_a, province_b, evaluator):
    """A club in each province, both visited and scored by one regional round."""
    round_ = RoundFactory(province=None, fiscal_year=FISCAL_YEAR, name="ตรวจประเมินระดับเขต 2568")
    rubric = published_rubric()
    for province, mark in [(province_a, NKP), (province_b, SSK)]:
        club = ClubFactory(
            district=province.districts.first(),
            name=f"ชมรม TO BE NUMBER ONE {mark}",
            host_organisation=f"โรงเรียน {mark}",
        )
        visit = visit_for(round_=round_, rubric=rubric, evaluators=[evaluator], club=club)
        score_sheet_submit(
            visit=visit, evaluator=evaluator, client_id=uuid.uuid4(), rubric_id=rubric.pk,
            scores=scores_for(visit, Decimal("0.8")), strengths=f"จุดเด่นของ {mark}",
            edited_at=datetime.datetime(2025, 6, 6, 12, tzinfo=datetime.UTC),
        )  # fmt: skip
    meeting = minutes_meeting(province_a)
    agenda_item_add(
        meeting=meeting, part=5, title=f"เรื่องอื่น ๆ ของ {NKP}", discussion="", resolution=""
    )
    return {"round": round_, "meeting": meeting}


def _visible(kind: str, role: str) -> set[str]:
    """What each role may see of each kind's report, or None when it may not ask."""
    if role == "evaluator":
        return None  # evaluators ask for no province reports
    if kind == "evaluation_round":
        return {
            "admin": {NKP, SSK},
            "national": {NKP, SSK},
            "officer_a": {NKP},
            "executive_a": {NKP},
            "officer_b": {SSK},
        }[role]
    if role == "officer_b":
        return None  # a report of province 48 (or of its meeting) is not theirs to ask for
    return {NKP}


def _parameters(kind: str, data) -> dict:
    return {
        "provincial_summary": {"province": "48", "fiscal_year": FISCAL_YEAR},
        "club_directory": {"province": "48", "fiscal_year": FISCAL_YEAR},
        "evaluation_round": {"round": data["round"].pk},
        "minutes": {"meeting": data["meeting"].pk},
    }[kind]


def _ask(kind: str, parameters: dict, user) -> bytes:
    """Ask as the page and the API do; render what is queued as the worker would."""
    job = services.report_request(kind=kind, parameters=parameters, user=user)
    if job.status == ReportStatus.QUEUED:
        job = services.report_job_run(job_id=job.pk)
    assert job.status == ReportStatus.DONE, job.error
    with job.file.open("rb") as file:
        return file.read()


def _marks(pdf: bytes) -> set[str]:
    text = squeeze(pdf_text(pdf))
    return {mark for mark in (NKP, SSK) if mark in text}


@pytest.mark.django_db
@pytest.mark.parametrize("order", ["widest first", "narrowest first"])
@pytest.mark.parametrize(
    "kind", ["evaluation_round", "provincial_summary", "club_directory", "minutes"]
)
def test_every_role_gets_only_what_it_may_see_whoever_asked_before(
    kind, order, cast, two_provinces
):
    roles = ROLES if order == "widest first" else list(reversed(ROLES))
    parameters = _parameters(kind, two_provinces)
    for role in roles:
        expected = _visible(kind, role)
        if expected is None:
            with pytest.raises(ValidationError):
                services.report_request(kind=kind, parameters=parameters, user=cast[role])
            continue
        assert _marks(_ask(kind, parameters, cast[role])) == expected, role


@pytest.mark.django_db
def test_a_file_is_shared_only_between_readers_of_the_same_view(cast, two_provinces):
    parameters = _parameters("evaluation_round", two_provinces)
    jobs = {}
    for role in ["officer_a", "executive_a", "admin", "national", "officer_b"]:
        _ask("evaluation_round", parameters, cast[role])
        jobs[role] = ReportJob.objects.filter(requested_by=cast[role]).get()
    # the governor of 48 reads what the officer of 48 reads: the same file, not rendered again
    assert jobs["executive_a"].file.name == jobs["officer_a"].file.name
    # every other view has a file of its own
    names = {jobs[role].file.name for role in ["officer_a", "admin", "national", "officer_b"]}
    assert len(names) == 4


@pytest.mark.django_db
def test_monthly_summaries_hold_only_their_province(cast, two_provinces, province_a, province_b):
    # Given the regional round of the current fiscal year, so that both summaries print it
    two_provinces["round"].fiscal_year = current_fiscal_year()
    two_provinces["round"].save()
    jobs = services.report_schedule_monthly()
    for job in jobs:
        services.report_job_run(job_id=job.pk)
    by_province = {job.province_id: ReportJob.objects.get(pk=job.pk) for job in jobs}
    assert set(by_province) == {"48", "33"}

    for role, readable in [
        ("officer_a", {"48"}),
        ("executive_a", {"48"}),
        ("officer_b", {"33"}),
        ("national", {"48", "33"}),
        ("evaluator", set()),
    ]:
        listed = ReportJob.objects.for_user(cast[role]).filter(requested_by__isnull=True)
        assert {job.province_id for job in listed} == readable, role
    for code, expected in [("48", {NKP}), ("33", {SSK})]:
        with by_province[code].file.open("rb") as file:
            assert _marks(file.read()) == expected

    # The officer asking for the same summary gets the monthly file (the same view) ...
    parameters = {"province": "48", "fiscal_year": current_fiscal_year()}
    assert _marks(_ask("provincial_summary", parameters, cast["officer_a"])) == {NKP}
    assert ReportJob.objects.get(requested_by=cast["officer_a"]).file == by_province["48"].file
    # ... and the administrator a file of their own view
    _ask("provincial_summary", parameters, cast["admin"])
    assert ReportJob.objects.get(requested_by=cast["admin"]).file != by_province["48"].file


@pytest.mark.django_db
def test_a_system_job_made_with_every_province_in_view_is_not_listed_for_a_province(
    cast, two_provinces, province_a
):
    # Given a round report made from the command line (no requester, every visit in view)
    # of a round that the job files under province 48
    round_ = two_provinces["round"]
    round_.province = province_a
    round_.save()
    parameters = services._kind("evaluation_round").clean_parameters(
        {"round": round_.pk}, user=None
    )
    job = services.report_job_create(kind="evaluation_round", parameters=parameters, user=None)
    job = services.report_job_run(job_id=job.pk)
    with job.file.open("rb") as file:
        assert _marks(file.read()) == {NKP, SSK}
    assert job.province_id == "48" and job.viewer_scope == "admin"
    # then the province's officer and governor do not see it in their list
    for role in ["officer_a", "executive_a", "national"]:
        assert not ReportJob.objects.for_user(cast[role]).filter(pk=job.pk).exists(), role


@pytest.mark.django_db
def test_viewer_scope_names_each_view(cast):
    assert viewer_scope(cast["admin"]) == "admin"
    assert viewer_scope(cast["national"]) == "national"
    assert viewer_scope(cast["officer_a"]) == viewer_scope(cast["executive_a"]) == "province:48"
    assert viewer_scope(cast["officer_b"]) == "province:33"
    assert viewer_scope(cast["evaluator"]) == f"evaluator:{cast['evaluator'].pk}"
    assert viewer_scope(SystemReader("48")) == "province:48"
    assert viewer_scope(SystemReader()) == "admin"
