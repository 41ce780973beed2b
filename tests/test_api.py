"""The REST API: tokens, the same scoping as the pages, and a self-hosted schema."""

import re

import pytest
from knox.crypto import hash_token
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.services import api_token_create
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture
def api():
    return APIClient()


def authenticated(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user)[1]}")
    return client


# --- Tokens (the tokens' own rules: tests/accounts/test_api_tokens.py) ------------


def test_valid_credentials_receive_a_token_of_which_only_the_digest_is_kept(api, officer_a):
    response = api.post(TOKEN_URL, {"username": "officer_a", "password": PASSWORD}, format="json")

    assert response.status_code == 200
    token = response.json()["token"]
    stored = ApiToken.objects.get(user=officer_a)
    assert stored.digest == hash_token(token) and token not in (stored.digest, stored.token_key)


def test_asking_twice_gives_two_tokens_each_revocable_on_its_own(api, officer_a):
    first = api.post(TOKEN_URL, {"username": "officer_a", "password": PASSWORD}).json()["token"]
    second = api.post(TOKEN_URL, {"username": "officer_a", "password": PASSWORD}).json()["token"]

    assert first != second
    assert ApiToken.objects.filter(user=officer_a).count() == 2


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "officer_a", "password": "wrong"},
        {"username": "nobody", "password": PASSWORD},
        {"username": "officer_a"},
        {},
    ],
)
def test_invalid_credentials_get_400_and_no_token(api, officer_a, credentials):
    response = api.post(TOKEN_URL, credentials, format="json")

    assert response.status_code == 400
    assert "token" not in response.json()
    assert not ApiToken.objects.exists()


def test_the_token_authenticates_me(api, officer_a):
    token = api.post(TOKEN_URL, {"username": "officer_a", "password": PASSWORD}).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = api.get("/api/v1/me/")

    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "officer_a"
    assert body["role"] == "officer"
    assert body["province"] == "48"
    assert body["is_national"] is False
    assert body["role_label"] == "เจ้าหน้าที่จังหวัด"


def test_me_of_a_national_executive(national_executive):
    body = authenticated(national_executive).get("/api/v1/me/").json()

    assert body["province"] is None
    assert body["is_national"] is True
    assert body["role_label"] == "ผู้บริหารระดับประเทศ"


def test_me_is_read_only(officer_a):
    client = authenticated(officer_a)

    response = client.patch("/api/v1/me/", {"role": "admin"}, format="json")

    assert response.status_code == 405
    officer_a.refresh_from_db()
    assert officer_a.role == "officer"


def test_a_made_up_token_is_refused(api, officer_a):
    api.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    assert api.get("/api/v1/me/").status_code == 401


def test_token_of_an_inactive_user_is_refused(officer_a):
    client = authenticated(officer_a)
    officer_a.is_active = False
    officer_a.save()

    assert client.get("/api/v1/me/").status_code == 401


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/me/",
        "/api/v1/provinces/",
        "/api/v1/districts/",
        "/api/v1/provinces/48/",
        "/api/v1/programs/",
    ],
)
def test_anonymous_is_refused(api, province_a, path):
    response = api.get(path)

    assert response.status_code in (401, 403)
    assert "นครพนม" not in response.content.decode()


# --- Scoping ----------------------------------------------------------------------


def test_officer_of_48_lists_only_province_48(officer_a, province_b):
    response = authenticated(officer_a).get("/api/v1/provinces/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert [p["code"] for p in body["results"]] == ["48"]
    assert body["results"][0] == {
        "code": "48",
        "name_th": "นครพนม",
        "name_en": "Nakhon Phanom",
        "region": "northeast",
    }


def test_officer_of_48_lists_only_districts_of_48(officer_a, province_b):
    response = authenticated(officer_a).get("/api/v1/districts/")

    assert [d["code"] for d in response.json()["results"]] == ["4801"]


def test_officer_of_48_filtering_districts_by_province_33_gets_none(officer_a, province_b):
    response = authenticated(officer_a).get("/api/v1/districts/", {"province": "33"})

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_officer_of_48_asking_for_province_33_gets_404(officer_a, province_b):
    client = authenticated(officer_a)

    assert client.get("/api/v1/provinces/33/").status_code == 404
    assert client.get("/api/v1/districts/3301/").status_code == 404
    assert client.get("/api/v1/provinces/48/").status_code == 200


def test_national_executive_lists_every_province(national_executive, province_a, province_b):
    response = authenticated(national_executive).get("/api/v1/provinces/")

    assert [p["code"] for p in response.json()["results"]] == ["33", "48"]


def test_provinces_filter_by_region(national_executive, province_a, province_b):
    client = authenticated(national_executive)

    assert client.get("/api/v1/provinces/", {"region": "north"}).json()["count"] == 0
    assert client.get("/api/v1/provinces/", {"region": "northeast"}).json()["count"] == 2


def test_evaluator_lists_no_province(evaluator, province_a):
    response = authenticated(evaluator).get("/api/v1/provinces/")

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_api_is_read_only(admin_user, province_a):
    response = authenticated(admin_user).post(
        "/api/v1/provinces/", {"code": "99", "name_th": "x", "name_en": "x", "region": "north"}
    )

    assert response.status_code == 405


def test_session_of_a_signed_in_user_also_authenticates(client, officer_a, province_b):
    client.force_login(officer_a)

    response = client.get("/api/v1/provinces/")

    assert [p["code"] for p in response.json()["results"]] == ["48"]


# --- Schema and docs --------------------------------------------------------------


def test_schema_is_openapi_3_with_the_v1_paths(client):
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in [
        "/api/v1/provinces/",
        "/api/v1/districts/",
        "/api/v1/me/",
        "/api/v1/auth/token/",
        "/api/v1/auth/tokens/",
        "/api/v1/auth/tokens/{id}/",
        "/api/v1/auth/tokens/revoke-all/",
    ]:
        assert path in schema["paths"], path
    assert any(re.fullmatch(r"/api/v1/provinces/\{\w+\}/", path) for path in schema["paths"])


def test_schema_declares_token_authentication(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    schemes = schema["components"]["securitySchemes"]
    assert any(
        s.get("type") == "apiKey" and s.get("name") == "Authorization" for s in schemes.values()
    )


def test_api_docs_page_loads_everything_from_our_own_static_files(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger" in html.lower()
    assets = re.findall(r'(?:src|href)\s*=\s*["\']([^"\']+)["\']', html)
    assert assets, "the page loads its scripts and styles from somewhere"
    assert all(not a.startswith(("http://", "https://", "//")) for a in assets), assets
    assert any(a.startswith("/static/") for a in assets)
    assert not re.search(r"https?://(?!testserver)", html)
