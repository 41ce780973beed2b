from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reports.kinds import registry
from reports.models import ReportJob


class ReportJobSerializer(serializers.ModelSerializer):
    """A report job as its requester follows it: status, progress and, once done, the file."""

    title = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportJob
        fields = [
            "id", "kind", "title", "parameters", "province", "status", "status_label",
            "progress", "step", "error", "page_count", "size", "checksum", "requested_at",
            "started_at", "finished_at", "download_url",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_download_url(self, job: ReportJob) -> str | None:
        if job.status != "done":
            return None
        url = reverse("api:report-job-download", args=[job.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class ReportRequestSerializer(serializers.Serializer):
    """What to render. ``parameters`` are the fields of the report form: ``province``
    (national users), ``fiscal_year`` (BE), ``thai_digits``, and each kind's own
    (``meeting`` for the minutes; ``district``, ``club_type``, ``tier`` for the club
    directory)."""

    kind = serializers.ChoiceField(choices=[])
    parameters = serializers.DictField(required=False, default=dict)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = registry.choices()
