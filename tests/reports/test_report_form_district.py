"""The report form offers districts by name (the code beside), the user's province only;
the report page says "done" once."""

import pytest
from django.urls import reverse

from tests.programs.factories import DistrictFactory

pytestmark = pytest.mark.django_db


def test_district_is_chosen_by_name_within_the_users_province(
    client, officer_a, province_a, province_b
):
    DistrictFactory(province=province_a, code="4802", name_th="ปลาปาก")
    DistrictFactory(province=province_b, code="3302", name_th="ยางชุมน้อย")
    client.force_login(officer_a)

    response = client.get(reverse("reports:job_create"))

    field = response.context["form"]["district"]
    choices = dict(field.field.choices)
    assert choices["4802"] == "ปลาปาก (4802)"
    assert "3302" not in choices  # another province's district is not offered
    assert '<select name="district"' in response.text
    assert 'data-province="48"' in response.text
    assert 'data-options-follow="id_province"' in response.text


def test_a_typed_district_not_on_the_list_is_refused(client, officer_a, province_b):
    DistrictFactory(province=province_b, code="3302", name_th="ยางชุมน้อย")
    client.force_login(officer_a)

    response = client.post(
        reverse("reports:job_create"), {"kind": "club_directory", "district": "3302"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["district"] == ["กรุณาเลือกอำเภอจากรายการ"]


def test_a_finished_report_says_done_once(client, officer_a, province_a):
    import re

    from tests.reports.factories import done_job

    job = done_job(requested_by=officer_a, province=province_a, step="เสร็จแล้ว")
    client.force_login(officer_a)

    response = client.get(reverse("reports:job_detail", args=[job.pk]))

    main = re.search(r"(?s)<main\b.*?</main>", response.text).group(0)
    assert main.count("เสร็จแล้ว") == 1
