"""The product's URLs plus the bare view the inbox is compared with (benchmark only)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from gpleadership.urls import urlpatterns as product_urlpatterns

BARE_PAGE = b"<!doctype html><title>Bare</title><p>A fixed page after authentication.</p>"


@login_required
def bare(request: HttpRequest) -> HttpResponse:
    """The least a Django view can do for a signed-in user: the session, the user, a page."""
    return HttpResponse(BARE_PAGE)


urlpatterns = [path("bench/bare/", bare, name="bench-bare"), *product_urlpatterns]
