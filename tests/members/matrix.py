"""Permission expectations for the ground floor: project pages, accounts, admin, members."""

from __future__ import annotations

from members.models import Notification

from ..permission_matrix import LOGIN, REDIRECT, Expect, general_practice, outcomes

AUTO = None  # kwargs filled from the pattern's converters (admin URLs)


def _chair_notification(world) -> dict:
    notification = Notification.objects.create(recipient=world.users["chair"], title="Test")
    return {"pk": notification.pk}


EXPECTATIONS: dict[str, Expect] = {
    "healthz": Expect(outcomes(200, anonymous=200)),
    # accounts (django.contrib.auth)
    "login": Expect(outcomes(200, anonymous=200)),
    "logout": Expect(outcomes(405, anonymous=405)),
    "password_change": Expect(outcomes(200)),
    "password_change_done": Expect(outcomes(200)),
    "password_reset": Expect(outcomes(200, anonymous=200)),
    "password_reset_done": Expect(outcomes(200, anonymous=200)),
    "password_reset_confirm": Expect(
        outcomes(200, anonymous=200), kwargs=lambda world: {"uidb64": "MQ", "token": "x-y"}
    ),
    "password_reset_complete": Expect(outcomes(200, anonymous=200)),
    # the admin site is for superusers only: every role here is sent to the admin login
    "admin:*": Expect(outcomes(REDIRECT, anonymous=REDIRECT), kwargs=AUTO),
    "admin:login": Expect(outcomes(200, anonymous=200)),
    "admin:logout": Expect(outcomes(REDIRECT, anonymous=REDIRECT)),
    # members
    "members:group": Expect(general_practice()),
    "members:directory": Expect(general_practice()),
    "members:profile": Expect(outcomes(200)),
    "members:notifications": Expect(outcomes(200)),
    "members:notifications-read-all": Expect(outcomes(REDIRECT), method="post"),
    "members:notification-read": Expect(
        outcomes(REDIRECT), method="post", kwargs=_chair_notification
    ),
}

assert LOGIN  # re-exported for app matrices that import from here


def _dry_run(world) -> dict:
    from members.models import ImportRun

    return {"pk": ImportRun.objects.create(status="dry_run", map_file="x", patients_file="y").pk}


def _imports(allowed: int | str = 200, **extra) -> dict:
    return outcomes(403, admin_support=allowed, **extra)


EXPECTATIONS.update(
    {
        "members:import-list": Expect(_imports()),
        "members:import-new": Expect(_imports()),
        "members:import-detail": Expect(_imports(), kwargs=_dry_run),
        "members:import-confirm": Expect(_imports(REDIRECT), method="post", kwargs=_dry_run),
    }
)

_AUDIT = outcomes(403, chair=200, admin_support=200)
EXPECTATIONS.update(
    {
        "members:audit-list": Expect(_AUDIT),
        "members:audit-export": Expect(_AUDIT),
    }
)
