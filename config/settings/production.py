"""Production: every secret from the environment, no defaults for them."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import HEALTHZ_TOKEN, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
if not SECURE_HSTS_PRELOAD:
    # A deliberate choice of the operator (a shared parent domain, say), not an oversight.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

if HEALTHZ_TOKEN and len(HEALTHZ_TOKEN) < 32:
    # It opens the health details (host names) to whoever holds it: not a word to guess.
    raise ImproperlyConfigured("HEALTHZ_TOKEN: use at least 32 random characters, or none")
