"""One phone, two evaluators: the second never sees what the first kept for offline use.

Evaluator A opens their visits, scores a club offline, comes back online and the sheet
is sent; A looks at the site's result and logs out. Evaluator B logs in on the same
browser, opens their own visits, loses the signal and opens A's scoring address: the
phone shows the offline page, and neither Cache Storage nor IndexedDB holds anything of
A's. If A logs out with a sheet not sent yet, it stays under A's key (the sign-in page
says so), B's screens never show it, and it is sent when A signs in again.
"""

import json
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from evaluations.models import ScoreSheet
from evaluations.offline_owner import offline_user_key
from tests.browser.conftest import PHONE, WAIT_LIMIT_MS
from tests.conftest import PASSWORD
from tests.evaluations.factories import RoundFactory, published_rubric, visit_for
from tests.programs.factories import ClubFactory

pytestmark = pytest.mark.browser

CLUB_A = "ชมรม TO BE NUMBER ONE ชุมชนบ้านนาสมดี"
CLUB_B = "ชมรม TO BE NUMBER ONE บ้านโคกสว่าง"
STRENGTHS_A = "แกนนำเยาวชนบ้านนาสมดีเข้มแข็งมาก"

# What this browser keeps, read in the page: every cache with its URLs and bodies, every
# IndexedDB database with every record of every store, and localStorage.
STORAGE = """async () => {
  const caches_ = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    caches_[name] = [];
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      caches_[name].push({ url: request.url, body: await response.clone().text() });
    }
  }
  const databases = {};
  for (const { name } of await indexedDB.databases()) {
    const db = await new Promise((ok, ko) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => ok(req.result);
      req.onerror = () => ko(req.error);
    });
    databases[name] = {};
    for (const store of db.objectStoreNames) {
      databases[name][store] = await new Promise((ok, ko) => {
        const req = db.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => ok(req.result.map((r) => ({ ...r, blob: undefined })));
        req.onerror = () => ko(req.error);
      });
    }
    db.close();
  }
  return { caches: caches_, databases, local: { ...localStorage } };
}"""


@pytest.fixture
def visits(province_a, evaluator, evaluator_other):
    rubric = published_rubric()
    round_ = RoundFactory(province=province_a, name="ตรวจประเมินและติดตามผล รอบพื้นที่ 2568")
    club_a = ClubFactory(district__province=province_a, name=CLUB_A)
    club_b = ClubFactory(district__province=province_a, name=CLUB_B)
    return (
        visit_for(round_=round_, club=club_a, rubric=rubric, evaluators=[evaluator]),
        visit_for(round_=round_, club=club_b, rubric=rubric, evaluators=[evaluator_other]),
    )


@pytest.fixture
def phone(browser: Browser, live_server):
    """A phone's browser whose network the test switches off (page and service worker)
    and whose submissions API it can make fail with 503."""
    context = browser.new_context(
        viewport=PHONE, locale="th-TH", timezone_id="Asia/Bangkok", service_workers="allow"
    )
    context.set_default_timeout(WAIT_LIMIT_MS)
    origin = urlsplit(live_server.url).netloc
    network = {"offline": False, "api_down": False}
    errors: list[str] = []

    def gate(route):
        url = route.request.url
        if urlsplit(url).netloc != origin or network["offline"]:
            route.abort("internetdisconnected")
        elif network["api_down"] and "/api/v1/evaluations/" in url:
            route.fulfill(status=503, body="")
        else:
            route.continue_()

    context.route("**/*", gate)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))

    def set_offline(offline: bool) -> None:
        network["offline"] = offline
        context.set_offline(offline)

    yield page, network, set_offline
    assert not errors, errors
    context.close()


def _log_in(page: Page, live_server, username: str) -> None:
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="เข้าสู่ระบบ").click()


def _log_out(page: Page) -> None:
    """Through the menu, as on a phone: the menu button, the user's name, log out."""
    page.get_by_role("button", name="เมนู").click()
    # Bootstrap's collapse animates: open the user menu once the navigation has opened.
    expect(page.locator("#nav")).to_have_class(re.compile(r"\bshow\b"))
    expect(page.locator("#nav")).not_to_have_class(re.compile(r"\bcollapsing\b"))
    toggle = page.locator("#nav .dropdown-toggle")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    with page.expect_navigation():
        page.get_by_role("button", name="ออกจากระบบ").click()
    expect(page.get_by_role("heading", name="เข้าสู่ระบบ")).to_be_visible()


def _open_visits_ready_offline(page: Page, live_server) -> None:
    page.goto(live_server.url + reverse("evaluations:visit_list"))
    expect(page.get_by_text("พร้อมใช้งานแบบออฟไลน์")).to_be_visible()


def _score_offline(page: Page, set_offline) -> None:
    set_offline(True)
    page.get_by_role("link", name="ให้คะแนน").click()
    expect(page.locator("h1")).to_contain_text("ชุมชนบ้านนาสมดี")
    inputs = page.locator(".score-input")
    for index in range(inputs.count()):
        inputs.nth(index).fill(inputs.nth(index).get_attribute("data-max"))
    page.get_by_label("จุดเด่น").fill(STRENGTHS_A)
    page.get_by_role("button", name="บันทึกคะแนน").click()
    expect(page.locator("[data-queue-count]")).to_have_text("รอส่ง 1 รายการ")


def _storage(page: Page) -> dict:
    return page.evaluate(STORAGE)


def _wait_until_only(page: Page, key: str) -> None:
    """Wait until the browser keeps pages and queues of ``key`` only (shared_phone.js and
    the service worker clear the others' storage in the background)."""
    page.wait_for_function(
        """async (key) => {
          const pages = (await caches.keys()).filter((n) => n.startsWith("evaluations-pages-"));
          const dbs = (await indexedDB.databases()).map((d) => d.name);
          return pages.every((n) => n === `evaluations-pages-${key}`)
            && dbs.every((n) => n === `portal-evaluations-${key}`);
        }""",
        arg=key,
    )


def test_the_next_user_of_a_phone_sees_none_of_the_previous_users_pages_or_sheets(
    phone, live_server, visits, evaluator, evaluator_other
):
    page, _network, set_offline = phone
    visit_a, visit_b = visits
    score_a = reverse("evaluations:visit_score", args=[visit_a.pk])
    result_a = reverse("evaluations:visit_result", args=[visit_a.pk])
    key_a, key_b = offline_user_key(evaluator), offline_user_key(evaluator_other)

    # A scores offline; online again, the sheet is sent. A reads the site's result too.
    _log_in(page, live_server, "evaluator")
    _open_visits_ready_offline(page, live_server)
    _score_offline(page, set_offline)
    set_offline(False)
    expect(page.locator("[data-queue-count]")).to_be_hidden()
    assert ScoreSheet.objects.get(visit=visit_a).strengths == STRENGTHS_A
    page.goto(live_server.url + result_a)
    expect(page.locator("h1")).to_contain_text("ชุมชนบ้านนาสมดี")
    kept = _storage(page)["caches"]
    kept_urls = [entry["url"] for entries in kept.values() for entry in entries]
    # The phone did keep A's scoring page (what B must not get), not the result page.
    assert live_server.url + score_a in kept_urls
    assert live_server.url + result_a not in kept_urls

    _log_out(page)

    # B on the same browser: their own visits, kept for offline use; then no signal.
    _log_in(page, live_server, "evaluator_other")
    _open_visits_ready_offline(page, live_server)
    expect(page.get_by_text(CLUB_B)).to_be_visible()
    set_offline(True)
    page.goto(live_server.url + score_a)

    expect(page.get_by_role("heading", name="ไม่มีการเชื่อมต่ออินเทอร์เน็ต")).to_be_visible()
    content = page.content()
    assert "ชุมชนบ้านนาสมดี" not in content
    assert STRENGTHS_A not in content
    assert key_a not in content

    _wait_until_only(page, key_b)
    storage = _storage(page)
    dump = json.dumps(storage, ensure_ascii=False)
    assert "ชุมชนบ้านนาสมดี" not in dump and STRENGTHS_A not in dump and key_a not in dump
    assert f"evaluations-pages-{key_b}" in storage["caches"]
    assert [name for name in storage["caches"] if name.startswith("evaluations-pages-")] == [
        f"evaluations-pages-{key_b}"
    ]
    assert set(storage["databases"]) <= {f"portal-evaluations-{key_b}"}
    for records in storage["databases"].get(f"portal-evaluations-{key_b}", {}).values():
        assert all(record["visit"] != visit_a.pk for record in records)
    # B's own scoring page still works offline.
    page.goto(live_server.url + reverse("evaluations:visit_score", args=[visit_b.pk]))
    expect(page.locator("h1")).to_contain_text("บ้านโคกสว่าง")


def test_a_sheet_not_sent_at_logout_is_kept_for_its_owner_only(
    phone, live_server, visits, evaluator, evaluator_other
):
    page, network, set_offline = phone
    visit_a, _visit_b = visits
    key_a, key_b = offline_user_key(evaluator), offline_user_key(evaluator_other)

    # A scores offline; back online the server is unwell, so the sheet waits; A logs out.
    _log_in(page, live_server, "evaluator")
    _open_visits_ready_offline(page, live_server)
    _score_offline(page, set_offline)
    network["api_down"] = True
    set_offline(False)
    page.goto(live_server.url + reverse("evaluations:visit_list"))
    expect(page.locator("[data-queue-count]")).to_have_text("รอส่ง 1 รายการ")
    _log_out(page)

    # The sign-in page says work is waiting on this phone, without saying whose or what.
    warning = page.locator("[data-unsent-elsewhere]")
    expect(warning).to_contain_text("ยังมีข้อมูลการประเมิน 1 รายการที่ยังไม่ได้ส่ง")
    assert "evaluator" not in warning.inner_text()

    # B: nothing of A's queue on B's screens, nor in B's storage.
    _log_in(page, live_server, "evaluator_other")
    _open_visits_ready_offline(page, live_server)
    expect(page.locator("[data-queue-count]")).to_be_hidden()
    storage = _storage(page)
    assert [name for name in storage["caches"] if name.startswith("evaluations-pages-")] == [
        f"evaluations-pages-{key_b}"
    ]
    for records in storage["databases"].get(f"portal-evaluations-{key_b}", {}).values():
        assert records == []
    assert STRENGTHS_A not in json.dumps(storage["local"], ensure_ascii=False)
    assert not ScoreSheet.objects.exists()
    _log_out(page)

    # A again, the server well again: the sheet A left is sent, as A's.
    network["api_down"] = False
    _log_in(page, live_server, "evaluator")
    page.goto(live_server.url + reverse("evaluations:visit_list"))
    expect(page.locator("[data-queue-count]")).to_be_hidden()
    sheet = ScoreSheet.objects.get(visit=visit_a)
    assert sheet.evaluator == evaluator and sheet.strengths == STRENGTHS_A
    _wait_until_only(page, key_a)


def test_signing_in_as_another_user_clears_what_the_last_one_kept_without_logging_out(
    phone, live_server, visits, evaluator, evaluator_other
):
    page, _network, _set_offline = phone
    key_a, key_b = offline_user_key(evaluator), offline_user_key(evaluator_other)
    _log_in(page, live_server, "evaluator")
    _open_visits_ready_offline(page, live_server)
    assert f"evaluations-pages-{key_a}" in _storage(page)["caches"]

    # A's session ends without a logout (the browser was closed); B signs in.
    page.context.clear_cookies()
    _log_in(page, live_server, "evaluator_other")

    _wait_until_only(page, key_b)
    dump = json.dumps(_storage(page), ensure_ascii=False)
    assert key_a not in dump and "ชุมชนบ้านนาสมดี" not in dump
