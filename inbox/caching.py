"""The inbox queue's cached reads: one version for all requests, replaced on any change.

Counting 50,000 requests on every view of the queue costs more than the rest of the page,
yet the counts only change when a request does. Each cached value is stored under the
current version, so replacing the version invalidates every value at once; old values
expire on their own. The version is replaced when the change is made (so this process sees
it at once) and again after the transaction commits (so a reader that computed a value from
the data before the commit cannot leave it cached under the new version).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

T = TypeVar("T")

TIMEOUT = 10 * 60  # seconds: bounds what a change made outside the app could leave stale


def _version_key() -> str:
    # Two databases sharing one Redis (the bench's two sizes, a test run) keep apart.
    return f"inbox:queue-version:{connection.settings_dict['NAME']}"


def _replace_version() -> None:
    cache.set(_version_key(), uuid.uuid4().hex, None)


def queue_changed() -> None:
    """Call after any write that changes what the queue counts or shows."""
    _replace_version()
    transaction.on_commit(_replace_version)


def cached(name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """compute() for these parts (and today's date: ages and overdue flags change at
    midnight), kept until the version changes.

    The value is stored with the version it was computed at, so one round trip to the cache
    reads both, and a value computed at an older version is computed again.
    """
    raw = repr((connection.settings_dict["NAME"], timezone.localdate().isoformat(), parts))
    key = f"inbox:{name}:{hashlib.sha256(raw.encode()).hexdigest()[:32]}"
    found = cache.get_many([_version_key(), key])
    version = found.get(_version_key())
    if version is None:  # first use, or evicted: a new version makes every old value stale
        version = uuid.uuid4().hex
        if not cache.add(_version_key(), version, None):
            version = cache.get(_version_key(), version)
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return entry[1]
    value = compute()
    cache.set(key, (version, value), TIMEOUT)
    return value


def _changed(sender, **kwargs) -> None:
    queue_changed()


def connect_signals() -> None:
    """Saves outside the services (admin, factories, other apps) invalidate as well.

    Every service that changes a request records its history, so a saved event also catches
    the conditional updates (`filter(...).update(...)`) that send no post_save. Partner and
    priority names are shown in the queue and matched by its search.
    """
    from members.models import Organisation
    from priorities.models import Priority

    from .models import Request, RequestEvent

    for model in (Request, RequestEvent, Organisation, Priority):
        post_save.connect(_changed, sender=model, dispatch_uid=f"inbox-queue-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"inbox-queue-{model.__name__}")
    m2m_changed.connect(
        _changed, sender=Request.priorities.through, dispatch_uid="inbox-queue-priorities"
    )
