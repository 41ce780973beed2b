"""Junk in every query string and every form of the portal: never a server error.

Every page and endpoint of the URL configuration (as in the access matrix) is asked
for with each junk value in every query parameter the views read; every form a page
shows is posted back with each junk value in every field. The answer may be a page
with Thai errors, a redirect, 400, 403, 404 or 405 — never 500.
"""

import re

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from meetings.models import Meeting
from programs.models import Club, IndicatorResult
from tests import test_access_matrix as matrix

# The access matrix's objects of every kind (its `world` fixture), reused here.
world = matrix.world

# Each found a server error somewhere before it was fixed (an id lookup with "abc",
# int() of "²" or of "1e9999999", an out-of-range id, NUL in a PostgreSQL string).
JUNK = ["abc", "1e9999999", "9" * 25, "²", "\x00", "31/2/2566"]
# Every parameter name a view of the portal reads from the query string.
QUERY_PARAMETERS = [
    "province", "fiscal_year", "objective", "agency", "committee", "format", "field",
    "kind", "page", "q", "region", "plan_status", "status", "period", "district",
    "club_type", "tier", "program", "year", "measure", "level", "stage", "ordering",
    "search", "model", "user", "date_from", "date_to", "next", "sort", "per_page",
]  # fmt: skip
FIELD_NAME = re.compile(r'<(?:input|select|textarea)[^>]*\sname="([^"]+)"')
SKIPPED_FIELDS = {"csrfmiddlewaretoken"}


def _pages(objects):
    for route in matrix._routes():
        # healthz answers 503 when a service is down, whatever it is asked.
        if route.namespace == "admin" or route.name in {
            "accounts:logout",
            "accounts:set_language",
            "healthz",
        }:
            continue
        yield route, matrix._url(route, objects)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "officer_a"])
def test_junk_query_strings_never_answer_500(client, world, role):
    client.raise_request_exception = False  # collect every failure, not only the first
    client.force_login(world.users[role])
    failures = []
    for _route, url in _pages(world):
        for value in JUNK:
            response = client.get(url, {name: value for name in QUERY_PARAMETERS})
            if response.status_code >= 500:
                failures.append(f"GET {url} with {value[:20]!r} → {response.status_code}")
    assert failures == [], "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "officer_a"])
def test_junk_in_every_form_field_never_answers_500(client, world, role):
    client.raise_request_exception = False
    client.force_login(world.users[role])
    failures = []
    for route, url in _pages(world):
        if route.name and route.name.startswith("api"):
            continue  # the API is exercised against its schema (tests/test_api_schema.py)
        page = client.get(url)
        if (
            page.status_code != 200
            or page.streaming  # a download (a backup archive): no form to fill in
            or "<form" not in page.content.decode(errors="replace")
        ):
            continue
        names = set(FIELD_NAME.findall(page.content.decode(errors="replace"))) - SKIPPED_FIELDS
        for value in JUNK:
            response = client.post(url, {name: value for name in names})
            if response.status_code >= 500:
                failures.append(f"POST {url} with {value[:20]!r} → {response.status_code}")
    assert failures == [], "\n".join(failures)


# --- The main forms, with Hypothesis' text in each field -----------------------------------

TEXT = st.text(max_size=60)


def _expected(response, data) -> bool:
    """A page (refused, with errors) or a redirect (saved); 400 only for NUL, which no
    keyboard types (config/null_characters.py)."""
    if any("\x00" in value for value in data.values()):
        return response.status_code == 400
    return response.status_code in (200, 302)


def _any_text_in(*names: str):
    return st.fixed_dictionaries({}, optional={name: TEXT for name in names})


def _post_and_check(client, url: str, model, data: dict) -> None:
    before = model.objects.count()

    response = client.post(url, data)

    assert _expected(response, data)
    if response.status_code == 200:  # refused: nothing written, the typed text shown back
        assert model.objects.count() == before
        assert response.context["form"].errors


@pytest.mark.django_db
@given(data=_any_text_in("name", "club_type", "school_level", "host_organisation", "district",
                         "subdistrict", "founded_on", "contact_name", "contact_phone"))  # fmt: skip
def test_club_form_answers_any_text_with_a_page_or_a_redirect(client, officer_a, data):
    client.force_login(officer_a)
    _post_and_check(client, reverse("programs:club_create"), Club, data)


@pytest.mark.django_db
@given(data=_any_text_in("committee", "date", "start_time", "end_time", "venue", "title",
                         "chair_name", "chair_position", "number", "year"))  # fmt: skip
def test_meeting_form_answers_any_text_with_a_page_or_a_redirect(client, officer_a, data):
    client.force_login(officer_a)
    _post_and_check(client, reverse("meetings:meeting_create"), Meeting, data)


@pytest.mark.django_db
@given(values=st.lists(TEXT, min_size=1, max_size=4))
def test_results_entry_answers_any_text_with_a_page_or_a_redirect(client, world, values):
    client.force_login(world.users["officer_a"])
    url = reverse("programs:results_entry", args=[world.program.slug, 2568, "q1"])
    page = client.get(url).content.decode()
    names = sorted(set(FIELD_NAME.findall(page)) - SKIPPED_FIELDS)
    data = {name: values[i % len(values)] for i, name in enumerate(names)}
    data["csrfmiddlewaretoken"] = ""
    before = list(IndicatorResult.objects.values_list("pk", "value", "evidence_note"))

    response = client.post(url, data)

    assert _expected(response, data)
    if response.status_code != 302:
        after = list(IndicatorResult.objects.values_list("pk", "value", "evidence_note"))
        assert after == before


# --- What the fixes above do ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_request_with_nul_is_refused_in_thai(client, officer_a):
    client.force_login(officer_a)

    by_query = client.get(reverse("programs:club_list"), {"district": "48\x00"})
    by_form = client.post(reverse("programs:club_create"), {"name": "ชมรม\x00"})

    for response in (by_query, by_form):
        assert response.status_code == 400
        assert "อักขระที่ไม่อนุญาต" in response.content.decode()


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), ("", None), ("abc", None), ("²", None), ("๑๒", None), ("-3", None),
     ("0", None), ("9" * 19, None), ("9" * 25, None), (str(2**63 - 1), 2**63 - 1)],
)  # fmt: skip
def test_id_from_query_takes_only_a_plain_positive_id(value, expected):
    from core.query_params import id_from_query

    assert id_from_query({"id": value}, "id") == expected


@pytest.mark.django_db
def test_export_of_a_name_with_control_characters_still_works(client, officer_a, province_a):
    from tests.programs.factories import ClubFactory

    ClubFactory(district=province_a.districts.first(), name="ชมรม\x08ที่วางมาจากโปรแกรมอื่น")
    client.force_login(officer_a)

    response = client.get(reverse("programs:club_export"), {"format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
