from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("รายงาน")

    def ready(self) -> None:
        from config.healthz import health_checks
        from reports import checks  # (registers the system checks)

        health_checks.add("report_font", checks.report_font_health)
