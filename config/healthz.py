"""/healthz: the state of the database, the cache, the broker, the worker and the file
storage, as JSON.

Apps above ``config`` add checks of their own to ``health_checks`` (``reports``: the
PDF font), so this module never imports them.

Used by monitoring and by docker-compose health checks: 200 when everything is ok,
503 otherwise. Anyone gets only that ({"status": "ok"} or "error"): the parts, their
errors and the worker names (which carry host names) are for staff signed in, or for
monitoring sending ``Authorization: Bearer <HEALTHZ_TOKEN>``.
"""

import hmac
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.celery_app import app as celery_app
from core.registry import Registry

WORKER_PING_TIMEOUT = 1.0

# name → a function giving {"status": "ok" | "error", ...}, as the checks below
health_checks: Registry[Callable[[], dict]] = Registry("healthz checks")


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"status": "ok"}
    except Exception as error:  # any failure is a state to report, not to raise
        return {"status": "error", "reason": str(error).strip() or error.__class__.__name__}


def check_cache() -> dict:
    """The Redis cache; the portal works without it, but monitoring must know."""
    ping = getattr(cache, "ping", None)
    if ping is None:  # the embedded file cache of `make run` has no server to lose
        return {"status": "ok"}
    try:
        ping()
        return {"status": "ok"}
    except Exception as error:
        return {"status": "error", "reason": str(error).strip() or error.__class__.__name__}


def check_broker() -> dict:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return {"status": "ok"}
    except Exception as error:
        return {"status": "error", "reason": str(error).strip() or error.__class__.__name__}


def check_worker() -> dict:
    try:
        replies = celery_app.control.ping(timeout=WORKER_PING_TIMEOUT)
    except Exception as error:
        return {"status": "error", "reason": str(error).strip() or error.__class__.__name__}
    if not replies:
        return {"status": "error", "reason": "no worker answered within 1 s"}
    return {"status": "ok", "workers": sorted(name for reply in replies for name in reply)}


def check_storage() -> dict:
    """The object store, when files are in one (several machines): an instance that
    cannot reach its bucket could make no report and serve no download. A folder has
    nothing to lose but the disk, which the database check shares."""
    storage = storages["default"]
    bucket = getattr(storage, "bucket_name", None)
    if bucket is None:
        return {"status": "ok"}
    try:
        storage.connection.meta.client.head_bucket(Bucket=bucket)
        return {"status": "ok"}
    except Exception as error:
        return {"status": "error", "reason": str(error).strip() or error.__class__.__name__}


def may_see_details(request) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_active and (user.is_staff or user.is_superuser):
        return True
    expected = settings.HEALTHZ_TOKEN
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if not expected or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), expected.encode())


@never_cache
@require_GET
def healthz(request):
    checks = {"database": check_database(), "cache": check_cache(), "broker": check_broker()}
    if checks["broker"]["status"] == "ok":
        checks["worker"] = check_worker()
    else:
        checks["worker"] = {"status": "error", "reason": "broker unavailable"}
    checks["storage"] = check_storage()
    for name, check in health_checks.items():
        checks[name] = check()
    healthy = all(check["status"] == "ok" for check in checks.values())
    body = {"status": "ok" if healthy else "error"}
    if may_see_details(request):
        body.update(checks)
    return JsonResponse(body, status=200 if healthy else 503)
