from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("การตรวจประเมิน")

    def ready(self):
        from evaluations import panels  # noqa: F401  (adds the results panel to the club page)
