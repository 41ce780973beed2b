"""A Redis cache that keeps the portal working while Redis is down.

Nothing the portal needs lives only in the cache (sessions and django-axes' login
failures are in the database); the cache holds the API's rate-limit counters. So
when Redis is unreachable a read is a miss and a write is dropped, with a warning
in the log, instead of a 500 on every page. /healthz still reports Redis down
through ``ping()``, which raises.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError)


def _degrades_to(fallback):
    """Run the cache operation; on a connection error log it and return ``fallback(args)``."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as error:
                logger.warning("cache %s skipped, Redis is unreachable: %s", method.__name__, error)
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


def _default(key, default=None, *args, **kwargs):
    return default


def _false(*args, **kwargs):
    return False


def _none(*args, **kwargs):
    return None


def _no_keys(*args, **kwargs):
    return {}


def _all_keys_failed(data, *args, **kwargs):
    return list(data)


def _not_stored(key, *args, **kwargs):
    # What RedisCache.incr says about a key it does not have.
    raise ValueError(f"Key '{key}' not found (Redis is unreachable).")


class ResilientRedisCache(RedisCache):
    get = _degrades_to(_default)(RedisCache.get)
    get_many = _degrades_to(_no_keys)(RedisCache.get_many)
    has_key = _degrades_to(_false)(RedisCache.has_key)
    add = _degrades_to(_false)(RedisCache.add)
    set = _degrades_to(_none)(RedisCache.set)
    set_many = _degrades_to(_all_keys_failed)(RedisCache.set_many)
    touch = _degrades_to(_false)(RedisCache.touch)
    delete = _degrades_to(_false)(RedisCache.delete)
    delete_many = _degrades_to(_none)(RedisCache.delete_many)
    incr = _degrades_to(_not_stored)(RedisCache.incr)
    clear = _degrades_to(_false)(RedisCache.clear)

    def ping(self) -> None:
        """Raise when Redis does not answer (for /healthz)."""
        self._cache.get_client(write=True).ping()
