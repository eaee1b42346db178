"""Deployment settings and security headers: check --deploy, CSP, cookies, no inline script."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-key-of-more-than-fifty-characters-1234",
    "HTTPS": "true",
    "ALLOWED_HOSTS": "gpleadership.example.nhs.uk",
}


def test_check_deploy_is_clean_with_production_settings():
    skip = {"DEBUG", "TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # test-only settings
    env = {k: v for k, v in os.environ.items() if k not in skip}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**env, **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_https_settings_send_hsts_and_secure_httponly_cookies(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"]
    from tests.world import build_world

    world = build_world()
    client.force_login(world.users["chair"], backend="django.contrib.auth.backends.ModelBackend")
    session = client.get(reverse("members:group"), secure=True).wsgi_request
    assert session.user.is_authenticated
    assert settings.SESSION_COOKIE_HTTPONLY


def test_no_template_has_an_inline_script_style_or_handler():
    offenders = []
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts or "node_modules" in path.parts:
            continue
        text = path.read_text()
        for pattern in (
            r"<script(?![^>]*\bsrc=)[^>]*>",
            r"<style",
            r"\sstyle=\"",
            r"\son[a-z]+=\"",
        ):
            if re.search(pattern, text):
                offenders.append(f"{path.relative_to(ROOT)}: {pattern}")
    assert offenders == []
