"""URLs of members."""

from django.urls import path

from . import views, views_audit, views_imports

app_name = "members"

urlpatterns = [
    path("group/", views.group, name="group"),
    path("organisations/", views.directory, name="directory"),
    path("profile/", views.profile, name="profile"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read_all, name="notifications-read-all"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification-read"),
    path("audit/", views_audit.audit_list, name="audit-list"),
    path("audit/export.csv", views_audit.audit_export, name="audit-export"),
    path("organisations/imports/", views_imports.import_list, name="import-list"),
    path("organisations/imports/new/", views_imports.import_new, name="import-new"),
    path("organisations/imports/<int:pk>/", views_imports.import_detail, name="import-detail"),
    path(
        "organisations/imports/<int:pk>/confirm/",
        views_imports.import_confirm_view,
        name="import-confirm",
    ),
]
