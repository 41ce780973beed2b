"""`manage.py add_user`: accounts with a role, created whole or not at all."""

import io
from unittest import mock

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from accounts.models import Role, User

pytestmark = pytest.mark.django_db

STRONG_PASSWORD = "Nakhon-Phanom-2566!"


def add_user(*args, stdin: str | None = None) -> str:
    out = io.StringIO()
    if stdin is None:
        call_command("add_user", *args, stdout=out)
    else:
        with mock.patch("sys.stdin", io.StringIO(stdin)):
            call_command("add_user", *args, stdout=out)
    return out.getvalue()


def test_officer_is_created_in_the_given_province(province_a):
    output = add_user(
        "somchai", "--role", "officer", "--province", "48",
        "--first-name", "สมชาย", "--last-name", "ใจดี", "--position", "นักวิชาการสาธารณสุข",
    )  # fmt: skip

    user = User.objects.get(username="somchai")
    assert user.role == Role.OFFICER
    assert user.province == province_a
    assert (user.first_name, user.last_name, user.position) == ("สมชาย", "ใจดี", "นักวิชาการสาธารณสุข")
    assert not user.is_staff and not user.is_superuser
    assert "somchai" in output
    assert "นครพนม" in output


def test_user_created_without_a_password_cannot_log_in(province_a):
    add_user("somchai", "--role", "officer", "--province", "48")

    assert not User.objects.get(username="somchai").has_usable_password()


def test_password_read_from_stdin_lets_the_user_authenticate(province_a):
    add_user("somchai", "--role", "officer", "--province", "48", "--password-stdin",
             stdin=STRONG_PASSWORD + "\n")  # fmt: skip

    user = User.objects.get(username="somchai")
    assert user.has_usable_password()
    # django-axes, first among the backends, needs the request of a login.
    login = RequestFactory().post("/accounts/login/")
    assert authenticate(login, username="somchai", password=STRONG_PASSWORD) == user
    assert authenticate(login, username="somchai", password=STRONG_PASSWORD + "\n") is None


def test_password_from_stdin_with_windows_line_ending_is_the_password_without_it(province_a):
    add_user("somchai", "--role", "officer", "--province", "48", "--password-stdin",
             stdin=STRONG_PASSWORD + "\r\n")  # fmt: skip

    assert User.objects.get(username="somchai").check_password(STRONG_PASSWORD)


def test_empty_stdin_password_is_refused_and_creates_nothing(province_a):
    with pytest.raises(CommandError, match="รหัสผ่าน"):
        add_user("somchai", "--role", "officer", "--province", "48", "--password-stdin", stdin="")

    assert not User.objects.filter(username="somchai").exists()


def test_administrator_is_staff_and_superuser_without_a_province(db):
    add_user("central", "--role", "admin")

    user = User.objects.get(username="central")
    assert user.is_staff and user.is_superuser
    assert user.province is None
    assert user.is_administrator


def test_national_executive_has_no_province(db):
    add_user("deputy", "--role", "executive")

    user = User.objects.get(username="deputy")
    assert user.is_executive and user.is_national


def test_unknown_role_is_refused_in_thai_listing_the_roles_and_creates_nothing(province_a):
    with pytest.raises(CommandError) as caught:
        add_user("somchai", "--role", "governor", "--province", "48")

    message = str(caught.value)
    assert "ไม่รู้จักบทบาท" in message
    assert "governor" in message
    assert all(role in message for role in Role.values)
    assert not User.objects.exists()


def test_unknown_province_is_refused_and_creates_nothing(province_a):
    with pytest.raises(CommandError) as caught:
        add_user("somchai", "--role", "officer", "--province", "99")

    assert "ไม่พบจังหวัดรหัส" in str(caught.value)
    assert "99" in str(caught.value)
    assert not User.objects.exists()


def test_officer_without_a_province_is_refused(db):
    with pytest.raises(CommandError) as caught:
        add_user("somchai", "--role", "officer")

    assert "เจ้าหน้าที่จังหวัดต้องระบุจังหวัด" in str(caught.value)
    assert not User.objects.exists()


def test_administrator_with_a_province_is_refused(province_a):
    with pytest.raises(CommandError) as caught:
        add_user("central", "--role", "admin", "--province", "48")

    assert "ผู้ดูแลระบบ" in str(caught.value)
    assert not User.objects.exists()


def test_duplicate_username_is_refused_and_leaves_the_first_user_alone(province_a, province_b):
    add_user("somchai", "--role", "officer", "--province", "48")

    with pytest.raises(CommandError) as caught:
        add_user("somchai", "--role", "officer", "--province", "33")

    assert "username" in str(caught.value)
    assert User.objects.filter(username="somchai").count() == 1
    assert User.objects.get(username="somchai").province_id == "48"


@pytest.mark.parametrize("weak", ["12345678", "password", "abc", "somchai2566"])
def test_weak_password_is_refused_and_creates_nothing(province_a, weak):
    with pytest.raises(CommandError):
        add_user("somchai", "--role", "officer", "--province", "48", "--password-stdin",
                 stdin=weak + "\n")  # fmt: skip

    assert not User.objects.exists()
