"""Headless Chromium for the browser journeys, driven by Playwright's sync API.

The browser is Debian's ``chromium`` at /usr/bin/chromium; Playwright never downloads
one. If the package is missing, the session installs it with apt-get and fails with
the reason if that does not work: a browser test that silently skips proves nothing.

Static files reach the browser through pytest-django's ``live_server``: with
``django.contrib.staticfiles`` installed it wraps the site in staticfiles'
``StaticFilesHandler``, which answers /static/ from the finders (``static/`` in the
checkout), so no collectstatic is needed; the files in ``static/vendor/`` come from
``npm ci && npm run build``. Every page a test opens is watched: a request that
fails or leaves the live server (a CDN, say) fails the test.
"""

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

from tests.conftest import PASSWORD

# Every wait in a journey is for a condition (text shown, a request answered), bounded by
# one generous limit: on a busy machine a page may take seconds, and a test that fails
# only then is a defect. A test never states a shorter limit of its own.
WAIT_LIMIT_MS = 60_000
expect.set_options(timeout=WAIT_LIMIT_MS)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
VENDOR_FILES = [
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "vendor/chartjs/chart.umd.min.js",
    "vendor/sarabun/sarabun.css",
    "vendor/sarabun/sarabun-thai-400-normal.woff2",
]


def _install_chromium() -> None:
    """apt-get install chromium, as root or through passwordless sudo; fail if it cannot."""
    if os.geteuid() == 0:
        prefix = []
    elif shutil.which("sudo"):
        prefix = ["sudo", "-n"]
    else:
        pytest.fail(f"{CHROMIUM} is missing and this user cannot run apt-get (not root, no sudo).")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}

    def apt_get(*args: str) -> subprocess.CompletedProcess:
        try:
            return subprocess.run(
                [*prefix, "apt-get", *args], env=env, capture_output=True, text=True, timeout=900
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            pytest.fail(f"{CHROMIUM} is missing and apt-get could not run: {error}", pytrace=False)

    install = ("install", "-y", "chromium")
    result = apt_get(*install)
    if result.returncode != 0:
        # A fresh container has no package lists yet.
        apt_get("update")
        result = apt_get(*install)
    if result.returncode != 0:
        pytest.fail(
            f"{CHROMIUM} is missing and `apt-get install -y chromium` failed "
            f"(exit {result.returncode}):\n{result.stderr[-2000:]}",
            pytrace=False,
        )
    if not CHROMIUM.exists():
        pytest.fail(
            f"apt-get installed chromium, but {CHROMIUM} still does not exist.", pytrace=False
        )


@pytest.fixture(scope="package")
def chromium_executable() -> Path:
    if not CHROMIUM.exists():
        _install_chromium()
    return CHROMIUM


@pytest.fixture(scope="package")
def vendor_assets() -> None:
    """The pages are only worth looking at with Bootstrap and Sarabun present."""
    static = Path(settings.BASE_DIR) / "static"
    missing = [name for name in VENDOR_FILES if not (static / name).is_file()]
    if missing:
        pytest.fail(
            f"static files missing: {', '.join(missing)}. Run `npm ci && npm run build`.",
            pytrace=False,
        )


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    # Playwright's sync API keeps an asyncio loop running in this thread for as long
    # as it is started, and Django refuses ORM calls from a thread with a running
    # loop. The tests' own ORM calls (fixtures, flushes) are synchronous, so allow
    # them, for the lifetime of Playwright only: tests outside this package keep
    # Django's check.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        # Routes then see service workers' requests too, so a test can cut the network
        # for the page and its service worker alike (context.set_offline alone does not
        # reach service workers in Chromium: microsoft/playwright#2311).
        patch.setenv("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")
        with sync_playwright() as pw:
            yield pw


@pytest.fixture(scope="package")
def browser(playwright: Playwright, chromium_executable: Path, vendor_assets) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=str(chromium_executable), args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@dataclass
class Traffic:
    """What the page asked for that it should not have, or did not get."""

    offsite: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert not self.offsite, f"requests left the live server: {self.offsite}"
        assert not self.failed, f"requests failed: {self.failed}"
        assert not self.errors, f"JavaScript errors: {self.errors}"


@pytest.fixture
def traffic() -> Traffic:
    return Traffic()


@pytest.fixture
def page(browser: Browser, live_server, traffic: Traffic) -> Iterator[Page]:
    # Thai first: LocaleMiddleware follows the browser's Accept-Language.
    context = browser.new_context(viewport=DESKTOP, locale="th-TH", timezone_id="Asia/Bangkok")
    context.set_default_timeout(WAIT_LIMIT_MS)
    origin = urlsplit(live_server.url).netloc

    def only_live_server(route):
        if urlsplit(route.request.url).netloc == origin:
            route.continue_()
        else:
            traffic.offsite.append(route.request.url)
            route.abort()

    context.route("**/*", only_live_server)
    page = context.new_page()
    page.on(
        "response",
        lambda r: r.status >= 400 and traffic.failed.append(f"{r.status} {r.url}"),
    )
    page.on("requestfailed", lambda r: traffic.failed.append(f"{r.failure} {r.url}"))
    page.on("pageerror", lambda error: traffic.errors.append(str(error)))
    # Whatever the Content-Security-Policy blocks (an inline script, style or handler)
    # is reported on the console; the pages must work under the policy, so it fails.
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and traffic.errors.append(message.text)
        ),
    )
    yield page
    context.close()


def log_in_on(page: Page, live_server, username: str, password: str = PASSWORD) -> None:
    """Log in through the form, as a person would, on a page of the test's own context."""
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="เข้าสู่ระบบ").click()


@pytest.fixture
def log_in(page: Page, live_server):
    """Log in on the test's page through the form, as a person would."""

    def log_in(username: str, password: str = PASSWORD) -> None:
        log_in_on(page, live_server, username, password)

    return log_in


@pytest.fixture(scope="package")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
