"""Every page each role reaches fits the window and passes axe-core (WCAG 2.1 A/AA).

The pages are not listed by hand: they come from the URL configuration, with the
world and the URL arguments of the access matrix (tests/test_access_matrix.py). A
page is every route that answers the role's GET with 200 and HTML; the Django admin
site (Django's own templates) and the API (JSON, its own browsable renderer) are left
out. axe-core is the npm package pinned in package.json (node_modules/axe-core, from
`npm ci`); AXE_CORE_JS may name another copy of the same file.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser

from tests.meetings.factories import CommitteeFactory, make_meeting
from tests.test_access_matrix import _routes, _url
from tests.test_access_matrix import world as access_world  # noqa: F401

pytestmark = pytest.mark.browser

AUDITED_ROLES = ["admin", "officer_a", "evaluator", "executive_a", "national"]
FIT_WIDTHS = [1280, 1366, 390]
AXE_WIDTHS = [1366, 390]
HEIGHTS = {1280: 800, 1366: 768, 390: 844}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
REPORTS = Path(settings.BASE_DIR) / "var" / "page-audit"
# Committees have long names (a select of them widened /meetings/ to 1,263 px).
LONG_COMMITTEE = (
    "คณะกรรมการอำนวยการโครงการรณรงค์ป้องกันและแก้ไขปัญหายาเสพติด TO BE NUMBER ONE "
    "จังหวัดนครพนม และคณะทำงานขับเคลื่อนการดำเนินงานระดับอำเภอทุกอำเภอ ประจำปีงบประมาณ พ.ศ. 2568"
)
AXE_JS = Path(
    os.environ.get("AXE_CORE_JS") or Path(settings.BASE_DIR) / "node_modules/axe-core/axe.min.js"
)


@pytest.fixture
def world(access_world, province_a):  # noqa: F811
    make_meeting(CommitteeFactory(provinces=[province_a], name=LONG_COMMITTEE))
    # People have full Thai names, and the menu shows them.
    for role in AUDITED_ROLES:
        user = access_world.users[role]
        user.first_name, user.last_name = "นางสาวพรรณทิพา", "ศรีสุวรรณวัฒนากุล"
        user.save(update_fields=["first_name", "last_name"])
    return access_world


def report(name: str, problems: list[str], summary: str) -> str:
    """Every problem goes to var/page-audit/<name>.txt: pytest cuts long messages."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{name}.txt").write_text(summary + "\n" + "\n".join(problems) + "\n")
    print(summary)
    return summary + "\n" + "\n".join(problems)


def role_pages(world, role: str) -> list[str]:
    """The HTML pages the role's GET reaches (200), in URLconf order."""
    client = Client()
    client.force_login(world.users[role])
    pages = []
    for route in _routes():
        if route.namespace == "admin" or route.route.startswith("api/"):
            continue
        url = _url(route, world)
        response = client.get(url)
        html = response.status_code == 200 and response["Content-Type"].startswith("text/html")
        # A piece of a page (an htmx partial, a progress bar) is checked within its page.
        if html and b"<html" in response.content[:1000]:
            pages.append(url)
    assert len(pages) > 5, f"{role} reaches almost no page: {pages}"
    return pages


def each_page(browser: Browser, live_server, user, pages: list[str], widths: list[int], **options):
    """Open every page at every width, signed in as `user`: yields (width, url, page)."""
    for width in widths:
        context = signed_in_context(browser, live_server, user, width, **options)
        page = context.new_page()
        for url in pages:
            page.goto(live_server.url + url, wait_until="load")
            yield width, url, page
        context.close()


def signed_in_context(browser: Browser, live_server, user, width: int, **options):
    client = Client()
    client.force_login(user)
    context = browser.new_context(
        viewport={"width": width, "height": HEIGHTS[width]},
        locale="th-TH",
        timezone_id="Asia/Bangkok",
        **options,
    )
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": urlsplit(live_server.url).hostname,
                "path": "/",
            }
        ]
    )
    return context


# The widest element that sticks out past the window, to say what to fix.
OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  let widest = null;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > width + 1 && (!widest || r.right > widest.right)) {
      widest = {right: Math.round(r.right), tag: el.tagName.toLowerCase(),
                id: el.id, cls: String(el.className).slice(0, 60)};
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, widest};
}"""


@pytest.mark.parametrize("role", AUDITED_ROLES)
def test_no_page_is_wider_than_the_window(browser, live_server, world, role):
    pages = role_pages(world, role)
    too_wide = []
    for width, url, page in each_page(browser, live_server, world.users[role], pages, FIT_WIDTHS):
        measured = page.evaluate(OVERFLOW_JS)
        if measured["scroll"] > measured["width"]:
            too_wide.append(f"{width}px {url}: {measured['scroll']}px, {measured['widest']}")
        # The user menu (and so "ออกจากระบบ") is on screen: in the bar or behind ☰.
        menu = page.locator("[data-user-menu]")
        if menu.count():
            visible = menu if menu.is_visible() else page.locator(".navbar-toggler")
            box = visible.bounding_box()
            if not box or box["x"] + box["width"] > measured["width"]:
                too_wide.append(f"{width}px {url}: the user menu is off screen ({box})")
    summary = (
        f"fit: {role}, {len(pages)} pages x {len(FIT_WIDTHS)} widths, {len(too_wide)} too wide"
    )
    assert not too_wide, report(f"fit-{role}", too_wide, summary)


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations of the open page (a context with
    ``bypass_csp=True``: axe-core is added as an inline script), one line each."""
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` (axe-core is pinned in package.json).")
    page.add_script_tag(path=str(AXE_JS))
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact,"
        " nodes: v.nodes.map(n => n.target.join(' ') + ' ' +"
        " (n.any.concat(n.all)[0] || {message: ''}).message).slice(0, 4)})))",
        WCAG_TAGS,
    )
    return [f"{v['id']} ({v['impact']}) " + " | ".join(v["nodes"]) for v in found]


@pytest.mark.parametrize("role", AUDITED_ROLES)
def test_axe_finds_no_wcag_violation(browser, live_server, world, role):
    pages = role_pages(world, role)
    violations = []
    for width, url, page in each_page(
        # axe-core is added as an inline script, which the pages' policy refuses.
        browser,
        live_server,
        world.users[role],
        pages,
        AXE_WIDTHS,
        bypass_csp=True,
    ):
        violations += [f"{width}px {url}: {found}" for found in axe_violations(page)]
    summary = f"axe: {role}, {len(pages)} pages x {len(AXE_WIDTHS)} widths, {len(violations)} found"
    assert not violations, report(f"axe-{role}", violations, summary)
