"""URLs of home (mounted at the site root; "/" itself is the project's "home" URL)."""

from django.urls import path

from . import views

app_name = "home"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/<slug:chart>.csv", views.dashboard_csv, name="dashboard-csv"),
    path("digest/preview/", views.digest_preview, name="digest-preview"),
]
