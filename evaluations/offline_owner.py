"""Whose phone storage is whose: the key that separates one evaluator's offline pages,
queued sheets and drafts from the next user's on a shared phone.

The key is an HMAC of the user's id under the project's SECRET_KEY with a fixed salt:
the same on every login of the same user (so unsent work of theirs is found again),
different for every user, and meaningless outside this server. It is never the
password, the session id or the raw id.

The server names the owner in two places: ``<meta name="offline-user">`` on every page
(read by static/src/evaluations/shared_phone.js and offline.js; empty when nobody is
signed in), and the ``X-Offline-User`` header of the pages meant to work offline, which
the service worker (templates/evaluations/sw.js) needs before it keeps a copy."""

from functools import wraps

from django.utils.crypto import salted_hmac

OFFLINE_USER_HEADER = "X-Offline-User"
_SALT = "evaluations.offline_owner.user-key"


def offline_user_key(user) -> str:
    """The owner key of ``user``'s offline storage; empty for an anonymous user."""
    if user is None or not user.is_authenticated:
        return ""
    return salted_hmac(_SALT, str(user.pk), algorithm="sha256").hexdigest()[:32]


def kept_offline(view):
    """Mark a page as meant for offline use by its owner.

    It may be stored (``private, no-cache``: never by a shared cache, always revalidated
    when online) and it names its owner, so the service worker keeps it in that user's
    cache only. Every other page is left as it is, and the service worker keeps no copy of
    a page without the header or with ``no-store``."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        key = offline_user_key(getattr(request, "user", None))
        if key and response.status_code == 200:
            response["Cache-Control"] = "private, no-cache"
            response[OFFLINE_USER_HEADER] = key
        else:
            response["Cache-Control"] = "private, no-store"
        return response

    return wrapper


def offline_user(request) -> dict:
    """Template context: the owner key for the page's meta tag."""
    return {"offline_user_key": offline_user_key(getattr(request, "user", None))}
