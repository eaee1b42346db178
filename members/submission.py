"""What a form is bound to: the submission on a POST, even an empty one, and nothing on a GET.

`request.POST or None` reads an empty POST as "no submission", so the page answered 422 with no
message on any field; binding by method gives the form its "This field is required." messages.
"""

from __future__ import annotations

from django.http import HttpRequest


def form_data(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def form_files(request: HttpRequest):
    return request.FILES if request.method == "POST" else None
