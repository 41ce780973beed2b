"""On-site evaluation: rubrics, rounds, visits, score sheets and site results.

A rubric is data (components → criteria with maximum points, tier bands). Once
published it never changes: a change is a new version, and every score sheet points
to the version it was given against. A round visits sites in order; evaluators are
assigned per visit and score on their phones, often offline: every submission
carries an id made on the phone (``SubmissionReceipt``), so a retry never creates a
second record. When the evaluators are done the round's chair finalises the site's
result, which locks it.
"""

import uuid
from decimal import Decimal
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scoping import Action, ScopedQuerySet
from programs.models import ClubType, Competitor, ContestStage, EntityLevel, Tier
from thai.fields import BuddhistYearField

POINTS = {"max_digits": 6, "decimal_places": 2}


# --- Rubrics ---------------------------------------------------------------------------


class RubricStatus(models.TextChoices):
    DRAFT = "draft", _("ฉบับร่าง")
    PUBLISHED = "published", _("ประกาศใช้แล้ว")


class RubricQuerySet(models.QuerySet):
    """Rubrics are shared by every province: everyone signed in reads the published ones;
    only administrators see drafts and change anything."""

    def for_user(self, user, action: Action | str = Action.VIEW):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_administrator:
            return self
        if Action(action) is Action.CHANGE:
            return self.none()
        return self.filter(status=RubricStatus.PUBLISHED)


class Rubric(models.Model):
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="rubrics",
        verbose_name=_("โครงการ"),
    )  # fmt: skip
    fiscal_year = BuddhistYearField(_("ปีงบประมาณ (พ.ศ.)"))
    entity_level = models.CharField(
        _("ประเมินระดับ"), max_length=10, choices=EntityLevel.choices, default=EntityLevel.CLUB
    )
    club_type = models.CharField(
        _("ประเภทชมรม"), max_length=20, choices=ClubType.choices, blank=True,
        help_text=_("เว้นว่างไว้หากใช้กับชมรมทุกประเภท"),
    )  # fmt: skip
    name = models.CharField(_("ชื่อเกณฑ์การประเมิน"), max_length=255)
    version = models.PositiveSmallIntegerField(_("ฉบับที่"), default=1)
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=RubricStatus.choices, default=RubricStatus.DRAFT
    )
    published_at = models.DateTimeField(_("ประกาศใช้เมื่อ"), null=True, blank=True)
    previous_version = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("ปรับปรุงจากฉบับ"),
    )  # fmt: skip

    objects = RubricQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-fiscal_year", "program", "entity_level", "club_type", "-version"]
        verbose_name = _("เกณฑ์การประเมิน")
        verbose_name_plural = _("เกณฑ์การประเมิน")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "fiscal_year", "entity_level", "club_type", "version"],
                name="%(app_label)s_%(class)s_unique_version",
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2400), name="%(app_label)s_%(class)s_fy_be"
            ),
            models.CheckConstraint(
                condition=Q(entity_level="club") | Q(club_type=""),
                name="%(app_label)s_%(class)s_club_type_only_for_clubs",
            ),
        ]

    def __str__(self) -> str:
        return _("%(name)s ปี %(year)s ฉบับที่ %(version)s") % {
            "name": self.name,
            "year": self.fiscal_year,
            "version": self.version,
        }

    @property
    def is_published(self) -> bool:
        return self.status == RubricStatus.PUBLISHED

    def clean(self) -> None:
        if self.entity_level != EntityLevel.CLUB and self.club_type:
            raise ValidationError({"club_type": _("ระบุประเภทชมรมได้เฉพาะเกณฑ์ระดับชมรม")})

    def criteria(self):
        return Criterion.objects.filter(component__rubric=self).order_by(
            "component__order", "order"
        )

    def tier_for(self, total: Decimal | None) -> int | None:
        """The tier of the highest band whose minimum the total reaches; None below all."""
        if total is None:
            return None
        reached = [band for band in self.bands.all() if total >= band.min_score]
        return max(reached, key=lambda band: band.min_score).tier if reached else None


# Said whenever something tries to change a published rubric.
RUBRIC_FROZEN = _("เกณฑ์ที่ประกาศใช้แล้วแก้ไขไม่ได้ กรุณาสร้างฉบับใหม่แล้วแก้ไขในฉบับนั้น")


class RubricPart(models.Model):
    """What components, criteria and tier bands share: they belong to a rubric that,
    once published, is never edited."""

    class Meta:
        abstract = True

    def owning_rubric(self) -> Rubric:
        raise NotImplementedError

    def clean(self) -> None:
        rubric = self.owning_rubric()
        if rubric is not None and rubric.is_published:
            raise ValidationError(RUBRIC_FROZEN)


class RubricComponent(RubricPart):
    rubric = models.ForeignKey(
        Rubric, on_delete=models.CASCADE, related_name="components", verbose_name=_("เกณฑ์")
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"))
    title = models.CharField(_("องค์ประกอบ"), max_length=255)

    history = HistoricalRecords()

    class Meta:
        ordering = ["rubric", "order"]
        verbose_name = _("องค์ประกอบการประเมิน")
        verbose_name_plural = _("องค์ประกอบการประเมิน")
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "order"], name="%(app_label)s_%(class)s_unique_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    def owning_rubric(self) -> Rubric | None:
        return self.rubric if self.rubric_id else None


class Criterion(RubricPart):
    component = models.ForeignKey(
        RubricComponent, on_delete=models.CASCADE, related_name="criteria",
        verbose_name=_("องค์ประกอบ"),
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("ลำดับ"))
    text = models.TextField(_("ประเด็นการประเมิน"))
    max_points = models.DecimalField(
        _("คะแนนเต็ม"), **POINTS, validators=[MinValueValidator(Decimal("0.01"))]
    )
    guidance = models.TextField(_("คำอธิบายการให้คะแนน"), blank=True)
    evidence = models.TextField(_("หลักฐานที่ควรมี"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["component__order", "order"]
        verbose_name = _("ประเด็นการประเมิน")
        verbose_name_plural = _("ประเด็นการประเมิน")
        constraints = [
            models.UniqueConstraint(
                fields=["component", "order"], name="%(app_label)s_%(class)s_unique_order"
            ),
            models.CheckConstraint(
                condition=Q(max_points__gt=0), name="%(app_label)s_%(class)s_max_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    @property
    def code(self) -> str:
        return f"{self.component.order}.{self.order}"

    def owning_rubric(self) -> Rubric | None:
        return self.component.rubric if self.component_id else None


class TierBand(RubricPart):
    """A total at or above ``min_score`` reaches ``tier`` (the highest such band wins)."""

    rubric = models.ForeignKey(
        Rubric, on_delete=models.CASCADE, related_name="bands", verbose_name=_("เกณฑ์")
    )
    tier = models.PositiveSmallIntegerField(_("ระดับ"), choices=Tier.choices)
    min_score = models.DecimalField(
        _("คะแนนขั้นต่ำ"), **POINTS, validators=[MinValueValidator(Decimal("0"))]
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["rubric", "min_score"]
        verbose_name = _("ช่วงคะแนนของระดับ")
        verbose_name_plural = _("ช่วงคะแนนของระดับ")
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "tier"], name="%(app_label)s_%(class)s_unique_tier"
            ),
            models.UniqueConstraint(
                fields=["rubric", "min_score"], name="%(app_label)s_%(class)s_unique_min"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_tier_display()} ≥ {self.min_score}"

    def owning_rubric(self) -> Rubric | None:
        return self.rubric if self.rubric_id else None


# --- Rounds, evaluators and visits -----------------------------------------------------


class RoundQuerySet(ScopedQuerySet):
    """A round belongs to its host province; a regional or national round (no province)
    is seen by the provinces it visits. Evaluators see the rounds they sit on."""

    def for_user(self, user, action: Action | str = Action.VIEW):
        rounds = super().for_user(user, action)
        if Action(action) is Action.CHANGE and user.is_officer:
            # Officers run their own province's rounds, not the regional ones they host.
            return rounds.filter(province=user.province_id)
        return rounds

    def in_province(self, province_code: str):
        visited = Q(visits__province=province_code)
        return self.filter(Q(province=province_code) | visited).distinct()

    def for_evaluator(self, user):
        return self.filter(evaluators__user=user)


class EvaluationRound(models.Model):
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="evaluation_rounds",
        verbose_name=_("โครงการ"),
    )  # fmt: skip
    fiscal_year = BuddhistYearField(_("ปีงบประมาณ (พ.ศ.)"))
    stage = models.CharField(
        _("ระดับการประเมิน"), max_length=10, choices=ContestStage.choices,
        default=ContestStage.PROVINCE,
    )  # fmt: skip
    province = models.ForeignKey(
        "programs.Province", on_delete=models.PROTECT, null=True, blank=True,
        related_name="evaluation_rounds", verbose_name=_("จังหวัด"),
        help_text=_("เว้นว่างไว้สำหรับการประเมินระดับภาคหรือระดับประเทศ"),
    )  # fmt: skip
    name = models.CharField(_("ชื่อรอบการประเมิน"), max_length=255)
    starts_on = models.DateField(_("วันที่เริ่ม"))
    ends_on = models.DateField(_("วันที่สิ้นสุด"))
    rubrics = models.ManyToManyField(Rubric, related_name="rounds", verbose_name=_("เกณฑ์ที่ใช้"))
    disagreement_margin = models.PositiveSmallIntegerField(
        _("เกณฑ์คะแนนต่างกันเกิน (ร้อยละของคะแนนเต็ม)"), default=25,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("ทำเครื่องหมายประเด็นที่คะแนนของผู้ประเมินต่างกันเกินร้อยละนี้ของคะแนนเต็ม"),
    )  # fmt: skip

    objects = RoundQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("รอบการประเมิน")
        verbose_name_plural = _("รอบการประเมิน")
        constraints = [
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2400), name="%(app_label)s_%(class)s_fy_be"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("วันที่สิ้นสุดต้องไม่ก่อนวันที่เริ่ม")})

    @property
    def chair(self):
        return self.evaluators.filter(is_chair=True).select_related("user").first()


class RoundEvaluator(models.Model):
    """An evaluator sitting on a round's committee, with the position they hold."""

    round = models.ForeignKey(
        EvaluationRound, on_delete=models.CASCADE, related_name="evaluators",
        verbose_name=_("รอบการประเมิน"),
    )  # fmt: skip
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evaluation_seats",
        verbose_name=_("ผู้ประเมิน"),
    )  # fmt: skip
    position = models.CharField(_("ตำแหน่ง"), max_length=255, blank=True)
    is_chair = models.BooleanField(_("ประธานคณะกรรมการประเมิน"), default=False)
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "order"]
        verbose_name = _("กรรมการประเมิน")
        verbose_name_plural = _("กรรมการประเมิน")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "user"], name="%(app_label)s_%(class)s_unique_user"
            ),
            models.UniqueConstraint(
                fields=["round"],
                condition=Q(is_chair=True),
                name="%(app_label)s_%(class)s_one_chair",
            ),  # fmt: skip
        ]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.username


class VisitQuerySet(ScopedQuerySet):
    province_field = "province"

    def for_evaluator(self, user):
        """Only the visits they are assigned to, or all of a round they chair."""
        return self.filter(
            Q(assignments__evaluator=user)
            | Q(round__evaluators__user=user, round__evaluators__is_chair=True)
        ).distinct()


class Visit(Competitor):
    """One stop of a round's itinerary: where, when, and who (club, district, province)
    is scored against which rubric."""

    round = models.ForeignKey(
        EvaluationRound, on_delete=models.CASCADE, related_name="visits",
        verbose_name=_("รอบการประเมิน"),
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("ลำดับการเยี่ยม"))
    scheduled_at = models.DateTimeField(_("วันเวลานัดหมาย"))
    place = models.CharField(_("สถานที่"), max_length=255)
    address = models.CharField(_("ที่อยู่"), max_length=500, blank=True)
    latitude = models.DecimalField(
        _("ละติจูด"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )  # fmt: skip
    longitude = models.DecimalField(
        _("ลองจิจูด"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )  # fmt: skip
    rubric = models.ForeignKey(
        Rubric, on_delete=models.PROTECT, related_name="visits", verbose_name=_("เกณฑ์ที่ใช้")
    )

    objects = VisitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "order"]
        verbose_name = _("การเยี่ยมประเมิน")
        verbose_name_plural = _("การเยี่ยมประเมิน")
        constraints = [
            Competitor.level_constraint("evaluations_visit_level_matches_competitor"),
            models.UniqueConstraint(
                fields=["round", "order"], name="%(app_label)s_%(class)s_unique_order"
            ),
        ]
        indexes = [models.Index(fields=["province", "round"])]

    def __str__(self) -> str:
        return f"{self.order}. {self.competitor}"

    def clean(self) -> None:
        super().clean()
        if not (self.rubric_id and self.round_id):
            return
        errors = {}
        if self.rubric.entity_level != self.level:
            errors["rubric"] = _("เกณฑ์นี้ใช้ประเมินระดับ%(level)s") % {
                "level": self.rubric.get_entity_level_display()
            }
        elif (
            self.rubric.club_type and self.club_id and self.club.club_type != self.rubric.club_type
        ):
            errors["rubric"] = _("เกณฑ์นี้ใช้กับชมรมประเภท%(type)s") % {
                "type": self.rubric.get_club_type_display()
            }
        if not self.rubric.is_published:
            errors["rubric"] = _("ใช้ได้เฉพาะเกณฑ์ที่ประกาศใช้แล้ว")
        if errors:
            raise ValidationError(errors)

    @property
    def map_url(self) -> str:
        """A link a phone opens in its map app (coordinates, or the address)."""
        return self.map_url_for(
            latitude=self.latitude, longitude=self.longitude, address=self.address,
            place=self.place,
        )  # fmt: skip

    @staticmethod
    def map_url_for(*, latitude, longitude, address: str, place: str) -> str:
        if latitude is not None and longitude is not None:
            query = f"{latitude},{longitude}"
        else:
            query = address or place
        return f"https://www.google.com/maps/search/?api=1&query={quote(query)}"


class VisitAssignment(models.Model):
    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("การเยี่ยม")
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visit_assignments",
        verbose_name=_("ผู้ประเมิน"),
    )  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("การมอบหมายผู้ประเมิน")
        verbose_name_plural = _("การมอบหมายผู้ประเมิน")
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "evaluator"], name="%(app_label)s_%(class)s_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.visit} — {self.evaluator}"

    def clean(self) -> None:
        if (
            self.visit_id
            and self.evaluator_id
            and not self.visit.round.evaluators.filter(user_id=self.evaluator_id).exists()
        ):
            raise ValidationError({"evaluator": _("ผู้ประเมินต้องเป็นกรรมการของรอบการประเมินนี้")})


# --- Scores -----------------------------------------------------------------------------


class ScoreSheetQuerySet(ScopedQuerySet):
    province_field = "visit__province"

    def for_evaluator(self, user):
        """Their own sheets; the chair of a round reads every sheet of it."""
        return self.filter(
            Q(evaluator=user)
            | Q(visit__round__evaluators__user=user, visit__round__evaluators__is_chair=True)
        ).distinct()


class ScoreSheet(models.Model):
    """One evaluator's scores of one visit. Phones send it whole; the latest edit made on a
    device wins (see ``services.score_sheet_submit``) and the history keeps the others."""

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="sheets", verbose_name=_("การเยี่ยม")
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="score_sheets",
        verbose_name=_("ผู้ประเมิน"),
    )  # fmt: skip
    rubric = models.ForeignKey(
        Rubric, on_delete=models.PROTECT, related_name="sheets", verbose_name=_("เกณฑ์ฉบับที่ใช้")
    )
    strengths = models.TextField(_("จุดเด่น"), blank=True)
    improvements = models.TextField(_("สิ่งที่ควรปรับปรุง"), blank=True)
    edited_at = models.DateTimeField(_("แก้ไขบนอุปกรณ์เมื่อ"))
    # The phone's clock was ahead of the portal's by more than the allowance: edited_at
    # is the time the sheet was received instead (services.received_edit_time).
    edited_at_clamped = models.BooleanField(
        _("ปรับเวลาแก้ไขเป็นเวลาที่ได้รับ"),
        default=False,
        help_text=_("นาฬิกาของอุปกรณ์เดินเร็วกว่าเวลาของระบบเกินเกณฑ์ จึงใช้เวลาที่ได้รับแทน"),
    )
    received_at = models.DateTimeField(_("ได้รับเมื่อ"), auto_now=True)
    client_id = models.UUIDField(_("รหัสการส่งล่าสุด"))

    objects = ScoreSheetQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["visit", "evaluator"]
        verbose_name = _("แบบให้คะแนน")
        verbose_name_plural = _("แบบให้คะแนน")
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "evaluator"], name="%(app_label)s_%(class)s_one_per_evaluator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.visit} — {self.evaluator}"

    @property
    def total(self) -> Decimal:
        return sum((score.points for score in self.scores.all()), Decimal("0"))


class Score(models.Model):
    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.CASCADE, related_name="scores", verbose_name=_("แบบให้คะแนน")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("ประเด็น")
    )
    points = models.DecimalField(_("คะแนน"), **POINTS, validators=[MinValueValidator(Decimal("0"))])

    history = HistoricalRecords()

    class Meta:
        ordering = ["sheet", "criterion__component__order", "criterion__order"]
        verbose_name = _("คะแนน")
        verbose_name_plural = _("คะแนน")
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "criterion"], name="%(app_label)s_%(class)s_one_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0), name="%(app_label)s_%(class)s_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["criterion", "sheet"])]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.points}"


class ReceiptOutcome(models.TextChoices):
    APPLIED = "applied", _("บันทึกแล้ว")
    SUPERSEDED = "superseded", _("มีฉบับที่แก้ไขภายหลังแล้ว (เก็บไว้ในประวัติ)")


class SubmissionReceipt(models.Model):
    """Every submission a phone sent, once, by the id the phone made: the idempotency key
    and the history of what each device said."""

    client_id = models.UUIDField(_("รหัสการส่งจากอุปกรณ์"), primary_key=True)
    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.CASCADE, related_name="receipts", verbose_name=_("แบบให้คะแนน")
    )
    outcome = models.CharField(_("ผล"), max_length=12, choices=ReceiptOutcome.choices)
    device_edited_at = models.DateTimeField(_("แก้ไขบนอุปกรณ์เมื่อ"))
    # What the phone said when it was later than the receive time plus the allowance;
    # device_edited_at then holds the receive time. Empty when the phone's time was kept.
    clamped_from = models.DateTimeField(_("เวลาแก้ไขที่อุปกรณ์ส่งมา (ก่อนปรับ)"), null=True, blank=True)
    received_at = models.DateTimeField(_("ได้รับเมื่อ"), auto_now_add=True)
    payload = models.JSONField(_("ข้อมูลที่ส่งมา"))

    class Meta:
        ordering = ["sheet", "device_edited_at", "received_at"]
        verbose_name = _("การส่งคะแนนจากอุปกรณ์")
        verbose_name_plural = _("การส่งคะแนนจากอุปกรณ์")

    def __str__(self) -> str:
        return str(self.client_id)


def photo_path(photo: "EvidencePhoto", filename: str) -> str:
    return f"evaluations/photos/{photo.visit.round_id}/{photo.client_id}.jpg"


class EvidencePhoto(models.Model):
    """A photo taken on site, re-encoded as JPEG with its capture time and place kept in
    fields (the file itself carries no metadata)."""

    client_id = models.UUIDField(_("รหัสจากอุปกรณ์"), primary_key=True, default=uuid.uuid4)
    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="photos", verbose_name=_("การเยี่ยม")
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evidence_photos",
        verbose_name=_("ผู้ถ่าย"),
    )  # fmt: skip
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, null=True, blank=True, related_name="photos",
        verbose_name=_("ประเด็น"),
    )  # fmt: skip
    image = models.FileField(_("ภาพ"), upload_to=photo_path)
    caption = models.CharField(_("คำอธิบายภาพ"), max_length=255, blank=True)
    taken_at = models.DateTimeField(_("ถ่ายเมื่อ"), null=True, blank=True)
    latitude = models.DecimalField(
        _("ละติจูด"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("ลองจิจูด"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    uploaded_at = models.DateTimeField(_("อัปโหลดเมื่อ"), auto_now_add=True)

    # A photo is scoped as a score sheet: its evaluator, the round's chair, the province.
    objects = ScoreSheetQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["visit", "taken_at", "uploaded_at"]
        verbose_name = _("ภาพหลักฐาน")
        verbose_name_plural = _("ภาพหลักฐาน")

    def __str__(self) -> str:
        return self.caption or str(self.client_id)


# --- Results ----------------------------------------------------------------------------


class ResultStatus(models.TextChoices):
    OPEN = "open", _("รอสรุปผล")
    FINALISED = "finalised", _("ยืนยันผลแล้ว")


class SiteResultQuerySet(ScopedQuerySet):
    province_field = "visit__province"

    def for_evaluator(self, user):
        return self.filter(visit__round__evaluators__user=user).distinct()


class SiteResult(models.Model):
    """The chair's finalised result of a visit: a snapshot that no longer follows the
    score sheets until it is reopened (recorded in the history)."""

    visit = models.OneToOneField(
        Visit, on_delete=models.CASCADE, related_name="result", verbose_name=_("การเยี่ยม")
    )
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=ResultStatus.choices, default=ResultStatus.OPEN
    )
    total = models.DecimalField(_("คะแนนรวม"), **POINTS, null=True, blank=True)
    tier = models.PositiveSmallIntegerField(_("ระดับ"), choices=Tier.choices, null=True, blank=True)
    feedback = models.TextField(_("ข้อเสนอแนะถึงสถานที่"), blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("ยืนยันผลโดย"),
    )  # fmt: skip
    finalised_at = models.DateTimeField(_("ยืนยันผลเมื่อ"), null=True, blank=True)
    reopen_reason = models.TextField(_("เหตุผลที่เปิดแก้ไข"), blank=True)

    objects = SiteResultQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ผลการประเมินสถานที่")
        verbose_name_plural = _("ผลการประเมินสถานที่")

    def __str__(self) -> str:
        return f"{self.visit}: {self.total}"

    @property
    def is_finalised(self) -> bool:
        return self.status == ResultStatus.FINALISED
