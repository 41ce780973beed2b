"""The sign-off pages: the officer submits from the results page, the approver approves
the whole period or returns one figure with a reason, which the officer then sees."""

import pytest
from django.urls import reverse

from programs.models import ApprovalState, IndicatorResult, PeriodApproval
from tests.programs.factories import quarter_to_sign_off

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(province_a, officer_a):
    return quarter_to_sign_off(province=province_a, entered_by=officer_a)


def url(name: str, province="48") -> str:
    return reverse(f"programs:{name}", args=["to-be-number-one", 2568, "q2", province])


ENTRY = reverse("programs:results_entry", args=["to-be-number-one", 2568, "q2"])


def test_officer_submits_approver_returns_one_figure_officer_sees_the_reason(
    client, world, officer_a, approver_a
):
    client.force_login(officer_a)
    assert "ส่งผลงวดนี้ให้รับรอง" in client.get(ENTRY).text
    assert client.post(url("period_submit")).status_code == 302
    assert PeriodApproval.objects.get().state == ApprovalState.SUBMITTED

    client.force_login(approver_a)
    page = client.get(url("period_approval"))
    assert page.status_code == 200 and "รับรองผลทั้งงวด" in page.text
    client.post(url("period_return"), {f"item-{world['clubs'].pk}": "ยอดชมรมไม่ตรงทะเบียน"})
    assert PeriodApproval.objects.get().state == ApprovalState.RETURNED

    client.force_login(officer_a)
    entry = client.get(ENTRY).text
    assert "ยอดชมรมไม่ตรงทะเบียน" in entry and "ส่งกลับให้แก้ไข" in entry


def test_approver_approves_the_period_and_the_page_then_refuses_changes(
    client, world, officer_a, approver_a
):
    client.force_login(officer_a)
    client.post(url("period_submit"))
    client.force_login(approver_a)
    assert client.post(url("period_approve")).status_code == 302
    assert PeriodApproval.objects.get().state == ApprovalState.APPROVED

    client.force_login(officer_a)
    page = client.get(ENTRY)
    assert "รับรองแล้วโดย สมศักดิ์ รักษ์ดี" in page.text
    forms = page.context["formset"].forms
    data = {
        "rows-TOTAL_FORMS": str(len(forms)), "rows-INITIAL_FORMS": str(len(forms)),
        "rows-MIN_NUM_FORMS": "0", "rows-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for index, form in enumerate(forms):
        data[f"rows-{index}-indicator"] = str(form.indicator.pk)
        data[f"rows-{index}-value"] = "999"
    refused = client.post(ENTRY, data)
    assert refused.status_code == 200 and "รับรองแล้วโดย" in refused.text
    assert not IndicatorResult.objects.filter(value=999).exists()


def test_reopen_needs_a_reason_on_the_page(client, world, officer_a, approver_a):
    client.force_login(officer_a)
    client.post(url("period_submit"))
    client.force_login(approver_a)
    client.post(url("period_approve"))
    client.post(url("period_reopen"), {"reason": ""})
    assert PeriodApproval.objects.get().state == ApprovalState.APPROVED
    client.post(url("period_reopen"), {"reason": "สสจ. ขอแก้ไขยอด"})
    assert PeriodApproval.objects.get().state == ApprovalState.REOPENED


def test_outsider_gets_404_and_wrong_role_403(client, world, officer_a, officer_b, executive_a):
    client.force_login(officer_b)
    assert client.get(url("period_approval")).status_code == 404
    assert client.post(url("period_submit")).status_code == 404
    client.force_login(officer_a)
    assert client.post(url("period_approve")).status_code == 403
    client.force_login(executive_a)
    assert client.post(url("period_submit")).status_code == 403
    assert client.post(url("period_return"), {"reason": "x"}).status_code == 403


def test_each_transition_shows_who_when_and_why_on_the_period_result_and_audit_pages(
    client, world, officer_a, approver_a, admin_user
):
    client.force_login(officer_a)
    client.post(url("period_submit"))
    client.force_login(approver_a)
    client.post(url("period_return"), {"reason": "ยอดกิจกรรมไม่ตรงกับรายงานอำเภอ"})

    page = client.get(url("period_approval")).text
    history = page[page.index('id="approval-history"') :]
    assert history.index("ส่งรับรองแล้ว") < history.index("ส่งกลับให้แก้ไข")
    assert "ยอดกิจกรรมไม่ตรงกับรายงานอำเภอ" in history and "สมศักดิ์ รักษ์ดี" in history

    client.force_login(officer_a)
    result_page = client.get(reverse("programs:indicator_detail", args=[world["events"].pk])).text
    card = result_page[result_page.index('id="period-2"') :]
    assert "ส่งกลับให้แก้ไข" in card and "ยอดกิจกรรมไม่ตรงกับรายงานอำเภอ" in card
    assert 'data-approval="provisional"' in card and url("period_approval") in card

    client.force_login(admin_user)
    audit = client.get(reverse("audit:log")).text
    assert "TO BE NUMBER ONE · ไตรมาสที่ 2 ปีงบประมาณ 2568 · จังหวัดนครพนม" in audit
    assert "ยอดกิจกรรมไม่ตรงกับรายงานอำเภอ" in audit


def test_after_a_reopen_the_approver_sees_what_changed_and_approves_the_period_at_once(
    client, world, officer_a, approver_a
):
    from decimal import Decimal

    from programs.services.indicators import indicator_result_save

    client.force_login(officer_a)
    client.post(url("period_submit"))
    client.force_login(approver_a)
    client.post(url("period_approve"))
    client.post(url("period_reopen"), {"reason": "อำเภอส่งยอดกิจกรรมเพิ่ม"})
    indicator_result_save(
        indicator=world["events"], province=officer_a.province, period=2, value=Decimal(1250),
        entered_by=officer_a,
    )  # fmt: skip
    client.force_login(officer_a)
    client.post(url("period_submit"))

    client.force_login(approver_a)
    page = client.get(url("period_approval")).text
    events = page[page.index(f'id="approval-row-{world["events"].pk}"') :].split("</tr>")[0]
    clubs = page[page.index(f'id="approval-row-{world["clubs"].pk}"') :].split("</tr>")[0]
    assert "เปลี่ยนแปลงจากที่รับรองครั้งล่าสุด 1 รายการ" in page
    assert "เปลี่ยนแปลง" in events and "เดิม 120" in events and "1,250" in events
    assert "ไม่เปลี่ยนแปลง" in clubs
    assert "รับรองผลทั้งงวด (2 ตัวชี้วัด)" in page

    assert client.post(url("period_approve")).status_code == 302
    approval = PeriodApproval.objects.get()
    assert approval.state == ApprovalState.APPROVED
    assert approval.approved_figures[str(world["events"].pk)]["value"] == "1250"
    assert IndicatorResult.objects.get(indicator=world["clubs"], period=2).value == 380
