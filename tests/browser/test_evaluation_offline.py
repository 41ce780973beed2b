"""An evaluator scores a club on a phone with no signal; the sheet arrives once.

The evaluator opens their visits while online (the service worker keeps the scoring
pages), loses the network, opens the visit, scores every criterion (a score above the
maximum is refused on the spot), adds a photo and comments, and sees "รอส่ง 1 รายการ".
Back online, the phone sends the sheet; the first answer is lost on the way back (a
timeout), the phone sends it again, and the server still holds one sheet. The chair
then finalises the result.
"""

import io
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import Browser, expect

from evaluations.models import EvidencePhoto, ScoreSheet, SubmissionReceipt
from tests.browser.conftest import PHONE, WAIT_LIMIT_MS, log_in_on
from tests.evaluations.factories import RoundFactory, published_rubric, visit_for
from tests.programs.factories import ClubFactory

pytestmark = pytest.mark.browser


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (30, 120, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture
def visit(province_a, evaluator):
    club = ClubFactory(district__province=province_a, name="ชมรม TO BE NUMBER ONE ชุมชนบ้านนาสมดี")
    return visit_for(
        round_=RoundFactory(province=province_a, name="ตรวจประเมินและติดตามผล รอบพื้นที่ 2568"),
        club=club,
        rubric=published_rubric(),
        evaluators=[evaluator],  # the round's chair too
    )


def test_evaluator_scores_offline_and_the_sheet_arrives_once(
    browser: Browser, live_server, visit, screenshots
):
    context = browser.new_context(
        viewport=PHONE, locale="th-TH", timezone_id="Asia/Bangkok", service_workers="allow"
    )
    context.set_default_timeout(WAIT_LIMIT_MS)
    origin = urlsplit(live_server.url).netloc
    network = {"offline": False, "drop_next_answer": True}
    offsite, errors = [], []

    def gate(route):
        request = route.request
        if urlsplit(request.url).netloc != origin:
            offsite.append(request.url)
            route.abort()
        elif network["offline"]:
            route.abort("internetdisconnected")
        elif request.method == "POST" and "/api/v1/evaluations/submissions/" in request.url:
            if network["drop_next_answer"]:
                # The server receives and stores the sheet; its answer never reaches the phone.
                network["drop_next_answer"] = False
                route.fetch()
                route.abort("timedout")
            else:
                route.continue_()
        else:
            route.continue_()

    context.route("**/*", gate)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))

    # Online once: log in and open the list of visits; the pages are kept for offline use.
    log_in_on(page, live_server, "evaluator")
    page.goto(live_server.url + reverse("evaluations:visit_list"))
    expect(page.get_by_text("พร้อมใช้งานแบบออฟไลน์")).to_be_visible()

    # No signal from here on, for the page and its service worker.
    network["offline"] = True
    context.set_offline(True)
    page.get_by_role("link", name="ให้คะแนน").click()
    expect(page.locator("h1")).to_contain_text("ชุมชนบ้านนาสมดี")
    expect(page.locator("[data-network]")).to_contain_text("ออฟไลน์")

    inputs = page.locator(".score-input")
    first = inputs.nth(0)
    first.fill("1.5")  # criterion 1.1 is worth 1.0
    expect(page.get_by_text("คะแนนต้องไม่เกินคะแนนเต็ม 1")).to_be_visible()
    maxima = [float(inputs.nth(i).get_attribute("data-max")) for i in range(inputs.count())]
    for index, maximum in enumerate(maxima):
        inputs.nth(index).fill(f"{maximum * 0.8:.2f}".rstrip("0").rstrip("."))
    expect(page.get_by_text("คะแนนต้องไม่เกินคะแนนเต็ม 1")).to_be_hidden()
    expect(page.locator("[data-running-total]")).to_have_text("3.2")
    page.get_by_label("จุดเด่น").fill("ผู้นำชุมชนและแกนนำเยาวชนทำงานร่วมกันอย่างเข้มแข็ง")
    page.get_by_label("สิ่งที่ควรปรับปรุง").fill("ควรจัดทำทะเบียนการส่งต่อให้เป็นระบบ")
    page.get_by_label("ภาพหลักฐาน").set_input_files(
        {"name": "evidence.jpg", "mimeType": "image/jpeg", "buffer": _photo()}
    )
    page.get_by_role("button", name="บันทึกคะแนน").click()

    expect(page.locator("[data-queue-count]")).to_have_text("รอส่ง 1 รายการ")
    expect(page.locator("[data-photo-queue-count]")).to_have_text("ภาพรอส่ง 1 ภาพ")
    page.screenshot(path=str(screenshots / "evaluation-offline-phone.png"), full_page=True)
    assert not ScoreSheet.objects.exists()

    # Signal again: the queue empties by itself; the lost answer made the phone send twice.
    network["offline"] = False
    context.set_offline(False)
    expect(page.locator("[data-queue-count]")).to_be_hidden()
    expect(page.locator("[data-photo-queue-count]")).to_be_hidden()
    assert not network["drop_next_answer"]
    sheet = ScoreSheet.objects.get()
    assert SubmissionReceipt.objects.count() == 1
    assert sheet.scores.count() == len(maxima)
    assert sheet.strengths == "ผู้นำชุมชนและแกนนำเยาวชนทำงานร่วมกันอย่างเข้มแข็ง"
    assert EvidencePhoto.objects.filter(visit=visit).count() == 1

    # The chair (this evaluator) reviews and finalises.
    page.goto(live_server.url + reverse("evaluations:visit_result", args=[visit.pk]))
    expect(page.get_by_label("ข้อเสนอแนะ (รวบรวมจากความเห็นของผู้ประเมิน แก้ไขได้)")).to_contain_text(
        "ผู้นำชุมชน"
    )
    page.get_by_role("button", name="ยืนยันผลการประเมิน").click()
    expect(page.get_by_text("ยืนยันผลการประเมินของ")).to_be_visible()
    page.screenshot(path=str(screenshots / "evaluation-result-phone.png"), full_page=True)
    visit.refresh_from_db()
    assert visit.result.is_finalised
    assert not offsite, offsite
    assert not errors, errors
    context.close()


def test_phone_says_each_sheet_is_saved_sent_or_refused_and_offline_links_reach_the_shell(
    browser: Browser, live_server, visit, evaluator, screenshots
):
    from evaluations.services.results import site_result_finalise

    phone, desktop = {"width": 390, "height": 844}, {"width": 1366, "height": 768}
    context = browser.new_context(
        viewport=phone, locale="th-TH", timezone_id="Asia/Bangkok", service_workers="allow"
    )
    context.set_default_timeout(WAIT_LIMIT_MS)
    origin = urlsplit(live_server.url).netloc
    network = {"offline": False}
    errors = []

    def gate(route):
        if urlsplit(route.request.url).netloc != origin:
            route.abort()
        elif network["offline"]:
            route.abort("internetdisconnected")
        else:
            route.continue_()

    def offline(value: bool) -> None:
        network["offline"] = value
        context.set_offline(value)

    def both_widths(name: str) -> None:
        page.screenshot(path=str(screenshots / f"{name}-390.png"), full_page=True)
        page.set_viewport_size(desktop)
        page.screenshot(path=str(screenshots / f"{name}-1366.png"), full_page=True)
        page.set_viewport_size(phone)

    def score_and_save() -> None:
        inputs = page.locator(".score-input")
        for index in range(inputs.count()):
            inputs.nth(index).fill(inputs.nth(index).get_attribute("data-max"))
        page.get_by_role("button", name="บันทึกคะแนน").click()

    context.route("**/*", gate)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in_on(page, live_server, "evaluator")
    page.goto(live_server.url + reverse("evaluations:visit_list"))
    expect(page.get_by_text("พร้อมใช้งานแบบออฟไลน์")).to_be_visible()

    # Offline: the sheet is saved on the phone, and the page says so.
    offline(True)
    page.get_by_role("link", name="ให้คะแนน").click()
    score_and_save()
    sheets = page.locator("[data-sheet-states] > li")
    expect(sheets).to_have_count(1)
    expect(sheets.first).to_have_attribute("data-sheet-state", "saved")
    expect(sheets.first).to_contain_text("บันทึกไว้ในเครื่อง ยังไม่ส่ง")
    expect(sheets.first).to_contain_text("ชุมชนบ้านนาสมดี")

    # The home link, offline: the app shell, with what is on the phone and the way back.
    page.get_by_role("link", name="ติดตามโครงการจังหวัด").click()  # the home link
    expect(page.locator("h1")).to_have_text("ไม่มีการเชื่อมต่ออินเทอร์เน็ต")
    expect(page.locator("[data-sheet-states] > li")).to_contain_text("บันทึกไว้ในเครื่อง ยังไม่ส่ง")
    expect(page.locator("[data-offline-empty]")).to_be_hidden()
    both_widths("evaluation-offline-shell")
    # Another page never kept (the rounds, the meetings) ends there too, not on an error page.
    for path in (reverse("evaluations:round_list"), reverse("meetings:meeting_list")):
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_have_text("ไม่มีการเชื่อมต่ออินเทอร์เน็ต")
    page.get_by_role("link", name="การตรวจเยี่ยมของฉัน").click()
    expect(page.locator("h1")).to_have_text("การตรวจเยี่ยมของฉัน")
    assert not ScoreSheet.objects.exists()

    # Signal again: the server accepts the sheet, and the phone says when.
    offline(False)
    expect(sheets.first).to_have_attribute("data-sheet-state", "sent")
    expect(sheets.first).to_contain_text("ส่งถึงระบบแล้ว")
    expect(sheets.first).to_contain_text("เมื่อ")
    expect(sheets.first).to_contain_text("น.")
    expect(page.locator("[data-queue-count]")).to_be_hidden()
    assert ScoreSheet.objects.count() == 1
    both_widths("evaluation-sent-phone")

    # A second sheet, saved offline after the chair finalised: refused, with the reason.
    offline(True)
    page.get_by_role("link", name="ให้คะแนน").click()
    score_and_save()
    expect(page.locator("[data-sheet-state=saved]")).to_have_count(1)
    site_result_finalise(visit=visit, user=evaluator)
    offline(False)
    refused = page.locator("[data-sheet-state=refused]")
    expect(refused).to_contain_text("ระบบไม่รับ")
    expect(refused).to_contain_text("ยืนยันแล้ว")
    expect(page.locator("[data-sheet-state=sent]")).to_have_count(1)
    assert ScoreSheet.objects.count() == 1
    assert not errors, errors
    context.close()
