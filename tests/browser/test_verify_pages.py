"""The public verification pages, as anyone opens them (no login), in Chromium at 390
and 1366 px: ``/verify/``, the QR code's ``/verify/<id>/`` and the answers to an
upload of the signed record (intact) and of a copy with one byte changed. Each fits
the window and passes axe-core (WCAG 2.1 A/AA); screenshots in var/screenshots/."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.urls import reverse
from playwright.sync_api import expect

from reports import signed_records
from reports.models import SignedRecord
from tests.browser.test_page_audit import HEIGHTS, OVERFLOW_JS, axe_violations
from tests.reports.factories import minutes_meeting
from tests.reports.signed import record_content, signing, test_pki  # noqa: F401
from tests.reports.test_archival_pdf import certify

pytestmark = pytest.mark.browser

WIDTHS = [390, 1366]


def test_the_verification_pages_fit_and_pass_axe(
    browser, live_server, signing, province_a, officer_a, screenshots, tmp_path, monkeypatch,  # noqa: F811
):  # fmt: skip
    # Certified minutes, their record signed here (the live server's database commits at
    # once: there is no worker to hand it to)
    monkeypatch.setattr("reports.tasks.signed_record_make_task.delay", lambda record_id: None)
    meeting = certify(minutes_meeting(province_a, officer=officer_a), officer=officer_a)
    record = SignedRecord.objects.get(meeting=meeting)
    record = _made_in_a_thread(record.pk)
    intact = tmp_path / "minutes.pdf"
    intact.write_bytes(record_content(record))
    changed = bytearray(intact.read_bytes())
    changed[changed.index(b"stream\n", 2000) + 40] ^= 0x01
    (tmp_path / "changed.pdf").write_bytes(bytes(changed))
    upload = reverse("verify:upload")
    problems = []
    for width in WIDTHS:
        # axe-core is added as an inline script, which the pages' policy refuses.
        context = browser.new_context(
            viewport={"width": width, "height": HEIGHTS[width]},
            locale="th-TH",
            timezone_id="Asia/Bangkok",
            bypass_csp=True,
        )
        page = context.new_page()
        # The QR code's link: the record, then the upload
        page.goto(live_server.url + reverse("verify:record", args=[record.public_id]))
        expect(page.locator("#record-heading")).to_contain_text("ฉบับที่ 1")
        expect(page.get_by_text(record.sha256)).to_be_visible()
        check(page, width, "record", problems, screenshots)
        for name, file, verdict in [
            ("intact", intact, "ok"),
            ("changed", tmp_path / "changed.pdf", "changed"),
        ]:
            page.goto(live_server.url + upload)
            page.get_by_label("ไฟล์ PDF ที่ต้องการตรวจสอบ").set_input_files(str(file))
            page.get_by_role("button", name="ตรวจสอบ", exact=True).click()
            result = page.locator("#verification-result")
            expect(result).to_have_attribute("data-verdict", verdict)
            if verdict == "ok":
                expect(result).to_contain_text("ใบรับรองในเวลาที่ลงนามใช้ได้")
            else:  # nothing is said of the certificate of a signature that does not match
                expect(result).not_to_contain_text("ไม่น่าเชื่อถือ")
            check(page, width, name, problems, screenshots)
        page.goto(live_server.url + upload)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        check(page, width, "upload", problems, screenshots)
        context.close()
    assert not problems, "\n".join(problems)


def _made_in_a_thread(record_id: int) -> SignedRecord:
    """pyHanko runs its own asyncio loop, which Playwright's, in this thread, forbids; a
    worker thread signs (as the worker process does), then closes its connection."""

    def make():
        try:
            return signed_records.signed_record_make(record_id=record_id)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(make).result()


def check(page, width: int, name: str, problems: list[str], screenshots) -> None:
    measured = page.evaluate(OVERFLOW_JS)
    if measured["scroll"] > measured["width"]:
        problems.append(f"{width}px {name}: {measured['scroll']}px wide, {measured['widest']}")
    problems += [f"{width}px {name}: {found}" for found in axe_violations(page)]
    page.screenshot(path=str(screenshots / f"verify-{name}-{width}.png"), full_page=True)
