from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("รายงาน")

    def ready(self) -> None:
        from config.healthz import health_checks

        # The system checks; the signed records panel of the meeting page; the receivers that
        # ask for signed records on certify/approve.
        from reports import checks, panels, receivers  # noqa: F401

        health_checks.add("report_font", checks.report_font_health)
