from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The top floor: what reads every other app (backups of all their data)."""

    name = "portal"
    verbose_name = _("พอร์ทัล")
