"""Production settings and the browser's protections: `check --deploy` is clean, every
response carries the security headers and a Content-Security-Policy with no inline
code, templates hold nothing that policy would block, the admin site is not at
/admin/, and uploaded files are never served from a public /media/ URL."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

BASE_DIR = Path(settings.BASE_DIR)
TEMPLATES = BASE_DIR / "templates"


def test_check_deploy_reports_nothing_with_production_settings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "k7#Qv2!pZr9@Lm4$Tx8^Wb3&Yn6*Hc1(Jd5)Fs0-Ge7+Ua2=Ro9_Ei4",
        "DATABASE_URL": "postgres://portal@127.0.0.1:5432/monitor",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "ALLOWED_HOSTS": "monitor.province.go.th",
        "PYTHONPATH": str(BASE_DIR),
    }
    env.pop("SECURE_HSTS_PRELOAD", None)

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_its_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production",
           "ALLOWED_HOSTS": "monitor.province.go.th", "PYTHONPATH": str(BASE_DIR)}  # fmt: skip
    env.pop("SECRET_KEY", None)

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/privacy/", "/healthz", "/api/docs/"])
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)

    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_production_cookies_are_secure_and_https_is_enforced():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production",
           "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "monitor.province.go.th",
           "PYTHONPATH": str(BASE_DIR)}  # fmt: skip
    script = (
        "import django;django.setup();from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.DEBUG)"
    )

    result = subprocess.run([sys.executable, "-c", script], cwd=BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip

    assert result.stdout.split() == ["True"] * 6 + ["False"], result.stderr


# Under script-src 'self' and style-src 'self' none of these would run or apply.
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"),
    "style element": re.compile(r"<style\b"),
    "style attribute": re.compile(r"\sstyle=\""),
    "event handler": re.compile(r"\son[a-z]+=\""),
    "htmx hx-on (eval)": re.compile(r"\shx-on[:-]"),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def test_templates_hold_no_inline_code_or_style():
    found = []
    for path in TEMPLATES.rglob("*.html"):
        if "pdf" in path.relative_to(TEMPLATES).parts:
            continue  # rendered by WeasyPrint, never by a browser
        text = path.read_text(encoding="utf-8")
        for what, pattern in INLINE.items():
            if pattern.search(text):
                found.append(f"{path.relative_to(TEMPLATES)}: {what}")
    assert found == []


def test_htmx_may_neither_eval_nor_inject_its_style(client, db):
    text = client.get(reverse("accounts:login")).text

    assert '"includeIndicatorStyles": false' in text
    assert '"allowEval": false' in text


def test_admin_site_is_not_at_admin(client, admin_user):
    client.force_login(admin_user)

    assert reverse("admin:index") != "/admin/"
    assert client.get("/admin/").status_code == 404
    assert client.get(reverse("admin:index")).status_code == 200


def test_uploaded_files_are_not_served_at_media_url(client, admin_user):
    name = default_storage.save("meeting-attachments/secret.pdf", ContentFile(b"%PDF-1.4 x"))
    try:
        client.force_login(admin_user)
        response = client.get(settings.MEDIA_URL + name)
    finally:
        default_storage.delete(name)

    assert response.status_code == 404
