"""Sign-off of a province's figures: draft → submitted → approved | returned, reopen with a
reason; who may make each transition; the lock holding in the service, the API and the
importer; entry closing by date and the administrator's extension."""

import contextlib
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Role
from programs.imports.indicator_results import indicator_results_import
from programs.models import ApprovalState, IndicatorResult, PeriodApproval
from programs.services.approvals import (
    PeriodKey,
    entry_extension_grant,
    entry_refusal,
    period_approval_approve,
    period_approval_reopen,
    period_approval_return,
    period_approval_submit,
    period_changes,
)
from programs.services.indicators import indicator_attachment_add, indicator_result_save
from tests.accounts.factories import UserFactory
from tests.programs.factories import IndicatorFactory, ObjectiveFactory, ProgramFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def approver_b(province_b):
    return UserFactory(
        username="head_b", role=Role.EXECUTIVE, province=province_b, is_approver=True
    )


@pytest.fixture
def world(province_a, province_b):
    program = ProgramFactory(slug="to-be-number-one", name_th="TO BE NUMBER ONE")
    objective = ObjectiveFactory(program=program, fiscal_year=2568, number=1)
    return {
        "program": program,
        "events": IndicatorFactory(objective=objective, code="TB-1", target=100),
        "clubs": IndicatorFactory(objective=objective, code="TB-2", target=400),
        "yearly": IndicatorFactory(objective=objective, code="TB-Y", frequency="yearly"),
    }


@pytest.fixture
def freeze_time(monkeypatch):
    """The day entry is checked against (the closing date), set by the test."""

    def set_day(iso: str):
        day = datetime.date.fromisoformat(iso)
        monkeypatch.setattr("programs.services.approvals._today", lambda: day)
        return contextlib.nullcontext()

    return set_day


def key(world, province, period=2, frequency="quarterly"):
    return PeriodKey(world["program"], province, 2568, frequency, period)


def save(world, province, user, code="events", value=120, period=2):
    return indicator_result_save(
        indicator=world[code], province=province, period=period, value=D(value), entered_by=user
    )


@pytest.fixture
def submitted(world, province_a, officer_a):
    save(world, province_a, officer_a, "events", 120)
    save(world, province_a, officer_a, "clubs", 380)
    return period_approval_submit(key=key(world, province_a), submitted_by=officer_a)


# --- Transitions --------------------------------------------------------------------------


def test_officer_submits_a_period_with_figures(submitted, officer_a):
    assert submitted.state == ApprovalState.SUBMITTED
    assert submitted.submitted_by == officer_a and submitted.submitted_at is not None
    assert submitted.history.count() == 1


def test_a_period_without_figures_cannot_be_submitted(world, province_a, officer_a):
    with pytest.raises(ValidationError, match="ยังไม่มีผล"):
        period_approval_submit(key=key(world, province_a), submitted_by=officer_a)
    assert not PeriodApproval.objects.filter(state=ApprovalState.SUBMITTED).exists()


def test_officer_of_another_province_cannot_submit(world, province_a, officer_a, officer_b):
    save(world, province_a, officer_a)
    with pytest.raises(PermissionDenied):
        period_approval_submit(key=key(world, province_a), submitted_by=officer_b)


def test_read_only_roles_cannot_submit(world, province_a, officer_a, executive_a, approver_a):
    save(world, province_a, officer_a)
    for user in (executive_a, approver_a):
        with pytest.raises(PermissionDenied):
            period_approval_submit(key=key(world, province_a), submitted_by=user)


def test_approver_approves_the_whole_period_and_its_figures_are_kept(submitted, approver_a):
    approved = period_approval_approve(approval=submitted, approved_by=approver_a)

    assert approved.state == ApprovalState.APPROVED
    assert approved.approved_by == approver_a and approved.approved_at is not None
    assert {f["value"] for f in approved.approved_figures.values()} == {"120", "380"}
    assert approved.history.first().history_user == approver_a


@pytest.mark.parametrize("who", ["officer_a", "executive_a", "admin_user", "approver_b"])
def test_only_the_provinces_approver_approves(request, submitted, who):
    with pytest.raises(PermissionDenied, match="ผู้รับรองผลของจังหวัดนครพนม"):
        period_approval_approve(approval=submitted, approved_by=request.getfixturevalue(who))
    submitted.refresh_from_db()
    assert submitted.state == ApprovalState.SUBMITTED


def test_an_approver_does_not_approve_what_they_submitted(world, province_a):
    head = UserFactory(role=Role.OFFICER, province=province_a, is_approver=True)
    save(world, province_a, head)
    approval = period_approval_submit(key=key(world, province_a), submitted_by=head)
    with pytest.raises(ValidationError, match="รับรองผลของตนเองไม่ได้"):
        period_approval_approve(approval=approval, approved_by=head)


def test_a_draft_cannot_be_approved(world, province_a, officer_a, approver_a):
    approval = PeriodApproval.objects.create(**key(world, province_a).lookup())
    with pytest.raises(ValidationError, match="ร่าง"):
        period_approval_approve(approval=approval, approved_by=approver_a)


def test_return_needs_a_reason(submitted, approver_a):
    with pytest.raises(ValidationError, match="เหตุผล"):
        period_approval_return(approval=submitted, returned_by=approver_a, reason="  ")
    submitted.refresh_from_db()
    assert submitted.state == ApprovalState.SUBMITTED


def test_return_names_one_figure_with_its_reason(world, submitted, approver_a):
    returned = period_approval_return(
        approval=submitted, returned_by=approver_a,
        items={world["clubs"].pk: "ตัวเลขชมรมไม่ตรงกับทะเบียน"},
    )  # fmt: skip

    assert returned.state == ApprovalState.RETURNED
    assert returned.returned_items == {str(world["clubs"].pk): "ตัวเลขชมรมไม่ตรงกับทะเบียน"}
    assert returned.reason  # a general reason is written when only figures are named
    assert returned.history.first().history_change_reason


def test_return_refuses_a_figure_of_another_period(world, submitted, approver_a):
    with pytest.raises(ValidationError, match="เฉพาะผลที่อยู่ในงวดนี้"):
        period_approval_return(
            approval=submitted, returned_by=approver_a, items={world["yearly"].pk: "x"}
        )


def test_returned_period_is_fixed_and_submitted_again(
    world, province_a, submitted, officer_a, approver_a
):
    period_approval_return(approval=submitted, returned_by=approver_a, reason="ตรวจทานใหม่")
    save(world, province_a, officer_a, "clubs", 400)  # open again for the officer
    again = period_approval_submit(key=key(world, province_a), submitted_by=officer_a)
    assert again.state == ApprovalState.SUBMITTED


def test_reopen_needs_a_reason_and_resets_the_approval(
    world, province_a, submitted, officer_a, approver_a
):
    approved = period_approval_approve(approval=submitted, approved_by=approver_a)
    with pytest.raises(ValidationError, match="เหตุผล"):
        period_approval_reopen(approval=approved, reopened_by=approver_a, reason="")

    reopened = period_approval_reopen(
        approval=approved, reopened_by=approver_a, reason="สสจ. แจ้งแก้ไขยอดชมรม"
    )
    assert reopened.state == ApprovalState.REOPENED
    save(world, province_a, officer_a, "clubs", 395)
    changes = period_changes(reopened)
    assert changes[world["clubs"].pk].kind == "changed"
    assert changes[world["events"].pk].kind == "same"
    # The figure must be approved again.
    with pytest.raises(ValidationError):
        period_approval_approve(approval=reopened, approved_by=approver_a)
    resubmitted = period_approval_submit(key=key(world, province_a), submitted_by=officer_a)
    assert period_approval_approve(approval=resubmitted, approved_by=approver_a).is_approved
    reasons = [h.history_change_reason for h in reopened.history.all()]
    assert "สสจ. แจ้งแก้ไขยอดชมรม" in reasons


def test_only_the_approver_reopens(submitted, approver_a, officer_a, admin_user):
    approved = period_approval_approve(approval=submitted, approved_by=approver_a)
    for user in (officer_a, admin_user):
        with pytest.raises(PermissionDenied):
            period_approval_reopen(approval=approved, reopened_by=user, reason="แก้")


def test_approver_flag_needs_a_province(province_a):
    user = UserFactory.build(role=Role.EXECUTIVE, province=None, is_approver=True)
    with pytest.raises(ValidationError):
        user.clean()


# --- Locks that hold ---------------------------------------------------------------------


@pytest.fixture
def approved(submitted, approver_a):
    return period_approval_approve(approval=submitted, approved_by=approver_a)


def test_approved_figure_refuses_change_and_names_who_and_when(
    world, province_a, approved, officer_a, admin_user
):
    for user in (officer_a, admin_user):
        with pytest.raises(ValidationError) as error:
            save(world, province_a, user, "events", 999)
        assert "รับรองแล้วโดย สมศักดิ์ รักษ์ดี เมื่อ" in error.value.messages[0]
    assert IndicatorResult.objects.get(indicator=world["events"], period=2).value == D(120)


def test_approved_period_refuses_a_new_figure_too(world, province_a, approved, officer_a):
    extra = IndicatorFactory(objective=world["events"].objective, code="TB-9")
    with pytest.raises(ValidationError, match="รับรองแล้ว"):
        indicator_result_save(
            indicator=extra, province=province_a, period=2, value=D(1), entered_by=officer_a
        )


def test_submitted_figure_refuses_change(world, province_a, submitted, officer_a):
    with pytest.raises(ValidationError, match="ส่งรับรองแล้ว"):
        save(world, province_a, officer_a, "events", 999)


def test_other_periods_and_provinces_stay_open(
    world, province_a, province_b, approved, officer_a, officer_b
):
    save(world, province_a, officer_a, "events", 130, period=3)
    save(world, province_b, officer_b, "events", 50, period=2)
    assert IndicatorResult.objects.filter(period=3).exists()


def test_approved_figure_refuses_an_evidence_file(world, province_a, approved, officer_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    result = IndicatorResult.objects.get(indicator=world["events"], period=2)
    with pytest.raises(ValidationError, match="รับรองแล้ว"):
        indicator_attachment_add(
            result=result, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n"),
            uploaded_by=officer_a,
        )  # fmt: skip


def test_api_refuses_patch_and_post_of_an_approved_figure(
    world, province_a, approved, officer_a, client
):
    client.force_login(officer_a)
    result = IndicatorResult.objects.get(indicator=world["events"], period=2)
    patch = client.patch(
        reverse("api:indicator-result-detail", args=[result.pk]),
        {"value": "999"}, content_type="application/json",
    )  # fmt: skip
    post = client.post(
        reverse("api:indicator-result-list"),
        {"indicator": world["events"].pk, "period": 2, "value": "999"},
        content_type="application/json",
    )
    assert patch.status_code == 400 and "รับรองแล้วโดย" in patch.text
    assert post.status_code == 400 and "รับรองแล้วโดย" in post.text
    result.refresh_from_db()
    assert result.value == D(120)


def test_api_shows_the_approval_state_of_every_result(
    world, province_a, approved, officer_a, client
):
    save(world, province_a, officer_a, "events", 5, period=3)
    client.force_login(officer_a)
    rows = client.get(reverse("api:indicator-result-list")).json()["results"]
    states = {(r["indicator"], r["period"]): r["approval_state"] for r in rows}
    assert states[(world["events"].pk, 2)] == "approved"
    assert states[(world["events"].pk, 3)] == "draft"


def test_importer_refuses_rows_of_an_approved_period(world, province_a, approved, officer_a):
    data = (
        "\ufeffรหัสตัวชี้วัด,ปีงบประมาณ,งวด,ผลการดำเนินงาน\nTB-1,2568,2,999\nTB-1,2568,3,10\n"
    ).encode()
    report = indicator_results_import(data=data, province=province_a, user=officer_a)

    assert not report.ok
    assert any("รับรองแล้วโดย" in problem.message for problem in report.errors)
    assert IndicatorResult.objects.get(indicator=world["events"], period=2).value == D(120)
    assert not IndicatorResult.objects.filter(period=3).exists()  # all or nothing


# --- Closing by date ---------------------------------------------------------------------


@pytest.fixture
def closing(world):
    world["program"].entry_closes_after_days = 15
    world["program"].save()
    return world


def test_entry_closes_days_after_the_period_ends(closing, freeze_time, province_a, officer_a):
    # Quarter 2 of FY 2568 ends 31 Mar 2025; 15 days later is 15 Apr 2025.
    with freeze_time("2025-04-15"):
        save(closing, province_a, officer_a, "events", 120)
    with freeze_time("2025-04-16"), pytest.raises(ValidationError, match="ปิดรับผล"):
        save(closing, province_a, officer_a, "events", 130)
    assert IndicatorResult.objects.get(indicator=closing["events"]).value == D(120)


def test_administrator_extends_entry_for_one_province(
    closing, freeze_time, province_a, province_b, officer_a, officer_b, admin_user
):
    with pytest.raises(PermissionDenied):
        entry_extension_grant(
            program=closing["program"], province=province_a,
            open_until=datetime.date(2025, 5, 31), reason="น้ำท่วม", granted_by=officer_a,
        )  # fmt: skip
    extension = entry_extension_grant(
        program=closing["program"], province=province_a,
        open_until=datetime.date(2025, 5, 31), reason="น้ำท่วมสำนักงาน", granted_by=admin_user,
    )  # fmt: skip
    assert extension.history.count() == 1
    with freeze_time("2025-05-20"):
        save(closing, province_a, officer_a, "events", 120)
        with pytest.raises(ValidationError, match="ปิดรับผล"):
            save(closing, province_b, officer_b, "events", 50)
    with freeze_time("2025-06-01"):
        assert "ปิดรับผล" in entry_refusal(key(closing, province_a))


def test_a_returned_period_stays_open_after_the_closing_date(
    closing, freeze_time, province_a, officer_a, approver_a
):
    with freeze_time("2025-04-10"):
        save(closing, province_a, officer_a, "events", 120)
        approval = period_approval_submit(key=key(closing, province_a), submitted_by=officer_a)
    with freeze_time("2025-05-10"):
        period_approval_return(approval=approval, returned_by=approver_a, reason="แก้ยอด")
        save(closing, province_a, officer_a, "events", 125)
    assert IndicatorResult.objects.get(indicator=closing["events"]).value == D(125)


def test_periods_waiting_for_an_approver_are_the_submitted_ones_of_their_province(
    world, province_a, province_b, submitted, approver_a, approver_b, officer_a, officer_b
):
    from programs.services.approvals import periods_waiting_for

    save(world, province_b, officer_b, "events", 9)
    other = period_approval_submit(key=key(world, province_b), submitted_by=officer_b)

    assert list(periods_waiting_for(approver_a)) == [submitted]
    assert list(periods_waiting_for(approver_b)) == [other]
    assert list(periods_waiting_for(officer_a)) == []
    period_approval_approve(approval=submitted, approved_by=approver_a)
    assert list(periods_waiting_for(approver_a)) == []
