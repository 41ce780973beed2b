"""API tokens (django-rest-knox): they end, are kept hashed, are listed and revoked by
their owner and by administrators, and end on a password change and a deactivation."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.services import api_token_create, api_tokens_purge_expired
from accounts.tasks import api_tokens_purge_expired_task
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
TOKENS_URL = "/api/v1/auth/tokens/"
ME = "/api/v1/me/"
TOKEN_PAGE = reverse("accounts:token_list")
ADMIN_TOKEN_PAGE = reverse("accounts:token_admin_list")


def with_token(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def new_token(user, name: str = "") -> tuple[ApiToken, APIClient]:
    token, secret = api_token_create(user=user, name=name)
    return token, with_token(secret)


# --- Lifetime ---------------------------------------------------------------------------


def test_a_new_token_ends_after_the_configured_lifetime(officer_a):
    response = APIClient().post(
        TOKEN_URL, {"username": "officer_a", "password": PASSWORD, "name": "ดึงตัวชี้วัด"}
    )

    body = response.json()
    token = ApiToken.objects.get(pk=body["id"])
    expected = timezone.now() + timedelta(hours=30 * 24)
    assert abs((token.expiry - expected).total_seconds()) < 60
    assert token.name == "ดึงตัวชี้วัด" and body["name"] == "ดึงตัวชี้วัด"
    assert body["expiry"]


def test_the_lifetime_comes_from_the_settings(officer_a):
    knox = {**settings.REST_KNOX, "TOKEN_TTL": timedelta(hours=2)}
    with override_settings(REST_KNOX=knox):
        token, _client = new_token(officer_a)

    assert timedelta(minutes=119) < token.expiry - token.created <= timedelta(hours=2)


def test_an_expired_token_gets_401_and_is_deleted(officer_a):
    token, client = new_token(officer_a)
    assert client.get(ME).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - timedelta(seconds=1))

    response = client.get(ME)

    assert response.status_code == 401
    assert response.json()["detail"] == "โทเค็นไม่ถูกต้อง หมดอายุ หรือถูกยกเลิกแล้ว"
    assert not ApiToken.objects.filter(pk=token.pk).exists()


def test_expired_tokens_are_purged_by_the_daily_task(officer_a, officer_b):
    expired, _ = new_token(officer_a)
    live, _ = new_token(officer_b)
    ApiToken.objects.filter(pk=expired.pk).update(expiry=timezone.now() - timedelta(days=1))

    assert api_tokens_purge_expired_task() == 1

    assert list(ApiToken.objects.all()) == [live]
    assert api_tokens_purge_expired() == 0
    assert "accounts.tasks.api_tokens_purge_expired_task" in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }


def test_a_user_cannot_pile_up_tokens_past_the_limit(officer_a):
    limit = settings.REST_KNOX["TOKEN_LIMIT_PER_USER"]
    for _ in range(limit):
        new_token(officer_a)

    response = APIClient().post(TOKEN_URL, {"username": "officer_a", "password": PASSWORD})

    assert response.status_code == 400
    assert "ยกเลิกโทเค็นที่ไม่ใช้" in str(response.json())
    assert ApiToken.objects.filter(user=officer_a).count() == limit


def test_expired_tokens_do_not_count_towards_the_limit(officer_a):
    limit = settings.REST_KNOX["TOKEN_LIMIT_PER_USER"]
    for _ in range(limit):
        new_token(officer_a)
    ApiToken.objects.update(expiry=timezone.now() - timedelta(seconds=1))

    response = APIClient().post(TOKEN_URL, {"username": "officer_a", "password": PASSWORD})

    assert response.status_code == 200
    assert ApiToken.objects.filter(user=officer_a).count() == 1


# --- The sign-in lock applies to the token endpoint ------------------------------------


def test_failures_on_the_token_endpoint_lock_it_even_against_the_right_password(officer_a):
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(TOKEN_URL, {"username": "officer_a", "password": "wrong"})

    response = client.post(TOKEN_URL, {"username": "officer_a", "password": PASSWORD})

    assert response.status_code == 429
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0
    assert not ApiToken.objects.exists()


# --- Revocation ------------------------------------------------------------------------


def test_a_token_revoked_through_the_api_gets_401(officer_a):
    token, client = new_token(officer_a)
    _other, other_client = new_token(officer_a)

    assert other_client.delete(f"{TOKENS_URL}{token.pk}/").status_code == 204

    assert client.get(ME).status_code == 401
    assert other_client.get(ME).status_code == 200


def test_a_token_revoked_on_the_owners_page_gets_401(client, officer_a):
    token, api = new_token(officer_a)
    client.force_login(officer_a)

    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))

    assert response.status_code == 302 and response.url == TOKEN_PAGE
    assert api.get(ME).status_code == 401
    assert f"ยกเลิกโทเค็น {token.key_prefix}… ของ" in client.get(TOKEN_PAGE).text


def test_revoke_all_through_the_api_ends_every_token_of_the_caller_only(officer_a, officer_b):
    _first, first = new_token(officer_a)
    _second, second = new_token(officer_a)
    _theirs, theirs = new_token(officer_b)

    assert first.post(f"{TOKENS_URL}revoke-all/").status_code == 204

    assert first.get(ME).status_code == 401
    assert second.get(ME).status_code == 401
    assert theirs.get(ME).status_code == 200


def test_revoke_all_on_the_page_ends_every_token_of_the_user(client, officer_a, officer_b):
    new_token(officer_a)
    new_token(officer_a)
    _theirs, theirs = new_token(officer_b)
    client.force_login(officer_a)

    response = client.post(reverse("accounts:token_revoke_all"))

    assert response.status_code == 302
    assert not ApiToken.objects.filter(user=officer_a).exists()
    assert theirs.get(ME).status_code == 200


def test_the_pages_change_nothing_on_get(client, officer_a):
    token, _api = new_token(officer_a)
    client.force_login(officer_a)

    assert client.get(reverse("accounts:token_revoke", args=[token.pk])).status_code == 405
    assert client.get(reverse("accounts:token_revoke_all")).status_code == 405
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_the_pages_refuse_a_post_without_the_csrf_token(officer_a):
    token, _api = new_token(officer_a)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(officer_a)

    response = browser.post(reverse("accounts:token_revoke", args=[token.pk]))

    assert response.status_code == 403
    assert ApiToken.objects.filter(pk=token.pk).exists()


# --- A password change and a deactivation end every token ---------------------------


def test_a_token_gets_401_after_the_password_change_page(client, officer_a):
    _token, api = new_token(officer_a)
    client.force_login(officer_a)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-pass-5678",
            "new_password2": "another-long-pass-5678",
        },
    )

    assert response.status_code == 302
    assert api.get(ME).status_code == 401
    assert not ApiToken.objects.filter(user=officer_a).exists()


def test_a_token_gets_401_after_set_password_anywhere(officer_a, officer_b):
    # The admin site's password form, add_user, changepassword: set_password() and save().
    _token, api = new_token(officer_a)
    _theirs, theirs = new_token(officer_b)

    officer_a.set_password("another-long-pass-5678")
    officer_a.save()

    assert api.get(ME).status_code == 401
    assert theirs.get(ME).status_code == 200


def test_a_password_hash_written_directly_ends_the_tokens_too(officer_a):
    _token, api = new_token(officer_a)

    officer_a.password = make_password("another-long-pass-5678")
    officer_a.save()

    assert api.get(ME).status_code == 401


def test_saving_a_user_without_changing_the_password_keeps_the_tokens(officer_a):
    _token, api = new_token(officer_a)

    officer_a.position = "นักวิชาการสาธารณสุข"
    officer_a.save()
    officer_a.refresh_from_db()
    officer_a.save(update_fields=["last_login"])

    assert api.get(ME).status_code == 200


@override_settings(
    PASSWORD_HASHERS=[
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
)
def test_djangos_rehash_of_the_same_password_at_sign_in_keeps_the_tokens(officer_a):
    officer_a.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    officer_a.save()
    _token, api = new_token(officer_a)

    # Signing in re-hashes the password with the preferred hasher: the same password.
    assert Client().post(
        reverse("accounts:login"), {"username": "officer_a", "password": PASSWORD}
    ).status_code == 302  # fmt: skip
    officer_a.refresh_from_db()

    assert officer_a.password.startswith("md5$")
    assert api.get(ME).status_code == 200


def test_a_token_gets_401_after_deactivation_and_stays_dead_after_reactivation(officer_a):
    _token, api = new_token(officer_a)

    officer_a.is_active = False
    officer_a.save()

    assert api.get(ME).status_code == 401
    assert not ApiToken.objects.filter(user=officer_a).exists()
    officer_a.is_active = True
    officer_a.save()
    assert api.get(ME).status_code == 401


# --- Listing: own tokens, never another's ------------------------------------------------


def test_the_owner_lists_their_tokens_with_created_expiry_and_last_use(officer_a, officer_b):
    unused, _ = new_token(officer_a, name="สำรอง")
    used, api = new_token(officer_a, name="สคริปต์รายงาน")
    new_token(officer_b, name="ของจังหวัดบี")
    api.get(ME)

    body = api.get(TOKENS_URL).json()

    rows = {row["id"]: row for row in body["results"]}
    assert set(rows) == {unused.pk, used.pk}
    assert rows[used.pk]["current"] is True and rows[unused.pk]["current"] is False
    assert rows[used.pk]["last_used"] is not None and rows[unused.pk]["last_used"] is None
    assert rows[used.pk]["created"] and rows[used.pk]["expiry"]
    assert rows[used.pk]["key_prefix"] == used.token_key[:8]
    assert "digest" not in rows[used.pk] and "token" not in rows[used.pk]


def test_last_use_is_written_at_most_once_a_minute(officer_a):
    token, api = new_token(officer_a)
    api.get(ME)
    token.refresh_from_db()
    first = token.last_used

    api.get(ME)
    token.refresh_from_db()
    assert token.last_used == first

    ApiToken.objects.filter(pk=token.pk).update(last_used=first - timedelta(minutes=2))
    api.get(ME)
    token.refresh_from_db()
    assert token.last_used > first


def test_another_users_token_is_neither_listed_nor_shown_nor_revocable(officer_a, officer_b):
    theirs, their_api = new_token(officer_b)
    _mine, api = new_token(officer_a)

    assert theirs.pk not in [row["id"] for row in api.get(TOKENS_URL).json()["results"]]
    assert api.get(TOKENS_URL, {"user": "officer_b"}).json()["results"] == []
    assert api.get(f"{TOKENS_URL}{theirs.pk}/").status_code == 404
    assert api.delete(f"{TOKENS_URL}{theirs.pk}/").status_code == 404
    assert their_api.get(ME).status_code == 200


def test_another_users_token_is_not_on_the_page_nor_revocable_from_it(client, officer_a, officer_b):
    theirs, their_api = new_token(officer_b, name="ของจังหวัดบี")
    new_token(officer_a, name="ของฉัน")
    client.force_login(officer_a)

    page = client.get(TOKEN_PAGE)
    revoke = client.post(reverse("accounts:token_revoke", args=[theirs.pk]))

    assert page.status_code == 200
    assert "ของฉัน" in page.text and "ของจังหวัดบี" not in page.text
    assert theirs.token_key[:8] not in page.text
    assert revoke.status_code == 404
    assert their_api.get(ME).status_code == 200


def test_the_page_never_shows_a_token_or_its_digest(client, officer_a):
    token, _api = new_token(officer_a)
    client.force_login(officer_a)

    page = client.get(TOKEN_PAGE).text

    assert token.key_prefix in page
    assert token.digest not in page and token.token_key not in page


def test_read_only_roles_revoke_their_own_tokens_too(national_executive):
    token, api = new_token(national_executive)

    assert api.delete(f"{TOKENS_URL}{token.pk}/").status_code == 204


# --- Administrators -------------------------------------------------------------------


def test_an_administrator_lists_and_revokes_anyones_token_through_the_api(
    admin_user, officer_a, officer_b
):
    theirs, their_api = new_token(officer_b)
    new_token(officer_a)
    _admins, api = new_token(admin_user)

    listed = api.get(TOKENS_URL, {"user": "officer_b"}).json()["results"]
    revoked = api.delete(f"{TOKENS_URL}{theirs.pk}/")

    assert [(row["id"], row["user"]) for row in listed] == [(theirs.pk, "officer_b")]
    assert revoked.status_code == 204
    assert their_api.get(ME).status_code == 401


def test_an_administrator_sees_every_users_tokens_and_revokes_one_on_the_page(
    client, admin_user, officer_a, officer_b
):
    mine_a, api_a = new_token(officer_a, name="ของเจ้าหน้าที่เอ")
    theirs_b, api_b = new_token(officer_b, name="ของเจ้าหน้าที่บี")
    client.force_login(admin_user)

    page = client.get(ADMIN_TOKEN_PAGE)
    filtered = client.get(ADMIN_TOKEN_PAGE, {"user": "officer_b"})
    revoke = client.post(
        reverse("accounts:token_revoke", args=[theirs_b.pk]), {"next": ADMIN_TOKEN_PAGE}
    )

    assert page.status_code == 200
    assert "ของเจ้าหน้าที่เอ" in page.text and "ของเจ้าหน้าที่บี" in page.text
    assert "officer_a" in page.text and "officer_b" in page.text
    assert "ของเจ้าหน้าที่เอ" not in filtered.text and "ของเจ้าหน้าที่บี" in filtered.text
    assert revoke.status_code == 302 and revoke.url == ADMIN_TOKEN_PAGE
    assert api_b.get(ME).status_code == 401
    assert api_a.get(ME).status_code == 200


def test_only_administrators_open_the_page_of_every_users_tokens(client, officer_a, executive_a):
    new_token(executive_a, name="ของผู้ว่า")
    client.force_login(officer_a)

    response = client.get(ADMIN_TOKEN_PAGE)

    assert response.status_code == 403
    assert "ของผู้ว่า" not in response.text


def test_revoke_goes_back_only_to_a_page_of_the_portal(client, officer_a):
    token, _api = new_token(officer_a)
    client.force_login(officer_a)

    response = client.post(
        reverse("accounts:token_revoke", args=[token.pk]), {"next": "https://evil.example/"}
    )

    assert response.url == TOKEN_PAGE


# --- DRF's old tokens -----------------------------------------------------------------------


def test_the_migration_drops_drfs_clear_text_tokens(db):
    with connection.schema_editor() as editor:
        editor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY)")
        editor.execute("INSERT INTO authtoken_token VALUES ('0123456789abcdef')")
    migration = importlib.import_module("accounts.migrations.0002_api_tokens")

    with connection.schema_editor() as editor:
        migration.drop_drf_tokens(apps, editor)

    assert "authtoken_token" not in connection.introspection.table_names()
