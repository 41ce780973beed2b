from django.apps import AppConfig


class ThaiConfig(AppConfig):
    """Thai dates, numbers, the fiscal year, form fields, words and template tags.

    An app only so that its template tags load; it has no models and imports no
    other app of the project.
    """

    name = "thai"
    verbose_name = "ภาษาไทย"
