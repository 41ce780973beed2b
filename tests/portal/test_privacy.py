"""The personal-data page (PDPA): public, linked from every page's footer, and complete."""

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from portal.personal_data import PERSONAL_DATA

pytestmark = pytest.mark.django_db

PRIVACY = reverse("portal:privacy")
# Field names that hold or reach a person (a name, a position, a way to contact them).
PERSONAL = ("name", "position", "phone", "email", "contact", "presenter", "responsible")
# Fields with such names that name an organisation, a place or a file, not a person.
NOT_PERSONAL = {
    "name_th", "name_en", "short_name", "name", "original_name", "field_name", "award_name",
}  # fmt: skip
PEOPLE_MODELS = {"meetings.committeemember", "meetings.attendance"}


def _listed() -> set[tuple[str, str]]:
    return {(record.model.lower(), field) for record in PERSONAL_DATA for field in record.fields}


def test_anonymous_reads_the_page_in_thai(client):
    response = client.get(PRIVACY)

    assert response.status_code == 200
    text = response.text
    assert "ข้อมูลส่วนบุคคลในระบบ" in text
    assert "พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล" in text
    for record in PERSONAL_DATA:
        assert record.model_label in text
        for label in record.field_labels:
            assert label in text
    assert "ผู้ประสานงาน" in text and "ไม่น้อยกว่า 10 ปี" in text


def test_footer_of_every_page_links_to_it(client, officer_a):
    assert PRIVACY in client.get(reverse("accounts:login")).text
    client.force_login(officer_a)
    assert PRIVACY in client.get(reverse("portal:home")).text


def test_every_field_about_a_person_is_listed():
    missing = []
    for app in ("accounts", "programs", "meetings", "reports"):
        for model in apps.get_app_config(app).get_models():
            label = model._meta.label_lower
            if model.__name__.startswith("Historical"):
                continue
            for field in model._meta.get_fields():
                if not isinstance(field, models.CharField | models.TextField):
                    continue
                personal = any(word in field.name for word in PERSONAL)
                if field.name in NOT_PERSONAL and label not in PEOPLE_MODELS:
                    personal = False
                if personal and (label, field.name) not in _listed():
                    missing.append(f"{label}.{field.name}")
    assert missing == []


def test_clubs_keep_member_counts_not_members():
    membership = apps.get_model("programs.ClubMembership")
    fields = {f.name for f in membership._meta.get_fields()}
    assert {"members", "target_population"} <= fields
    assert not any(word in name for name in fields for word in PERSONAL)
