"""The audit log: every change of the domain models with who and when, for
administrators only, filterable, paginated, and never editable through a screen."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from audit.selectors import AUDITED_APPS, audited_models
from audit.views import PAGE_SIZE
from programs.models import Club
from tests.programs.factories import ClubFactory
from tests.programs.test_clubs_pages import NASOMDEE, club_form

pytestmark = pytest.mark.django_db

AUDIT_LOG = reverse("audit:log")
# Rows that are not the portal's data: reference data loaded by `import_geography`
# from the national file (read-only in the admin site), and generated PDF jobs, whose
# row already records who asked for what and when.
NOT_AUDITED = {
    "programs.province",
    "programs.district",
    "programs.subdistrict",
    "programs.village",
    "programs.boundary",  # imported map outlines, like the geography
    "reports.reportjob",
    "reports.signedrecord",  # written once by the signing task; its state is its history
    # What each phone sent, kept as it arrived: an append-only record itself.
    "evaluations.submissionreceipt",
}


def test_every_domain_model_keeps_a_change_history():
    models = [
        model
        for app in AUDITED_APPS
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
    ]
    missing = sorted(
        model._meta.label_lower
        for model in models
        if model._meta.label_lower not in NOT_AUDITED and model not in audited_models()
    )
    assert missing == []


def test_reference_data_is_read_only_in_the_admin_site(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    for label in ["programs.province", "programs.district", "programs.subdistrict"]:
        model_admin = admin.site._registry[apps.get_model(label)]
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
        assert not model_admin.has_add_permission(request)


def test_officers_change_is_in_the_log_with_who_and_when(client, officer_a, admin_user):
    client.force_login(officer_a)
    response = client.post(reverse("programs:club_create"), club_form())
    assert response.status_code == 302
    club = Club.objects.get(name=NASOMDEE)
    response = client.post(
        reverse("programs:club_update", args=[club.pk]), club_form(contact_phone="042-000-111")
    )
    assert response.status_code == 302

    client.force_login(admin_user)
    response = client.get(AUDIT_LOG, {"model": "programs.club"})

    assert response.status_code == 200
    entries = response.context["entries"]
    assert [(e.action, e.user, e.object_id) for e in entries] == [
        ("แก้ไข", officer_a, club.pk),
        ("สร้าง", officer_a, club.pk),
    ]
    assert all(timezone.now() - e.when < datetime.timedelta(minutes=5) for e in entries)
    assert NASOMDEE in response.text and "บันทึกการเปลี่ยนแปลงข้อมูล" in response.text


def test_deletion_is_in_the_log(client, admin_user, province_a):
    club = ClubFactory(district=province_a.districts.first(), name="ชมรมที่จะถูกลบ")
    club.delete()
    client.force_login(admin_user)

    response = client.get(AUDIT_LOG, {"model": "programs.club"})

    actions = [(e.action, e.object_repr) for e in response.context["entries"]]
    assert actions[0] == ("ลบ", "ชมรมที่จะถูกลบ")


def test_filters_by_user_and_date(client, officer_a, officer_b, admin_user, province_a):
    client.force_login(officer_a)
    client.post(reverse("programs:club_create"), club_form())
    client.force_login(admin_user)

    by_officer_a = client.get(AUDIT_LOG, {"user": officer_a.pk})
    by_officer_b = client.get(AUDIT_LOG, {"user": officer_b.pk})
    today = timezone.localdate()
    be_today = f"{today.day}/{today.month}/{today.year + 543}"
    be_yesterday = f"{today.day}/{today.month}/{today.year + 542}"  # a year ago
    from_today = client.get(AUDIT_LOG, {"date_from": be_today})
    until_last_year = client.get(AUDIT_LOG, {"date_to": be_yesterday})

    assert [e.object_repr for e in by_officer_a.context["entries"]] == [NASOMDEE]
    assert by_officer_b.context["entries"] == []
    assert NASOMDEE in [e.object_repr for e in from_today.context["entries"]]
    assert until_last_year.context["entries"] == []


def test_bad_filters_answer_with_thai_messages_not_errors(client, admin_user):
    client.force_login(admin_user)

    response = client.get(
        AUDIT_LOG,
        {"model": "auth.permission", "user": "not-a-number", "date_from": "31/2/2566",
         "date_to": "2566-01-01", "page": "x'; drop table"},
    )  # fmt: skip

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"model", "user", "date_from", "date_to"}
    assert "ไม่มีวันที่ 31/2/2566 ในปฏิทิน" in response.text


def test_log_is_paginated(client, admin_user, province_a):
    district = province_a.districts.first()
    ClubFactory.create_batch(PAGE_SIZE + 3, district=district)
    client.force_login(admin_user)

    first = client.get(AUDIT_LOG, {"model": "programs.club"})
    second = client.get(AUDIT_LOG, {"model": "programs.club", "page": 2})

    assert len(first.context["entries"]) == PAGE_SIZE
    assert len(second.context["entries"]) == 3
    assert "หน้า 1 จาก 2" in first.text
    assert "model=programs.club&amp;page=2" in first.text


@pytest.mark.parametrize("who", ["officer_a", "executive_a", "national_executive", "evaluator"])
def test_only_administrators_read_the_log(client, request, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(AUDIT_LOG).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(AUDIT_LOG)

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_log_cannot_be_changed_through_any_screen(client, admin_user, settings):
    client.force_login(admin_user)

    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(AUDIT_LOG).status_code == 405
    # No history model is registered in the admin site, and simple-history neither
    # edits records nor offers "revert".
    assert not [m for m in admin.site._registry if m.__name__.startswith("Historical")]
    assert settings.SIMPLE_HISTORY_EDIT is False
    assert settings.SIMPLE_HISTORY_REVERT_DISABLED is True


def test_admin_history_page_shows_an_old_version_but_never_saves_it(client, admin_user, province_a):
    club = ClubFactory(district=province_a.districts.first(), name="ชื่อเดิม")
    club.name = "ชื่อใหม่"
    club.save()
    record = club.history.earliest()
    url = reverse("admin:programs_club_simple_history", args=[club.pk, record.history_id])
    client.force_login(admin_user)

    page = client.get(url)
    revert = client.post(url, {"name": "ชื่อเดิม"})

    assert page.status_code == 200 and page.context["revert_disabled"] is True
    assert revert.status_code == 403
    club.refresh_from_db()
    assert club.name == "ชื่อใหม่" and club.history.count() == 2
