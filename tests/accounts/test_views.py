"""Signing in and out, home pages by role, throttling, passwords, language, sessions."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db

HOME = reverse("portal:home")
LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")
PASSWORD_CHANGE = reverse("accounts:password_change")


def log_in(client, username: str, password: str = PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


# --- Home page by role ------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(HOME)

    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next={HOME}"


def test_login_page_is_in_thai(client):
    response = client.get(LOGIN)

    assert response.status_code == 200
    assert '<html lang="th">' in response.text
    assert "ชื่อผู้ใช้" in response.text
    assert "รหัสผ่าน" in response.text


def test_officer_home_shows_own_province_and_not_the_other(client, officer_a, province_b):
    client.force_login(officer_a)

    response = client.get(HOME)

    assert response.status_code == 200
    assert "portal/home_officer.html" in [t.name for t in response.templates]
    assert "สวัสดี เจ้าหน้าที่จังหวัดนครพนม" in response.text
    assert "ศรีสะเกษ" not in response.text
    assert reverse("programs:province_detail", args=["48"]) in response.text
    assert reverse("programs:province_detail", args=["33"]) not in response.text


def test_officer_home_lists_programs_run_in_the_province_only(client, officer_a, province_b):
    ProgramFactory(slug="tbno", short_name="TO BE NUMBER ONE")  # every province
    ProgramFactory(slug="sisaket-only", short_name="โครงการเฉพาะศรีสะเกษ").provinces.add(province_b)
    client.force_login(officer_a)

    response = client.get(HOME)

    assert "TO BE NUMBER ONE" in response.text
    assert "โครงการเฉพาะศรีสะเกษ" not in response.text


def test_provincial_executive_home_shows_own_province_read_only(client, executive_a, province_b):
    client.force_login(executive_a)

    response = client.get(HOME)

    assert response.status_code == 200
    assert "reports/dashboard_province.html" in [t.name for t in response.templates]
    assert "ภาพรวมจังหวัดนครพนม" in response.text
    assert "สิทธิ์อ่านอย่างเดียว" in response.text
    assert "ศรีสะเกษ" not in response.text


def test_national_executive_home_counts_every_province(
    client, national_executive, province_a, province_b
):
    client.force_login(national_executive)

    response = client.get(HOME)

    assert response.status_code == 200
    assert "ภาพรวมระดับประเทศ" in response.text
    assert len(response.context["rows"]()) == 2  # the national dashboard's provinces
    assert response.context["totals"]().districts == 2
    assert reverse("programs:province_list") in response.text


def test_administrator_home_counts_users_by_role(
    client, admin_user, officer_a, officer_b, evaluator
):
    client.force_login(admin_user)

    response = client.get(HOME)

    assert response.status_code == 200
    assert "portal/home_admin.html" in [t.name for t in response.templates]
    assert response.context["users_by_role"]["เจ้าหน้าที่จังหวัด"] == 2
    assert response.context["users_by_role"]["ผู้ประเมิน"] == 1
    assert reverse("admin:index") in response.text


def test_evaluator_home_shows_assignments_and_no_province(
    client, evaluator, province_a, province_b
):
    client.force_login(evaluator)

    response = client.get(HOME)

    assert response.status_code == 200
    assert "การตรวจเยี่ยมที่ได้รับมอบหมาย" in response.text
    assert "นครพนม" not in response.text
    assert "ศรีสะเกษ" not in response.text
    assert reverse("programs:province_list") not in response.text


def test_home_shows_today_in_buddhist_era_and_the_fiscal_year(client, officer_a):
    client.force_login(officer_a)

    response = client.get(HOME)

    assert f"ปีงบประมาณ {response.context['fiscal_year']}" in response.text
    assert response.context["fiscal_year"] > 2567


# --- Logging in and throttling ----------------------------------------------------


def test_correct_password_logs_in_and_goes_home(client, officer_a):
    response = log_in(client, "officer_a")

    assert response.status_code == 302
    assert response.url == HOME
    assert client.get(HOME).status_code == 200


def test_wrong_password_is_refused_with_a_thai_message(client, officer_a):
    response = log_in(client, "officer_a", "wrong-password")

    assert response.status_code == 200
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.text
    assert client.get(HOME).status_code == 302


def test_login_returns_to_the_page_asked_for(client, officer_a):
    response = client.post(
        f"{LOGIN}?next=/provinces/48/",
        {"username": "officer_a", "password": PASSWORD, "next": "/provinces/48/"},
    )

    assert response.url == "/provinces/48/"


def test_inactive_user_cannot_log_in(client, officer_a):
    officer_a.is_active = False
    officer_a.save()

    response = log_in(client, "officer_a")

    assert response.status_code == 200
    assert client.get(HOME).status_code == 302


def test_failures_up_to_the_limit_lock_the_account_even_against_the_right_password(
    client, officer_a
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "officer_a", "wrong-password")

    response = log_in(client, "officer_a")

    assert response.status_code == 429
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in response.text
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert client.get(HOME).status_code == 302


def test_failures_below_the_limit_do_not_lock(client, officer_a):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "officer_a", "wrong-password")

    response = log_in(client, "officer_a")

    assert response.status_code == 302
    assert response.url == HOME


def test_lock_of_one_account_does_not_lock_another(client, officer_a, officer_b):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "officer_a", "wrong-password")

    response = log_in(client, "officer_b")

    assert response.status_code == 302
    assert response.url == HOME


def test_throttling_settings_lock_after_a_handful_for_a_while():
    assert 3 <= settings.AXES_FAILURE_LIMIT <= 10
    assert settings.AXES_COOLOFF_TIME > 0
    assert settings.AXES_LOCKOUT_TEMPLATE == "accounts/locked_out.html"


# --- Logging out ------------------------------------------------------------------


def test_logout_by_post_ends_the_session(client, officer_a):
    client.force_login(officer_a)

    response = client.post(LOGOUT)

    assert response.status_code == 302
    assert response.url == LOGIN
    assert client.get(HOME).status_code == 302


def test_logout_by_get_is_not_allowed_and_keeps_the_session(client, officer_a):
    client.force_login(officer_a)

    response = client.get(LOGOUT)

    assert response.status_code == 405
    assert client.get(HOME).status_code == 200


def test_every_page_offers_logout_as_a_post_form(client, officer_a):
    client.force_login(officer_a)

    response = client.get(HOME)

    assert f'<form method="post" action="{LOGOUT}">' in response.text


# --- Changing the password --------------------------------------------------------


def test_password_change_page_needs_login(client):
    response = client.get(PASSWORD_CHANGE)

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_password_change_replaces_the_password_and_keeps_the_user_signed_in(client, officer_a):
    client.force_login(officer_a)
    new_password = "Sisaket-meeting-3/2567"

    response = client.post(
        PASSWORD_CHANGE,
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change_done")
    assert "เปลี่ยนรหัสผ่านเรียบร้อยแล้ว" in client.get(response.url).text
    officer_a.refresh_from_db()
    assert officer_a.check_password(new_password)
    assert not officer_a.check_password(PASSWORD)
    assert client.get(HOME).status_code == 200


def test_password_change_with_wrong_old_password_changes_nothing(client, officer_a):
    client.force_login(officer_a)

    response = client.post(
        PASSWORD_CHANGE,
        {
            "old_password": "not-it",
            "new_password1": "Another-pass-2568",
            "new_password2": "Another-pass-2568",
        },
    )

    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    officer_a.refresh_from_db()
    assert officer_a.check_password(PASSWORD)


def test_password_change_to_a_weak_password_is_refused(client, officer_a):
    client.force_login(officer_a)

    response = client.post(
        PASSWORD_CHANGE,
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )

    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    officer_a.refresh_from_db()
    assert officer_a.check_password(PASSWORD)


# --- Language ---------------------------------------------------------------------


def test_pages_are_thai_by_default(client, officer_a):
    client.force_login(officer_a)

    assert '<html lang="th">' in client.get(HOME).text


def test_switching_to_english_sticks_for_later_pages(client, officer_a):
    client.force_login(officer_a)

    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": HOME})

    assert response.status_code == 302
    assert response.url == HOME
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(HOME)
    assert '<html lang="en">' in page.text
    assert page.context["LANGUAGE_CODE"] == "en"
    assert re.search(r'<option value="en"[^>]*\bselected\b', page.text)


def test_switching_back_to_thai(client, officer_a):
    client.force_login(officer_a)
    client.post(reverse("accounts:set_language"), {"language": "en", "next": HOME})

    client.post(reverse("accounts:set_language"), {"language": "th", "next": HOME})

    assert '<html lang="th">' in client.get(HOME).text


def test_unsupported_language_is_ignored(client, officer_a):
    client.force_login(officer_a)

    client.post(reverse("accounts:set_language"), {"language": "fr", "next": HOME})

    assert '<html lang="th">' in client.get(HOME).text


# --- Sessions ---------------------------------------------------------------------


def test_session_lasts_a_working_day_and_ends_when_the_browser_closes():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_login_sets_a_browser_session_cookie_without_expiry_date(client, officer_a):
    response = log_in(client, "officer_a")

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert cookie["httponly"]
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == 8 * 60 * 60


def test_logout_has_the_browser_drop_its_cache_and_the_next_login_works(client, evaluator):
    client.force_login(evaluator)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    # Not "storage": that would also wipe an evaluator's sheets not sent yet.
    assert response["Clear-Site-Data"] == '"cache"'
    assert client.get("/").status_code == 302
    login = client.post("/accounts/login/", {"username": "evaluator", "password": PASSWORD})
    assert login.status_code == 302 and client.get("/").status_code == 200
