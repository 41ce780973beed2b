"""The system check that stops ``manage.py check`` / ``migrate`` on a WeasyPrint the
Thai typography hooks were not written for."""

import pytest
import weasyprint
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from reports.checks import weasyprint_version_check
from reports.pdf import thai_typography


def test_the_installed_weasyprint_passes():
    assert weasyprint.__version__.startswith("70.")
    assert weasyprint_version_check(None) == []
    call_command("check", "--fail-level", "ERROR")


@pytest.mark.django_db
@pytest.mark.parametrize("version", ["69.0", "71.0", "7.0"])
def test_another_weasyprint_stops_manage_py(monkeypatch, version):
    monkeypatch.setattr(weasyprint, "__version__", version)
    [error] = weasyprint_version_check(None)
    assert error.id == "reports.E001" and version in error.msg and "70.x" in error.msg
    with pytest.raises(SystemCheckError, match="reports.E001"):
        call_command("check")
    with pytest.raises(SystemCheckError, match="reports.E001"):
        # call_command skips system checks unless told not to; manage.py migrate runs them.
        call_command("migrate", "--check", skip_checks=False, interactive=False, verbosity=0)


def test_the_hooks_refuse_to_install_on_another_weasyprint(monkeypatch):
    monkeypatch.setattr(weasyprint, "__version__", "69.0")
    monkeypatch.setattr(thai_typography, "_installed", False)
    with pytest.raises(ImproperlyConfigured, match="70.x"):
        thai_typography.install()
