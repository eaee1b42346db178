"""URLs of members."""

from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("group/", views.group, name="group"),
    path("organisations/", views.directory, name="directory"),
    path("profile/", views.profile, name="profile"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read_all, name="notifications-read-all"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification-read"),
]
