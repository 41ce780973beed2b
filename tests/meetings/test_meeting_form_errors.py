"""/meetings/new/ that fails: the error summary at the top, each message naming its field."""

import pytest
from django.urls import reverse

from meetings.models import Meeting
from tests.meetings.factories import CommitteeFactory

pytestmark = pytest.mark.django_db


def test_an_empty_new_meeting_shows_the_summary_and_names_every_field(
    client, officer_a, province_a
):
    CommitteeFactory(provinces=[province_a])
    client.force_login(officer_a)

    response = client.post(reverse("meetings:meeting_create"), {})

    form = response.context["form"]
    assert form.errors
    assert "data-error-summary" in response.text
    for name, errors in form.errors.items():
        label = str(form.fields[name].label)
        for error in errors:
            assert error != "ฟิลด์นี้จำเป็น"
            assert label in error, (name, error)
            # The summary links each message to its field.
            assert f'href="#{form[name].id_for_label}"' in response.text
    assert "ฟิลด์นี้จำเป็น" not in response.text
    assert not Meeting.objects.exists()
