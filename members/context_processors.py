"""Template context: the signed-in user's roles, navigation and unread notification count."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .access import roles_for
from .models import Notification
from .navigation import account_urls, nav_items


def roles(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"roles": roles_for(None), "unread_notifications": 0, "nav": []}
    return {
        "roles": SimpleLazyObject(lambda: roles_for(user)),
        "account_urls": account_urls(),
        "nav": SimpleLazyObject(lambda: nav_items(roles_for(user), request.path)),
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.unread().filter(recipient=user).count()
        ),
    }
