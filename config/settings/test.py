"""`make test`: the real services, PostgreSQL and Redis on 127.0.0.1 by default.

pytest-django creates the test database (``test_<name>``) itself. ``TEST_DATABASE=sqlite``
runs the tests on the embedded default instead (SQLite with ``make run``'s options), in
``var/<TEST_DATABASE_NAME>.sqlite3``.
"""

from pathlib import Path

from .base import *  # noqa: F403
from .base import AWS_STORAGE_BUCKET_NAME, BASE_DIR, env, with_sqlite_options

TEST_DATABASE_NAME = env("TEST_DATABASE_NAME", default="test_monitor")
if env("TEST_DATABASE", default="postgresql") == "sqlite":
    # `make run`'s embedded default, with its options, in a file of its own under var/.
    DATABASES = {
        "default": with_sqlite_options(
            env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'monitor.sqlite3'}")
        )
    }
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"{TEST_DATABASE_NAME}.sqlite3")}
else:
    DATABASES = {
        "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/monitor"),
    }
    DATABASES["default"]["TEST"] = {"NAME": TEST_DATABASE_NAME}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Persistent connections when asked (tests/faults restart PostgreSQL under them).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)

# Database 15 keeps test keys away from a developer's own Redis data.
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/15")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60}
CACHES = {
    "default": {
        "BACKEND": "config.redis_cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "test",
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}

MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "test-media")))
if not AWS_STORAGE_BUCKET_NAME:  # the object store of tests/faults/test_multi_instance.py
    STORAGES = {  # noqa: F405
        **STORAGES,  # noqa: F405
        "backups": {
            **STORAGES["backups"],  # noqa: F405
            "OPTIONS": {
                "location": env("BACKUP_LOCATION", default=str(BASE_DIR / "var" / "test-backups"))
            },
        },
    }
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECRET_KEY = "test-only-secret-key"
# The servers of tests/faults run these settings too and read /healthz's details.
HEALTHZ_TOKEN = env("HEALTHZ_TOKEN", default="test-healthz-token")
