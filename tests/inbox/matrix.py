"""Permission expectations of the inbox: who may open each page of the single point of access."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from inbox.models import DeclineReason, RequestAttachment, Route, Status

from ..permission_matrix import LOGIN, REDIRECT, Expect, general_practice, outcomes
from .factories import PaperRecipientFactory, SystemRequestFactory

INBOX = {"gatekeeper": 200, "chair": 200}
GATEKEEPER_ONLY = outcomes(403, gatekeeper=REDIRECT)


def _request(world) -> dict:
    return {"pk": SystemRequestFactory(partner=world.icb).pk}


def _logged_request(world) -> dict:
    logged = SystemRequestFactory(
        partner=world.icb, logged_by=world.users["practice_contact"], approached_via=world.practice
    )
    return {"pk": logged.pk}


def _closed_request(world) -> dict:
    closed = SystemRequestFactory(
        partner=world.icb,
        status=Status.CLOSED,
        route=Route.DECLINED,
        decline_reason=DeclineReason.OTHER,
        closed_at=timezone.now(),
    )
    return {"pk": closed.pk}


def _token(world) -> dict:
    return {"token": SystemRequestFactory(partner=world.icb).token}


def _paper(world) -> dict:
    recipient = PaperRecipientFactory(
        request__partner=world.icb, person=world.people["pcn_clinical_director"]
    )
    return {"pk": recipient.request_id}


def _attachment(world) -> dict:
    item = SystemRequestFactory(partner=world.icb)
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    attached = RequestAttachment.objects.create(request=item, file=upload, name="plan.pdf", size=13)
    return {"pk": item.pk, "attachment_id": attached.pk}


EXPECTATIONS: dict[str, Expect] = {
    "inbox:queue": Expect(outcomes(403, **INBOX)),
    "inbox:request-new": Expect(outcomes(200, anonymous=200)),
    "inbox:request-sent": Expect(outcomes(200, anonymous=200)),
    "inbox:track": Expect(outcomes(200, anonymous=200), kwargs=_token),
    "inbox:request-log": Expect(general_practice()),
    "inbox:mine": Expect(general_practice()),
    "inbox:request-detail": Expect(
        outcomes(403, practice_contact=200, **INBOX), kwargs=_logged_request
    ),
    "inbox:attachment": Expect(outcomes(403, **INBOX), kwargs=_attachment),
    "inbox:partner": Expect(outcomes(403, **INBOX), kwargs=lambda world: {"pk": world.icb.pk}),
    "inbox:paper": Expect(outcomes(403, pcn_clinical_director=200, **INBOX), kwargs=_paper),
    # Writes: only a gatekeeper; an empty triage form comes back as 422.
    "inbox:request-triage": Expect(outcomes(403, gatekeeper=422), method="post", kwargs=_request),
    "inbox:request-posted": Expect(GATEKEEPER_ONLY, method="post", kwargs=_request),
    "inbox:request-close": Expect(GATEKEEPER_ONLY, method="post", kwargs=_request),
    "inbox:request-reopen": Expect(GATEKEEPER_ONLY, method="post", kwargs=_closed_request),
    "inbox:request-link": Expect(GATEKEEPER_ONLY, method="post", kwargs=_request),
    "inbox:request-unlink": Expect(GATEKEEPER_ONLY, method="post", kwargs=_request),
}

assert LOGIN
