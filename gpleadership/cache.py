"""A Redis cache that keeps the site up when Redis is not: a miss instead of an error.

Only the rate limits use the cache; while Redis is away they allow rather than break the page
(the outage is logged and /healthz reports it).
"""

from __future__ import annotations

import logging
from functools import wraps

import redis
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)


def _forgiving(default):
    def decorate(method):
        @wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except (redis.ConnectionError, redis.TimeoutError) as error:
                logger.warning("Cache unavailable (%s): %s", method.__name__, error)
                return default(*args, **kwargs) if callable(default) else default

        return wrapper

    return decorate


class ResilientRedisCache(RedisCache):
    get = _forgiving(lambda key, default=None, version=None: default)(RedisCache.get)
    get_many = _forgiving({})(RedisCache.get_many)
    set = _forgiving(None)(RedisCache.set)
    add = _forgiving(False)(RedisCache.add)
    incr = _forgiving(lambda key, delta=1, version=None: delta)(RedisCache.incr)
    delete = _forgiving(False)(RedisCache.delete)
    touch = _forgiving(False)(RedisCache.touch)
    has_key = _forgiving(False)(RedisCache.has_key)
    clear = _forgiving(None)(RedisCache.clear)
