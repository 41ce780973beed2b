"""The sign-off through the API: submit, approve, return and reopen a period, each by whom
it may (outsider → 404, wrong role → 403, a state that does not allow it → 400 in Thai),
the periods listed with their state, and each transition's who, when and why."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.services import api_token_create
from programs.models import ApprovalState, IndicatorResult, PeriodApproval
from tests.programs.factories import quarter_to_sign_off

pytestmark = pytest.mark.django_db

SUBMIT = reverse("api:period-approval-submit")
LIST = reverse("api:period-approval-list")
KEY = {"program": "to-be-number-one", "fiscal_year": 2568, "period": "q2"}


def as_user(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user)[1]}")
    return client


def act(name: str, approval: PeriodApproval) -> str:
    return reverse(f"api:period-approval-{name}", args=[approval.pk])


@pytest.fixture
def world(province_a, officer_a):
    return quarter_to_sign_off(province=province_a, entered_by=officer_a)


@pytest.fixture
def submitted(world, officer_a) -> PeriodApproval:
    response = as_user(officer_a).post(SUBMIT, KEY, format="json")
    assert response.status_code == 200, response.content
    return PeriodApproval.objects.get()


@pytest.fixture
def approved(submitted, approver_a) -> PeriodApproval:
    assert as_user(approver_a).post(act("approve", submitted)).status_code == 200
    submitted.refresh_from_db()
    return submitted


# --- submit -------------------------------------------------------------------------------


def test_officer_submits_a_quarter_of_their_province(world, officer_a):
    response = as_user(officer_a).post(SUBMIT, KEY, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "submitted" and body["submitted_by"] == "officer_a"
    assert body["province"] == "48" and body["period_token"] == "q2"
    assert [step["state"] for step in body["history"]] == ["submitted"]


def test_submitting_another_provinces_period_is_404(world, officer_b):
    response = as_user(officer_b).post(SUBMIT, {**KEY, "province": "48"}, format="json")
    assert response.status_code == 404
    assert not PeriodApproval.objects.exists()


def test_evaluators_and_unknown_programs_are_404(world, evaluator, officer_a):
    assert (
        as_user(evaluator).post(SUBMIT, {**KEY, "province": "48"}, format="json").status_code == 404
    )
    unknown = as_user(officer_a).post(SUBMIT, {**KEY, "program": "none"}, format="json")
    assert unknown.status_code == 404


def test_a_read_only_role_cannot_submit(world, executive_a, approver_a):
    for user in (executive_a, approver_a):
        response = as_user(user).post(SUBMIT, KEY, format="json")
        assert response.status_code == 403
        assert "ไม่มีสิทธิ์ส่งผล" in response.json()["detail"]
    assert not PeriodApproval.objects.exists()


def test_submitting_twice_is_400_with_the_state_in_thai(submitted, officer_a):
    response = as_user(officer_a).post(SUBMIT, KEY, format="json")
    assert response.status_code == 400
    assert "ส่งรับรองได้เฉพาะผลที่เป็นร่างหรือถูกส่งกลับ" in response.text
    assert "ส่งรับรองแล้ว" in response.text


def test_a_period_without_figures_is_400(world, officer_a):
    response = as_user(officer_a).post(SUBMIT, {**KEY, "period": "q3"}, format="json")
    assert response.status_code == 400 and "ยังไม่มีผล" in response.text


def test_a_bad_period_or_christian_era_year_is_refused(world, officer_a):
    client = as_user(officer_a)
    assert client.post(SUBMIT, {**KEY, "period": "q5"}, format="json").status_code == 400
    assert client.post(SUBMIT, {**KEY, "fiscal_year": 2025}, format="json").status_code == 400
    assert not PeriodApproval.objects.exists()


# --- approve ------------------------------------------------------------------------------


def test_approver_approves_the_whole_period_and_the_figures_lock(
    world, submitted, approver_a, officer_a
):
    response = as_user(approver_a).post(act("approve", submitted))

    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "approved" and body["approved_by"] == "head_a"
    assert {change["kind"] for change in body["changes"]} == {"same"}
    result = IndicatorResult.objects.get(indicator=world["events"], period=2)
    patch = as_user(officer_a).patch(
        reverse("api:indicator-result-detail", args=[result.pk]), {"value": "1"}, format="json"
    )
    assert patch.status_code == 400 and "รับรองแล้วโดย สมศักดิ์ รักษ์ดี" in patch.text
    shown = as_user(officer_a).get(reverse("api:indicator-result-detail", args=[result.pk]))
    assert shown.json()["approval_state"] == "approved" and shown.json()["approved_at"]


def test_only_the_provinces_approver_approves(submitted, officer_a, executive_a, admin_user):
    for user in (officer_a, executive_a, admin_user):
        response = as_user(user).post(act("approve", submitted))
        assert response.status_code == 403, user
        assert "เฉพาะผู้รับรองผลของจังหวัด" in response.json()["detail"]
    submitted.refresh_from_db()
    assert submitted.state == ApprovalState.SUBMITTED


def test_outsiders_do_not_find_the_period(submitted, officer_b, evaluator):
    for user in (officer_b, evaluator):
        client = as_user(user)
        assert client.get(act("detail", submitted)).status_code == 404
        for name in ("approve", "return", "reopen"):
            assert (
                client.post(act(name, submitted), {"reason": "x"}, format="json").status_code == 404
            )


def test_approving_an_approved_period_is_400(approved, approver_a):
    response = as_user(approver_a).post(act("approve", approved))
    assert response.status_code == 400
    assert "รับรองได้เฉพาะผลที่ส่งรับรองแล้ว ผลงวดนี้อยู่ในสถานะ “รับรองแล้ว”" in response.text


def test_actions_answer_post_only(submitted, approver_a):
    assert as_user(approver_a).get(act("approve", submitted)).status_code == 405


# --- return -------------------------------------------------------------------------------


def test_approver_returns_one_figure_with_a_reason(world, submitted, approver_a, officer_a):
    clubs = str(world["clubs"].pk)
    response = as_user(approver_a).post(
        act("return", submitted), {"items": {clubs: "ยอดไม่ตรงทะเบียน"}}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "returned" and body["returned_items"] == {clubs: "ยอดไม่ตรงทะเบียน"}
    assert body["history"][-1]["by"] == "head_a"
    assert body["history"][-1]["returned_items"] == {clubs: "ยอดไม่ตรงทะเบียน"}
    # The officer may fix the figure again.
    result = IndicatorResult.objects.get(indicator=world["clubs"], period=2)
    patch = as_user(officer_a).patch(
        reverse("api:indicator-result-detail", args=[result.pk]), {"value": "400"}, format="json"
    )
    assert patch.status_code == 200 and patch.json()["approval_state"] == "returned"


def test_return_needs_a_reason(submitted, approver_a):
    response = as_user(approver_a).post(act("return", submitted), {"reason": " "}, format="json")
    assert response.status_code == 400 and "กรุณาระบุเหตุผลที่ส่งกลับ" in response.text
    submitted.refresh_from_db()
    assert submitted.state == ApprovalState.SUBMITTED


def test_an_officer_cannot_return(submitted, officer_a):
    response = as_user(officer_a).post(act("return", submitted), {"reason": "x"}, format="json")
    assert response.status_code == 403


def test_returning_an_approved_period_is_400(approved, approver_a):
    response = as_user(approver_a).post(act("return", approved), {"reason": "x"}, format="json")
    assert response.status_code == 400 and "ส่งกลับได้เฉพาะผลที่ส่งรับรองแล้ว" in response.text


# --- reopen -------------------------------------------------------------------------------


def test_reopen_needs_a_reason_and_then_the_period_is_approved_again(
    world, approved, approver_a, officer_a
):
    approver = as_user(approver_a)
    blank = approver.post(act("reopen", approved), {"reason": ""}, format="json")
    assert blank.status_code == 400 and "กรุณาระบุเหตุผลที่เปิดให้แก้ไข" in blank.text

    reopened = approver.post(act("reopen", approved), {"reason": "สสจ. ขอแก้ยอด"}, format="json")
    assert reopened.status_code == 200 and reopened.json()["state"] == "reopened"
    result = IndicatorResult.objects.get(indicator=world["events"], period=2)
    officer = as_user(officer_a)
    changed = officer.patch(
        reverse("api:indicator-result-detail", args=[result.pk]), {"value": "130"}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["approval_state"] == "reopened"
    assert officer.post(SUBMIT, KEY, format="json").status_code == 200

    detail = approver.get(act("detail", approved)).json()
    kinds = {change["indicator"]: change["kind"] for change in detail["changes"]}
    assert kinds[world["events"].pk] == "changed" and kinds[world["clubs"].pk] == "same"
    assert approver.post(act("approve", approved)).status_code == 200
    steps = [
        (s["state"], s["by"], s["reason"])
        for s in approver.get(act("detail", approved)).json()["history"]
    ]
    assert steps == [
        ("submitted", "officer_a", ""),
        ("approved", "head_a", ""),
        ("reopened", "head_a", "สสจ. ขอแก้ยอด"),
        ("submitted", "officer_a", ""),
        ("approved", "head_a", ""),
    ]


def test_reopening_a_submitted_period_is_400_and_officers_403(submitted, approver_a, officer_a):
    response = as_user(approver_a).post(act("reopen", submitted), {"reason": "x"}, format="json")
    assert response.status_code == 400 and "เปิดให้แก้ไขได้เฉพาะผลที่รับรองแล้ว" in response.text
    assert (
        as_user(officer_a)
        .post(act("reopen", submitted), {"reason": "x"}, format="json")
        .status_code
        == 403
    )


# --- reading ------------------------------------------------------------------------------


def test_periods_are_listed_with_their_state_in_the_users_scope(
    approved, officer_a, officer_b, national_executive
):
    rows = as_user(officer_a).get(LIST).json()["results"]
    assert [(row["period_label"], row["state"]) for row in rows] == [("ไตรมาสที่ 2", "approved")]
    assert as_user(officer_a).get(LIST, {"state": "submitted"}).json()["results"] == []
    assert as_user(officer_b).get(LIST).json()["results"] == []
    assert len(as_user(national_executive).get(LIST).json()["results"]) == 1


@pytest.fixture
def periods_in_three_states(approved, world, province_a, officer_a):
    """TO BE NUMBER ONE q2 approved and q3 submitted; another program's q3 submitted."""
    from decimal import Decimal

    from programs.services.indicators import indicator_result_save
    from tests.programs.factories import IndicatorFactory, ObjectiveFactory, ProgramFactory

    for indicator in world.values():
        indicator_result_save(
            indicator=indicator, province=province_a, period=3, value=Decimal(5),
            entered_by=officer_a,
        )  # fmt: skip
    other = ObjectiveFactory(program=ProgramFactory(slug="roi-jai-rak"), fiscal_year=2568)
    indicator_result_save(
        indicator=IndicatorFactory(objective=other, code="RJ-1"), province=province_a,
        period=3, value=Decimal(7), entered_by=officer_a,
    )  # fmt: skip
    client = as_user(officer_a)
    for program in ("to-be-number-one", "roi-jai-rak"):
        body = {**KEY, "program": program, "period": "q3"}
        assert client.post(SUBMIT, body, format="json").status_code == 200


def _listed(user, **params) -> list[tuple[str, str, str]]:
    response = as_user(user).get(LIST, params)
    assert response.status_code == 200, response.content
    return [(r["program"], r["period_token"], r["state"]) for r in response.json()["results"]]


def test_periods_are_filtered_by_state_program_and_period(periods_in_three_states, approver_a):
    tbno = "to-be-number-one"
    assert sorted(_listed(approver_a, state="submitted")) == [
        ("roi-jai-rak", "q3", "submitted"), (tbno, "q3", "submitted"),
    ]  # fmt: skip
    assert _listed(approver_a, state="submitted", program=tbno) == [(tbno, "q3", "submitted")]
    assert _listed(approver_a, program=tbno, period_token="q2") == [(tbno, "q2", "approved")]
    assert _listed(approver_a, program=tbno, frequency="quarterly", period=3) == [
        (tbno, "q3", "submitted")
    ]
    assert _listed(approver_a, state="approved", fiscal_year=2568) == [(tbno, "q2", "approved")]
    assert _listed(approver_a, state="returned") == []
    assert _listed(approver_a, fiscal_year=2567) == []
    assert _listed(approver_a, period_token="m2") == []


def test_a_filter_outside_its_choices_is_400_naming_it(periods_in_three_states, approver_a):
    for params, name in (({"state": "done"}, "state"), ({"period_token": "q5"}, "period_token")):
        response = as_user(approver_a).get(LIST, params)
        assert response.status_code == 400
        assert name in response.json()


def test_filters_never_widen_the_scope(periods_in_three_states, officer_b):
    assert _listed(officer_b, state="submitted") == []
    assert _listed(officer_b, province="48") == []
