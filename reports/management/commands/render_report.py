"""Render a report synchronously, through the same code as the Celery task.

python manage.py render_report provincial_summary --province 48 --fiscal-year 2568 -o out.pdf
python manage.py render_report minutes --meeting 12 --thai-digits -o minutes.pdf

Certified minutes are written as their signed record (PDF/A-3b, PAdES), byte for byte.

Each kind declares the parameters it reads (``needs_province``, ``needs_fiscal_year``
and the fields of ``extra_form_fields``); every one of them is a flag here.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reports import services
from reports.kinds import registry
from reports.models import ReportStatus


def _kind_options() -> dict[str, list[str]]:
    """Each kind's own parameter names, and the kinds that read each."""
    options: dict[str, list[str]] = {}
    for kind in registry:
        for name in kind.extra_form_fields(user=None):
            options.setdefault(name, []).append(kind.key)
    return options


class Command(BaseCommand):
    help = "Render a report (PDF) synchronously, as the worker would."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[kind.key for kind in registry])
        parser.add_argument("--province", help="province code, e.g. 48")
        parser.add_argument("--fiscal-year", type=int, help="fiscal year, Buddhist era")
        for name, kinds in _kind_options().items():
            parser.add_argument(f"--{name.replace('_', '-')}", help=f"for: {', '.join(kinds)}")
        parser.add_argument("--thai-digits", action="store_true", help="Thai digits ๐–๙")
        parser.add_argument("-o", "--output", required=True, help="where to write the PDF")

    def handle(self, *args, **options):
        kind = registry[options["kind"]]
        raw = {
            "province": options["province"],
            "fiscal_year": options["fiscal_year"],
            "thai_digits": options["thai_digits"],
            **{name: options[name] for name in kind.extra_form_fields(user=None)},
        }
        try:
            parameters = kind.clean_parameters(raw, user=None)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        job = services.report_job_create(kind=kind.key, parameters=parameters, user=None)
        try:
            job = services.report_job_run(job_id=job.pk)
        except services.SignedRecordPending as error:
            # Certified minutes are their signed record, which the worker makes.
            raise CommandError(
                f"{error}: python manage.py signed_records_make --now, then ask again"
            ) from error
        if job is None or job.status != ReportStatus.DONE:
            raise CommandError(job.error if job else "the job vanished")
        output = Path(options["output"])
        with job.file.open("rb") as source:
            output.write_bytes(source.read())
        self.stdout.write(
            f"{output}: {job.page_count} pages, {job.size} bytes, sha256 {job.checksum}, "
            f"{job.duration_seconds:.2f} s (job #{job.pk})"
        )
