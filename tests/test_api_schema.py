"""The API against its own OpenAPI schema (/api/schema/), with Schemathesis.

For every operation Schemathesis generates requests from the schema — valid ones and
deliberately broken ones — and sends them, as a signed-in officer, through the WSGI
application (no server): no answer may be a server error, and every answer must be
what the schema says (status code, content type, body, headers).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from accounts.models import ApiToken
from accounts.services import api_token_create

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


@schema.parametrize()
@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])  # fmt: skip
def test_api_answers_as_its_schema_says(case, officer_token):
    case.call_and_validate(
        headers={"Authorization": f"Token {officer_token()}"},
        # What a schema can say about the answers: no 5xx, documented status codes,
        # content types, headers and bodies. Not checked: whether the API accepts every
        # schema-valid request (a filter or body naming an id that does not exist, or
        # is outside the officer's province, is rightly refused with 400) and refuses
        # every schema-invalid one (django-filter ignores an unreadable boolean filter).
        excluded_checks=[
            schemathesis.checks.positive_data_acceptance,
            schemathesis.checks.negative_data_rejection,
        ],
    )


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
            assert {"400", "404", "429"} <= documented, (method, path)
            if path != "/api/v1/auth/token/":
                assert {"401", "403"} <= documented, (method, path)
