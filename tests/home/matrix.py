"""Permission expectations of home: everyone's home page, the leadership's dashboard, the digest."""

from __future__ import annotations

from ..permission_matrix import Expect, outcomes

NOT_LEADERSHIP = {"practice_contact": 403, "representative": 403, "system_partner": 403}

EXPECTATIONS: dict[str, Expect] = {
    "home": Expect(outcomes(200)),
    "home:dashboard": Expect(outcomes(200, **NOT_LEADERSHIP)),
    "home:dashboard-csv": Expect(
        outcomes(200, **NOT_LEADERSHIP), kwargs=lambda world: {"chart": "requests-by-route"}
    ),
    "home:digest-preview": Expect(outcomes(200, representative=403, system_partner=403)),
}
