"""The sign-in lock behind a reverse proxy: it keys on the real client's address, and a
client cannot choose its own address by sending X-Forwarded-For."""

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from config.client_address import client_address
from tests.conftest import PASSWORD

LOGIN = reverse("accounts:login")
HOME = reverse("portal:home")
PROXY = "10.0.0.5"
TRUSTED = ["10.0.0.0/24", "192.0.2.7"]
behind_the_proxy = override_settings(TRUSTED_PROXIES=TRUSTED)


def address(remote: str, forwarded: str | None = None) -> str | None:
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **meta))


def log_in(client, password: str, *, remote: str, forwarded: str | None = None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(LOGIN, {"username": "officer_a", "password": password}, **meta)


# --- Which address -----------------------------------------------------------------------


def test_with_no_trusted_proxy_the_header_is_ignored():
    assert settings.TRUSTED_PROXIES == []
    assert address("198.51.100.1", "203.0.113.9") == "198.51.100.1"


@behind_the_proxy
@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        # One proxy: it appended the client's address.
        (PROXY, "203.0.113.9", "203.0.113.9"),
        # The client sent its own header: what it wrote is left of what the proxy wrote.
        (PROXY, "1.1.1.1, 203.0.113.9", "203.0.113.9"),
        # Two trusted proxies in a row (a load balancer, then nginx).
        (PROXY, "203.0.113.9, 192.0.2.7", "203.0.113.9"),
        (PROXY, "1.1.1.1, 203.0.113.9, 192.0.2.7, 10.0.0.9", "203.0.113.9"),
        # Ports and IPv6 as proxies write them.
        (PROXY, "203.0.113.9:51234", "203.0.113.9"),
        (PROXY, "[2001:db8::1]:443", "2001:db8::1"),
        (PROXY, "2001:db8::1", "2001:db8::1"),
        # No header: the proxy itself (a health check from its own host).
        (PROXY, None, PROXY),
        # Only proxies on the way: the first of them.
        (PROXY, "10.0.0.9", "10.0.0.9"),
        # Not an address where the client's should be: believe nothing.
        (PROXY, "203.0.113.9, unknown", PROXY),
        # The peer is not a trusted proxy: the header is the client's own word.
        ("198.51.100.1", "203.0.113.9", "198.51.100.1"),
        ("::ffff:10.0.0.5", "203.0.113.9", "203.0.113.9"),
    ],
)
def test_the_client_is_the_right_most_address_not_of_a_trusted_proxy(remote, forwarded, expected):
    assert address(remote, forwarded) == expected


@override_settings(TRUSTED_PROXIES=["not-an-address"])
def test_a_wrong_trusted_proxy_setting_is_said_clearly():
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        address(PROXY, "203.0.113.9")


# --- The lock ----------------------------------------------------------------------------


@pytest.mark.django_db
@behind_the_proxy
def test_from_a_trusted_proxy_two_clients_have_their_own_lock(client, officer_a):
    # Given the attacker at 203.0.113.66 locked officer_a out from behind the proxy
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "wrong-password", remote=PROXY, forwarded="203.0.113.66")
    assert log_in(client, PASSWORD, remote=PROXY, forwarded="203.0.113.66").status_code == 429

    # When officer_a signs in from their own office, through the same proxy
    response = log_in(client, PASSWORD, remote=PROXY, forwarded="203.0.113.10")

    # Then they are let in: the lock is the attacker's, not everyone's behind the proxy
    assert response.status_code == 302 and response.url == HOME


@pytest.mark.django_db
def test_from_an_untrusted_peer_a_forged_header_does_not_dodge_the_lock(client, officer_a):
    # Given failures from one peer, each with a different made-up X-Forwarded-For
    with override_settings(TRUSTED_PROXIES=TRUSTED):
        for number in range(settings.AXES_FAILURE_LIMIT):
            log_in(client, "wrong-password", remote="198.51.100.1", forwarded=f"203.0.113.{number}")

        # When the same peer tries once more with yet another header and the right password
        response = log_in(client, PASSWORD, remote="198.51.100.1", forwarded="203.0.113.200")

    # Then it is locked out all the same
    assert response.status_code == 429


@pytest.mark.django_db
@behind_the_proxy
def test_the_token_endpoint_keys_its_lock_on_the_client_behind_the_proxy_too(officer_a):
    api = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api.post(
            "/api/v1/auth/token/",
            {"username": "officer_a", "password": "wrong"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="203.0.113.66",
        )

    locked = api.post(
        "/api/v1/auth/token/",
        {"username": "officer_a", "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.66",
    )
    other = api.post(
        "/api/v1/auth/token/",
        {"username": "officer_a", "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.10",
    )

    assert locked.status_code == 429
    assert other.status_code == 200 and other.json()["token"]
