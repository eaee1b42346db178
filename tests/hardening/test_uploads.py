"""Uploads: the type comes from the content, files live outside any URL and come back only
through access-checked views, as attachments that browsers may not sniff."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inbox.models import Request
from members.uploads import check_upload, private_storage

from ..inbox.test_views import NEW, form_data

pytestmark = pytest.mark.django_db


def _docx(inflated: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * inflated)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("minutes.pdf", b"<!DOCTYPE html><script>alert(1)</script>", "not a real PDF file"),
        ("report.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, "is a program"),
        ("notes.txt", b"\x7fELF\x02\x01\x01" + b"\x00" * 50, "is a program"),
        ("notes.txt", b"<html><body>hello</body></html>", "not a plain text file"),
        ("bomb.docx", _docx(50 * 1024 * 1024), "unpacks to far more than its size"),
        ("fake.docx", b"PK\x03\x04 not really a zip", "damaged Word file"),
        ("tool.exe", b"MZ", "not a file type we accept"),
    ],
)
def test_bad_files_are_refused_with_a_message(name, content, message):
    with pytest.raises(ValidationError, match=message):
        check_upload(SimpleUploadedFile(name, content))


def test_a_real_docx_passes():
    check_upload(SimpleUploadedFile("paper.docx", _docx(2000)))


def test_a_100_mb_file_through_the_public_form_is_refused_with_a_message(client, world):
    big = SimpleUploadedFile("huge.pdf", b"%PDF-1.4\n" + b"0" * (100 * 1024 * 1024))
    response = client.post(NEW, form_data(world, attachments=[big]))
    assert response.status_code == 422
    assert "each file must be 10 MB or smaller" in response.content.decode()
    assert not Request.objects.exists()


def test_an_html_file_renamed_pdf_is_refused_by_the_public_form(client, world):
    fake = SimpleUploadedFile("paper.pdf", b"<html><script>steal()</script></html>")
    response = client.post(NEW, form_data(world, attachments=[fake]))
    assert response.status_code == 422
    assert "not a real PDF file" in response.content.decode()


def test_uploads_are_stored_outside_the_static_and_media_url_space(settings):
    from pathlib import Path

    location = Path(private_storage.location).resolve()
    assert not str(location).startswith(str(Path(settings.MEDIA_ROOT).resolve()))
    assert not str(location).startswith(str(Path(settings.STATIC_ROOT).resolve()))
    with pytest.raises(ValueError, match="no URL"):
        private_storage.url("anything.pdf")
    for model, field in [
        ("inbox.RequestAttachment", "file"),
        ("decisions.AgendaPaper", "file"),
        ("representation.Occurrence", "papers_file"),
    ]:
        from django.apps import apps

        assert apps.get_model(model)._meta.get_field(field).storage is private_storage


def test_a_paper_is_served_as_an_attachment_only_to_those_who_may_see_it(world, login):
    from tests.decisions.matrix import _paper

    url = reverse("decisions:agenda-paper-download", kwargs=_paper(world))
    response = login(world.users["chair"]).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert login(world.users["system_partner"]).get(url).status_code == 403
