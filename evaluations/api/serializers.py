from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evaluations.models import (
    Criterion,
    EvaluationRound,
    EvidencePhoto,
    RoundEvaluator,
    Rubric,
    RubricComponent,
    Score,
    ScoreSheet,
    SiteResult,
    TierBand,
    Visit,
)


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "code", "order", "text", "max_points", "guidance", "evidence"]


class RubricComponentSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = RubricComponent
        fields = ["id", "order", "title", "criteria"]


class TierBandSerializer(serializers.ModelSerializer):
    class Meta:
        model = TierBand
        fields = ["tier", "min_score"]


class RubricSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    components = RubricComponentSerializer(many=True, read_only=True)
    bands = TierBandSerializer(many=True, read_only=True)

    class Meta:
        model = Rubric
        fields = [
            "id", "program", "fiscal_year", "entity_level", "club_type", "name", "version",
            "status", "published_at", "components", "bands",
        ]  # fmt: skip


class RoundEvaluatorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.get_full_name", read_only=True)

    class Meta:
        model = RoundEvaluator
        fields = ["user", "name", "position", "is_chair", "order"]


class EvaluationRoundSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    evaluators = RoundEvaluatorSerializer(many=True, read_only=True)

    class Meta:
        model = EvaluationRound
        fields = [
            "id", "program", "fiscal_year", "stage", "province", "name", "starts_on", "ends_on",
            "rubrics", "disagreement_margin", "evaluators",
        ]  # fmt: skip


class VisitSerializer(serializers.ModelSerializer):
    entity = serializers.CharField(source="competitor", read_only=True)
    assigned_evaluators = serializers.SerializerMethodField()
    map_url = serializers.CharField(read_only=True)

    class Meta:
        model = Visit
        fields = [
            "id", "round", "order", "scheduled_at", "place", "address", "latitude",
            "longitude", "map_url", "level", "province", "district", "club", "entity",
            "rubric", "assigned_evaluators",
        ]  # fmt: skip

    def get_assigned_evaluators(self, visit) -> list[int]:
        return [assignment.evaluator_id for assignment in visit.assignments.all()]


class ScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = Score
        fields = ["criterion", "points"]


class ScoreSheetSerializer(serializers.ModelSerializer):
    scores = ScoreSerializer(many=True, read_only=True)
    total = serializers.DecimalField(max_digits=8, decimal_places=2, read_only=True)

    class Meta:
        model = ScoreSheet
        fields = [
            "id", "visit", "evaluator", "rubric", "scores", "total", "strengths",
            "improvements", "edited_at", "edited_at_clamped", "received_at", "client_id",
        ]  # fmt: skip


# What the phone sends: the number typed, in Arabic or Thai digits, with a point or a
# comma and at most two decimals (the service checks it against the criterion's maximum).
POINTS = r"^[0-9๐-๙]{1,12}(?:[.,][0-9๐-๙]{1,2})?$"


@extend_schema_field({"type": "string", "pattern": POINTS})
class PointsField(serializers.CharField):
    pass


class ScoreInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    points = PointsField(max_length=20)


class SubmissionSerializer(serializers.Serializer):
    """What a phone sends: one evaluator's whole sheet for one visit."""

    client_id = serializers.UUIDField(help_text="Made on the phone; sending it again is harmless")
    visit = serializers.IntegerField()
    rubric = serializers.IntegerField(help_text="The rubric version the scores were given against")
    edited_at = serializers.DateTimeField(help_text="When the sheet was last edited on the phone")
    strengths = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    improvements = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=5000
    )
    scores = ScoreInputSerializer(many=True, max_length=500)


class SubmissionResultSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["applied", "duplicate", "superseded"])
    sheet = ScoreSheetSerializer()


_DECIMALS = r"(?:\.[0-9]{0,6})?"
LATITUDE = rf"^-?(?:90(?:\.0{{0,6}})?|[1-8]?[0-9]{_DECIMALS})$"
LONGITUDE = rf"^-?(?:180(?:\.0{{0,6}})?|(?:1[0-7][0-9]|[1-9]?[0-9]){_DECIMALS})$"


# Decimal text, with the bounds a schema can state for a string: its pattern.
@extend_schema_field({"type": "string", "pattern": LATITUDE})
class LatitudeField(serializers.DecimalField):
    pass


@extend_schema_field({"type": "string", "pattern": LONGITUDE})
class LongitudeField(serializers.DecimalField):
    pass


class PhotoUploadSerializer(serializers.Serializer):
    """A photo from the phone, sent after the sheet; idempotent by ``client_id``.

    Sent as multipart (the file), which has no null: a value not known (no criterion, no
    position) is left out, or sent empty, and is then none."""

    client_id = serializers.UUIDField()
    visit = serializers.IntegerField()
    criterion = serializers.IntegerField(required=False, default=None)
    image = serializers.FileField()
    caption = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    taken_at = serializers.DateTimeField(required=False, default=None)
    latitude = LatitudeField(
        max_digits=9, decimal_places=6, required=False, default=None, min_value=-90, max_value=90
    )
    longitude = LongitudeField(
        max_digits=9, decimal_places=6, required=False, default=None,
        min_value=-180, max_value=180,
    )  # fmt: skip


class EvidencePhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = EvidencePhoto
        fields = [
            "client_id", "visit", "evaluator", "criterion", "caption", "taken_at", "latitude",
            "longitude", "uploaded_at", "url",
        ]  # fmt: skip

    def get_url(self, photo) -> str:
        return reverse("evaluations:photo", args=[photo.client_id])


class SiteResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = SiteResult
        fields = [
            "visit", "status", "total", "tier", "feedback", "finalised_by", "finalised_at",
        ]  # fmt: skip
