"""Refuse query strings carrying NUL bytes: no database stores them, no page needs them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBadRequest


class RefuseNulBytesMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if any("\x00" in key or "\x00" in value for key, value in request.GET.items()):
            return HttpResponseBadRequest("The address contains a character that is not allowed.")
        return self.get_response(request)
