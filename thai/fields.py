"""A model field for a Buddhist-era year: stored as written (2568, never 2025), checked
by ``thai.fiscal_year.parse_fiscal_year``, typed in a ``FiscalYearField``."""

from django.db import models

from thai.fiscal_year import validate_be_year
from thai.forms import FiscalYearField


class BuddhistYearField(models.PositiveSmallIntegerField):
    default_validators = [validate_be_year]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": FiscalYearField, "initial": None, **kwargs})
