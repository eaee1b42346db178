"""Permission expectations for representation: leads, admin support, representatives, readers."""

from __future__ import annotations

from ..permission_matrix import REDIRECT, Expect, outcomes
from .conftest import make_body, make_lead
from .factories import ActionFactory, AgreementFactory, FeedbackFactory, OccurrenceFactory

# Leadership (seat holders, chair, gatekeeper, admin support) and representatives see it all;
# the practice contact reads feedback summaries only; system partners see nothing.
INSIDERS = outcomes(200, practice_contact=403, system_partner=403)
LEAD_ONLY = outcomes(403, pcn_clinical_director=200)


def _world_with_lead(world) -> dict:
    make_lead(world)
    return {}


def _occurrence(world) -> dict:
    make_lead(world)
    return {"pk": OccurrenceFactory(meeting=make_body(world)).pk}


def _body(world) -> dict:
    make_lead(world)
    return {"pk": make_body(world).pk}


def _feedback(world) -> dict:
    occurrence = OccurrenceFactory(meeting=make_body(world))
    return {
        "pk": FeedbackFactory(occurrence=occurrence, filed_by=world.people["representative"]).pk
    }


def _outside_agreement(world) -> dict:
    make_lead(world)
    return {"pk": AgreementFactory(mandate_status="outside").pk}


def _action(world) -> dict:
    make_lead(world)
    return {"pk": ActionFactory(owner=world.people["representative"]).pk}


def _representative(world) -> dict:
    make_lead(world)
    make_body(world)
    return {"pk": world.people["representative"].pk}


EXPECTATIONS: dict[str, Expect] = {
    "representation:overview": Expect(outcomes(200, system_partner=403), kwargs=_world_with_lead),
    "representation:body-list": Expect(INSIDERS),
    "representation:body-create": Expect(
        outcomes(403, pcn_clinical_director=200, admin_support=200), kwargs=_world_with_lead
    ),
    "representation:body-detail": Expect(INSIDERS, kwargs=_body),
    "representation:body-representatives": Expect(
        outcomes(403, pcn_clinical_director=REDIRECT, admin_support=REDIRECT),
        kwargs=_body,
        method="post",
        data=lambda world: {"representatives": [world.people["representative"].pk]},
    ),
    "representation:briefing": Expect(INSIDERS, kwargs=_occurrence),
    "representation:briefing-confirm": Expect(
        outcomes(403, representative=REDIRECT), kwargs=_occurrence, method="post"
    ),
    "representation:feedback-create": Expect(outcomes(403, representative=200), kwargs=_occurrence),
    "representation:feedback-list": Expect(outcomes(200, system_partner=403)),
    "representation:feedback-detail": Expect(outcomes(200, system_partner=403), kwargs=_feedback),
    "representation:for-group": Expect(INSIDERS),
    "representation:agreement-offer": Expect(
        outcomes(403, pcn_clinical_director=REDIRECT), kwargs=_outside_agreement, method="post"
    ),
    "representation:action-list": Expect(INSIDERS),
    "representation:action-update": Expect(
        outcomes(
            403, pcn_clinical_director=REDIRECT, admin_support=REDIRECT, representative=REDIRECT
        ),
        kwargs=_action,
        method="post",
        data=lambda world: {"status": "in_progress"},
    ),
    "representation:action-chase": Expect(
        outcomes(403, pcn_clinical_director=REDIRECT, admin_support=REDIRECT),
        kwargs=_action,
        method="post",
    ),
    "representation:review-list": Expect(LEAD_ONLY, kwargs=_world_with_lead),
    "representation:review-history": Expect(LEAD_ONLY, kwargs=_representative),
}


def _occurrence_with_papers(world) -> dict:
    from django.core.files.base import ContentFile

    from representation.models import Occurrence

    occurrence = Occurrence.objects.get(pk=_occurrence(world)["pk"])
    occurrence.papers_file.save("papers.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return {"pk": occurrence.pk}


EXPECTATIONS["representation:occurrence-papers"] = Expect(INSIDERS, kwargs=_occurrence_with_papers)
