"""System checks of the report pipeline (run by ``manage.py check``, ``migrate`` and runserver)."""

from django.core.checks import Error, Tags, register


@register(Tags.compatibility)
def weasyprint_version_check(app_configs, **kwargs):
    # The Thai typography hooks patch WeasyPrint internals of one major version; on
    # another they may silently give wrong line breaks or a wrong text layer, and
    # only 70+ keeps the restricted URL fetcher in write_pdf (GHSA-jf6q-chmf-3h3v).
    from reports.pdf import thai_typography

    problem = thai_typography.unsupported_weasyprint()
    if problem is None:
        return []
    return [
        Error(
            problem,
            hint="pip install 'weasyprint>=70,<71' (pyproject.toml pins it).",
            id="reports.E001",
        )
    ]


def report_font_health() -> dict:
    """/healthz's part for the PDFs: the report font, named, found or not."""
    from reports.pdf import thai_typography

    problem = thai_typography.font_problem()
    if problem is None:
        return {"status": "ok", "font": thai_typography.FONT_FAMILY}
    return {"status": "error", "font": thai_typography.FONT_FAMILY, "reason": problem}
