"""The API against its own OpenAPI schema (/api/schema/), with Schemathesis.

For every operation Schemathesis generates requests from the schema — valid ones and
deliberately broken ones — and sends them, as a signed-in officer, through the WSGI
application (no server): no answer may be a server error, every answer must be what
the schema says (status code, content type, body, headers), every schema-valid request
is accepted and every schema-invalid one refused. Every check is on.
"""

import io

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from pypdf import PdfWriter

from accounts.models import ApiToken
from accounts.services import api_token_create
from tests.evaluations.factories import jpeg_upload

schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def api_schema(db):
    # As Django's test client does: a request must not close the test's connection
    # (and with it the transaction every test runs in).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def officer_token(officer_a, province_a):
    from tests.programs.factories import ClubFactory, ProgramFactory

    ProgramFactory(slug="to-be-number-one")
    ClubFactory(district=province_a.districts.first())

    def fresh() -> str:
        # A new token for every request: the token operations themselves (DELETE one,
        # revoke all) may have ended the previous one.
        ApiToken.objects.filter(user=officer_a).delete()
        return api_token_create(user=officer_a)[1]

    return fresh


@pytest.fixture
def rows(officer_token, province_a):
    """One row of each kind that a request body names by id, in the officer's province."""
    from programs.models import Program
    from tests.evaluations.factories import RoundFactory
    from tests.meetings.factories import CommitteeFactory, make_meeting
    from tests.programs.factories import IndicatorFactory

    program = Program.objects.get(slug="to-be-number-one")
    program.provinces.add(province_a)
    meeting = make_meeting(CommitteeFactory(provinces=[province_a]))
    round_ = RoundFactory(program=program, province=province_a)
    return {
        "province": province_a.code,
        "district": province_a.districts.first().code,
        "indicator": IndicatorFactory(objective__program=program, province=province_a).pk,
        "report parameters": {
            "minutes": {"meeting": meeting.pk},
            "evaluation_round": {"round": round_.pk},
        },
    }


def name_rows_that_exist(case, rows) -> None:
    """A schema-valid body (a positive case) names rows that exist.

    A schema can say that ``district`` is a district's code and ``indicator`` a positive
    integer, not which rows there are; a body naming a row that does not exist, or is in
    another province, is rightly refused (400, on the field). What is checked is then
    that a request naming real rows, with everything else generated, is accepted. Broken
    (negative) cases are left as generated. ``parameters`` of a report is the report
    form's fields, which depend on the kind: the kind's own are sent.
    """
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return
    if not isinstance(case.body, dict):
        return
    body = dict(case.body)
    # A province sent must be one the officer enters data for (another is refused by name),
    # and a saved row's province cannot change.
    if "province" in body:
        body["province"] = rows["province"]
    if case.path in ("/api/v1/clubs/", "/api/v1/clubs/{id}/"):
        if case.method == "POST":
            body["district"], body["subdistrict"] = rows["district"], None
        elif "district" in body or "subdistrict" in body:
            body.update(district=rows["district"], subdistrict=None)
        # A district's club names are unique; a second "0" is rightly refused.
        if "name" in body:
            body["name"] = f"{body['name']} {case.id}"[-255:]
        # A school's club, and only a school's, names its level: a rule across two
        # fields, which OpenAPI 3.0 cannot state.
        if case.method == "POST" or {"club_type", "school_level"} & set(body):
            body["club_type"] = body.get("club_type", "community")
            body["school_level"] = "primary" if body["club_type"] == "school" else ""
    elif case.path in ("/api/v1/indicator-results/", "/api/v1/indicator-results/{id}/"):
        # The indicator's kind ("amount") says which figures it needs (a value, not a
        # numerator over a denominator), its frequency which periods there are.
        if case.method == "POST":
            body.update(indicator=rows["indicator"], period=1)
        if case.method == "POST" or {"value", "numerator", "denominator"} & set(body):
            body.update(value="50", numerator=None, denominator=None)
    elif case.path == "/api/v1/reports/":
        body["parameters"] = rows["report parameters"].get(body["kind"], {})
    elif case.path == "/api/v1/evaluations/photos/":
        # The schema says "a file"; the server takes a JPEG, PNG or WebP image only.
        body["image"] = jpeg_upload().read()
    else:
        return
    case.body = body


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# A fifth of the profile's examples per operation: 8 (about 3,200 requests, a minute),
# 200 with HYPOTHESIS_PROFILE=thorough.
@schema.parametrize()
@settings(max_examples=settings.default.max_examples // 5, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])  # fmt: skip
def test_api_answers_as_its_schema_says(case, officer_token, rows):
    # Every check: no 5xx; documented status codes, content types, headers and bodies;
    # every schema-valid request accepted and every schema-invalid one refused.
    name_rows_that_exist(case, rows)
    headers = {"Authorization": f"Token {officer_token()}"}
    if case.path == "/api/v1/verify/" and case.meta.generation.mode.is_positive:
        # The schema says "a file"; the server reads a PDF only (an unsigned one is told).
        # Sent by the caller, not written into the case: schemathesis derives further
        # (negative) cases from a case's body.
        record = (io.BytesIO(blank_pdf()), "record.pdf", "application/pdf")
        case.call_and_validate(headers=headers, data={"file": record})
    else:
        case.call_and_validate(headers=headers)


def test_an_unknown_api_url_answers_json_and_a_page_answers_html(client, officer_a):
    client.force_login(officer_a)

    api = client.get("/api/v1/clubs/not-a-number/")
    page = client.get("/clubs/not-a-number/")

    assert api.status_code == 404 and api.json() == {"detail": "ไม่พบ"}
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_the_schema_documents_the_errors_of_every_operation(client):
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]

    for path, operations in paths.items():
        for method, operation in operations.items():
            documented = set(operation["responses"])
            assert {"400", "404", "429", "503"} <= documented, (method, path)
            if path != "/api/v1/auth/token/":
                assert {"401", "403"} <= documented, (method, path)
