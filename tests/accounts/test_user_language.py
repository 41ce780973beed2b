"""The portal's language is the user's choice, kept on their account; never the browser's."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HOME = reverse("portal:home")
LOGIN = reverse("accounts:login")
PREFERENCES = reverse("accounts:preferences")
ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def test_an_english_browser_gets_thai_before_and_after_signing_in(client, officer_a):
    login = client.get(LOGIN, **ENGLISH_BROWSER)
    client.force_login(officer_a)
    home = client.get(HOME, **ENGLISH_BROWSER)

    for page in (login, home):
        assert '<html lang="th">' in page.text
        assert page["Content-Language"] == "th"
    assert "ออกจากระบบ" in home.text
    assert "Sign out" not in home.text


def test_a_user_who_chose_english_gets_english_on_a_thai_browser(client, officer_a):
    officer_a.language = "en"
    officer_a.save()
    client.force_login(officer_a)

    home = client.get(HOME, HTTP_ACCEPT_LANGUAGE="th-TH,th;q=0.9")

    assert '<html lang="en">' in home.text
    assert "Sign out" in home.text


def test_the_users_own_page_changes_and_remembers_the_language(client, officer_a):
    client.force_login(officer_a)
    page = client.get(PREFERENCES, **ENGLISH_BROWSER)
    assert page.status_code == 200
    assert "ภาษาของพอร์ทัล" in page.text

    response = client.post(PREFERENCES, {"language": "en"}, **ENGLISH_BROWSER)

    assert response.status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.language == "en"
    # Another browser, no cookie: the account remembers.
    client.cookies.clear()
    client.force_login(officer_a)
    assert '<html lang="en">' in client.get(HOME).text


def test_an_unknown_language_is_refused_and_nothing_changes(client, officer_a):
    client.force_login(officer_a)

    response = client.post(PREFERENCES, {"language": "fr"})

    assert response.status_code == 200
    assert response.context["form"].errors["language"]
    officer_a.refresh_from_db()
    assert officer_a.language == ""


def test_the_footer_switcher_is_remembered_on_the_account(client, officer_a):
    client.force_login(officer_a)

    client.post(reverse("accounts:set_language"), {"language": "en", "next": HOME})

    officer_a.refresh_from_db()
    assert officer_a.language == "en"
    client.post(reverse("accounts:set_language"), {"language": "th", "next": HOME})
    officer_a.refresh_from_db()
    assert officer_a.language == "th"
    assert '<html lang="th">' in client.get(HOME, **ENGLISH_BROWSER).text
