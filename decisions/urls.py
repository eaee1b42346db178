"""URLs of decisions (mounted at the site root, so every route carries its own prefix)."""

from django.urls import path

from .views import decisions as d
from .views import meetings as m

app_name = "decisions"

urlpatterns = [
    path("meetings/", m.meeting_list, name="meeting-list"),
    path("meetings/new/", m.meeting_create, name="meeting-create"),
    path("meetings.ics", m.meeting_calendar, name="meeting-calendar"),
    path("meetings/<int:pk>/", m.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", m.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/print/", m.meeting_print, name="meeting-print"),
    path("meetings/<int:pk>/attendance/", m.attendance_record, name="attendance-record"),
    path("meetings/<int:pk>/items/new/", m.agenda_item_add, name="agenda-item-add"),
    path("agenda-items/<int:pk>/edit/", m.agenda_item_edit, name="agenda-item-edit"),
    path("agenda-items/<int:pk>/move/", m.agenda_item_move, name="agenda-item-move"),
    path("agenda-items/<int:pk>/accept/", m.agenda_item_accept, name="agenda-item-accept"),
    path("agenda-items/<int:pk>/notes/", m.agenda_item_notes, name="agenda-item-notes"),
    path("agenda-items/<int:pk>/papers/new/", m.agenda_paper_add, name="agenda-paper-add"),
    path("papers/<int:pk>/download/", m.agenda_paper_download, name="agenda-paper-download"),
    path("decisions/", d.decision_list, name="decision-list"),
    path("decisions/export.csv", d.decision_export, name="decision-export"),
    path("decisions/new/", d.decision_create, name="decision-create"),
    path("decisions/acknowledge/<str:token>/", d.acknowledge_link, name="acknowledge-link"),
    path("decisions/<int:pk>/", d.decision_detail, name="decision-detail"),
    path("decisions/<int:pk>/waiting/", d.decision_waiting, name="decision-waiting"),
    path("decisions/<int:pk>/positions/<int:seat_id>/", d.position_record, name="position-record"),
    path("decisions/<int:pk>/agree/", d.decision_agree, name="decision-agree"),
    path("decisions/<int:pk>/rounds/new/", d.decision_round_new, name="decision-round-new"),
    path("decisions/<int:pk>/park/", d.decision_park, name="decision-park"),
    path("decisions/<int:pk>/withdraw/", d.decision_withdraw, name="decision-withdraw"),
    path("decisions/<int:pk>/publish/", d.decision_publish, name="decision-publish"),
    path("decisions/<int:pk>/acknowledge/", d.decision_acknowledge, name="decision-acknowledge"),
    path("decisions/<int:pk>/commitments/new/", d.commitment_add, name="commitment-add"),
    path("commitments/", d.commitment_list, name="commitment-list"),
    path("commitments/<int:pk>/status/", d.commitment_status, name="commitment-status"),
]
