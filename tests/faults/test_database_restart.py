"""PostgreSQL stopped and started again under the running portal.

The portal runs under gunicorn on a PostgreSQL cluster of this test's own (initdb in
a temporary directory), with persistent connections (``CONN_MAX_AGE``) so that the
connection the restart breaks is one the portal still holds. While the database is
down every request answers a Thai 503 page (JSON under /api/), never a traceback;
once it is back the same gunicorn worker serves again, with no restart.
"""

import pytest
import requests
from django.conf import settings

from tests.conftest import PASSWORD
from tests.faults.servers import (
    HEALTHZ_HEADERS,
    AppServer,
    child_pids,
    csrf_token,
    manage,
    portal_env,
    sign_in,
)

UNAVAILABLE = "ระบบไม่พร้อมให้บริการชั่วคราว"


@pytest.fixture
def portal_on_own_postgres(own_postgres, log_dir, stop_at_end):
    own_postgres.create_database("monitor_faults")
    env = portal_env(
        database_url=own_postgres.url("monitor_faults"),
        redis_url=settings.REDIS_URL,
        CONN_MAX_AGE="600",
    )
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "add_user", "faults_admin", "--role", "admin", "--password-stdin", stdin=PASSWORD)
    # One worker: the connection the restart breaks is the one that serves next.
    app = AppServer(env, log_dir, workers=1)
    stop_at_end(app)
    return app.start()


@pytest.mark.faults
def test_postgres_restarted_requests_fail_with_a_thai_503_and_succeed_after(
    own_postgres, portal_on_own_postgres
):
    app = portal_on_own_postgres
    admin = sign_in(app.url, "faults_admin", PASSWORD)
    assert admin.get(f"{app.url}/clubs/", timeout=15).status_code == 200
    workers = set(child_pids(app.process.pid))
    assert len(workers) == 1
    password_form = f"{app.url}/accounts/password/"
    form = {
        "old_password": "not-my-password",
        "new_password1": "a-new-pass-2568",
        "new_password2": "a-new-pass-2568",
        "csrfmiddlewaretoken": csrf_token(admin, password_form),
    }

    # When PostgreSQL stops under the portal
    own_postgres.stop()

    # then each page answers 503 in Thai, asking to try again shortly; no traceback
    for path in ["/clubs/", "/provinces/", "/reports/"]:
        response = admin.get(f"{app.url}{path}", timeout=15)
        assert response.status_code == 503, (path, response.status_code)
        assert response.headers["Retry-After"] == "30"
        assert UNAVAILABLE in response.text
        assert "Traceback" not in response.text and "OperationalError" not in response.text
    # the API answers JSON, and a form sent meanwhile fails the same clean way
    api = admin.get(f"{app.url}/api/v1/clubs/", timeout=15)
    assert api.status_code == 503 and "ฐานข้อมูล" in api.json()["detail"]
    sent = admin.post(password_form, data=form, timeout=15)
    assert sent.status_code == 503 and UNAVAILABLE in sent.text
    # and /healthz names the database
    health = requests.get(f"{app.url}/healthz", headers=HEALTHZ_HEADERS, timeout=15)
    assert health.status_code == 503 and health.json()["database"]["status"] == "error"

    # When PostgreSQL is back
    own_postgres.start()

    # then the same gunicorn worker serves again, and the session survived
    response = admin.get(f"{app.url}/clubs/", timeout=15)
    assert response.status_code == 200
    assert UNAVAILABLE not in response.text
    assert admin.get(f"{app.url}/api/v1/clubs/", timeout=15).status_code == 200
    again = admin.post(password_form, data=form, timeout=15)  # the same form, sent again
    assert again.status_code == 200 and "old_password" in again.text  # its own error, not 503
    assert requests.get(f"{app.url}/healthz", headers=HEALTHZ_HEADERS, timeout=15).json()[
        "database"
    ] == {"status": "ok"}
    assert app.running and set(child_pids(app.process.pid)) == workers
