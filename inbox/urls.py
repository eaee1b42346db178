"""URLs of inbox (mounted at /requests/)."""

from django.urls import path

from . import triage, views

app_name = "inbox"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.request_new, name="request-new"),
    path("sent/", views.request_sent, name="request-sent"),
    path("log/", views.request_log, name="request-log"),
    path("mine/", views.mine, name="mine"),
    path("track/<str:token>/", views.track, name="track"),
    path("<int:pk>/", views.request_detail, name="request-detail"),
    path("<int:pk>/triage/", triage.request_triage, name="request-triage"),
    path("<int:pk>/posted/", views.request_message_posted, name="request-posted"),
    path("<int:pk>/close/", views.request_close, name="request-close"),
    path("<int:pk>/reopen/", views.request_reopen, name="request-reopen"),
    path("<int:pk>/link/", views.request_link, name="request-link"),
    path("<int:pk>/unlink/", views.request_unlink, name="request-unlink"),
    path("<int:pk>/paper/", views.paper, name="paper"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("partners/<int:pk>/", views.partner, name="partner"),
]
