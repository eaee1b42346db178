"""The project's URLs: each app under its own prefix."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from home import views as home_views
from members import views as member_views

admin.site.site_header = "gpleadership administration"

urlpatterns = [
    path("", home_views.home, name="home"),
    path("healthz", member_views.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("members.urls")),
    path("requests/", include("inbox.urls")),
    path("", include("decisions.urls")),
    path("priorities/", include("priorities.urls")),
    path("representation/", include("representation.urls")),
    path("", include("home.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
