"""TO BE NUMBER ONE clubs, their membership per year, tiers and contest entries.

Districts and provinces compete too, so tier awards and contest entries attach to
a club, a district or a province (``level``); ``province`` is always set, which is
what scoping reads.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scoping import ScopedQuerySet
from programs.models.constraints import unique_with_empty_as_value
from thai.fields import BuddhistYearField


class ClubType(models.TextChoices):
    SCHOOL = "school", _("สถานศึกษา")
    WORKPLACE = "workplace", _("สถานประกอบการ")
    COMMUNITY = "community", _("ชุมชน")
    JUVENILE_CENTRE = "juvenile", _("สถานพินิจและคุ้มครองเด็กและเยาวชน/ศูนย์ฝึกฯ")
    PRISON = "prison", _("เรือนจำ/ทัณฑสถาน")
    PROBATION = "probation", _("สำนักงานคุมประพฤติ")


class SchoolLevel(models.TextChoices):
    PRIMARY = "primary", _("ประถมศึกษา")
    SECONDARY = "secondary", _("มัธยมศึกษา")
    VOCATIONAL = "vocational", _("อาชีวศึกษา")
    UNIVERSITY = "university", _("อุดมศึกษา")


class Tier(models.IntegerChoices):
    """Standard tiers, lowest to highest."""

    OUTSTANDING = 1, _("ดีเด่น")
    STANDARD_READY = 2, _("มาตรฐานพร้อมเป็นต้นแบบ")
    MODEL_SILVER = 3, _("ต้นแบบระดับเงิน")
    GOLD = 4, _("ระดับทอง")
    DIAMOND = 5, _("ระดับเพชร")
    TOP_DIAMOND = 6, _("ยอดเพชร")


class ContestStage(models.TextChoices):
    PROVINCE = "province", _("ระดับจังหวัด")
    REGION = "region", _("ระดับภาค")
    NATIONAL = "national", _("ระดับประเทศ")


class ContestResult(models.TextChoices):
    PARTICIPATED = "participated", _("เข้าร่วม")
    ADVANCED = "advanced", _("ผ่านเข้ารอบต่อไป")
    AWARD = "award", _("ได้รับรางวัล")
    ROYAL_AWARD = "royal_award", _("รางวัลพระราชทาน")


class EntityLevel(models.TextChoices):
    CLUB = "club", _("ชมรม")
    DISTRICT = "district", _("อำเภอ")
    PROVINCE = "province", _("จังหวัด")


class ClubQuerySet(ScopedQuerySet):
    province_field = "province"


class Club(models.Model):
    province = models.ForeignKey(
        "programs.Province", on_delete=models.PROTECT, related_name="clubs",
        verbose_name=_("จังหวัด"),
    )  # fmt: skip
    district = models.ForeignKey(
        "programs.District", on_delete=models.PROTECT, related_name="clubs",
        verbose_name=_("อำเภอ"),
    )  # fmt: skip
    subdistrict = models.ForeignKey(
        "programs.Subdistrict", on_delete=models.PROTECT, null=True, blank=True,
        related_name="clubs", verbose_name=_("ตำบล"),
    )  # fmt: skip
    name = models.CharField(_("ชื่อชมรม"), max_length=255)
    club_type = models.CharField(_("ประเภทชมรม"), max_length=20, choices=ClubType.choices)
    school_level = models.CharField(
        _("ระดับสถานศึกษา"), max_length=20, choices=SchoolLevel.choices, blank=True
    )
    host_organisation = models.CharField(_("หน่วยงาน/องค์กรที่ตั้ง"), max_length=255, blank=True)
    founded_on = models.DateField(_("วันที่ก่อตั้ง"), null=True, blank=True)
    contact_name = models.CharField(_("ผู้ประสานงาน"), max_length=255, blank=True)
    contact_phone = models.CharField(_("โทรศัพท์"), max_length=50, blank=True)
    has_friend_corner = models.BooleanField(_("มีศูนย์เพื่อนใจ TO BE NUMBER ONE"), default=False)
    has_committee = models.BooleanField(_("มีคณะกรรมการ (ก.1)"), default=False)
    has_fund = models.BooleanField(_("มีกองทุน (ก.2)"), default=False)
    has_activities = models.BooleanField(_("มีกิจกรรม (ก.3)"), default=False)
    is_active = models.BooleanField(_("ดำเนินการอยู่"), default=True)

    objects = ClubQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["province", "district", "name"]
        verbose_name = _("ชมรม TO BE NUMBER ONE")
        verbose_name_plural = _("ชมรม TO BE NUMBER ONE")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"], name="%(app_label)s_%(class)s_unique_name"
            ),
            models.CheckConstraint(
                condition=models.Q(club_type="school") | models.Q(school_level=""),
                name="%(app_label)s_%(class)s_school_level_only_for_schools",
            ),
        ]
        indexes = [
            models.Index(fields=["province", "club_type"]),
            # The list's order within a province (and for the nation): a page of 50 is
            # read straight off the index instead of walking the district index and
            # dropping the clubs of every other province (27,000 rows for Nakhon Phanom).
            models.Index(fields=["province", "district", "name"], name="programs_club_list_order"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def three_k_complete(self) -> bool:
        """3 ก.: committee, fund and activities."""
        return self.has_committee and self.has_fund and self.has_activities

    def clean(self) -> None:
        errors = {}
        if self.district_id and self.province_id and self.district.province_id != self.province_id:
            errors["district"] = _("อำเภอต้องอยู่ในจังหวัดของชมรม")
        if (
            self.subdistrict_id
            and self.district_id
            and (self.subdistrict.district_id != self.district_id)
        ):
            errors["subdistrict"] = _("ตำบลต้องอยู่ในอำเภอของชมรม")
        if self.club_type == ClubType.SCHOOL and not self.school_level:
            errors["school_level"] = _("ชมรมในสถานศึกษาต้องระบุระดับสถานศึกษา")
        if self.club_type != ClubType.SCHOOL and self.school_level:
            errors["school_level"] = _("ระบุระดับสถานศึกษาได้เฉพาะชมรมในสถานศึกษา")
        if errors:
            raise ValidationError(errors)


class ClubMembershipQuerySet(ScopedQuerySet):
    province_field = "club__province"


class ClubMembership(models.Model):
    """Members of a club in one fiscal year — counts only, no personal data."""

    club = models.ForeignKey(
        Club, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("ชมรม")
    )
    fiscal_year = BuddhistYearField(_("ปีงบประมาณ (พ.ศ.)"))
    members = models.PositiveIntegerField(_("จำนวนสมาชิก"))
    target_population = models.PositiveIntegerField(
        _("กลุ่มเป้าหมาย (คน)"), help_text=_("ประชากรอายุ 6–24 ปีที่ชมรมดูแล")
    )

    objects = ClubMembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["club", "-fiscal_year"]
        verbose_name = _("สมาชิกชมรมรายปี")
        verbose_name_plural = _("สมาชิกชมรมรายปี")
        constraints = [
            models.UniqueConstraint(
                fields=["club", "fiscal_year"], name="%(app_label)s_%(class)s_unique_year"
            ),
            models.CheckConstraint(
                condition=models.Q(fiscal_year__gte=2400), name="%(app_label)s_%(class)s_fy_be"
            ),
            models.CheckConstraint(
                condition=models.Q(target_population__gt=0),
                name="%(app_label)s_%(class)s_target_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.club} {self.fiscal_year}: {self.members}/{self.target_population}"

    @property
    def coverage(self) -> float:
        """Members as a percentage of the target population."""
        return round(100 * self.members / self.target_population, 2)


class CompetitorQuerySet(ScopedQuerySet):
    province_field = "province"


class Competitor(models.Model):
    """Who competes or is scored: a club, a district or a province (``level``).

    ``province`` is always set, which is what scoping reads. Tier awards, contest
    entries and evaluation visits share these fields and their rules.
    """

    level = models.CharField(_("ระดับผู้เข้าประกวด"), max_length=10, choices=EntityLevel.choices)
    province = models.ForeignKey(
        "programs.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("จังหวัด")
    )
    district = models.ForeignKey(
        "programs.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("อำเภอ"),
    )  # fmt: skip
    club = models.ForeignKey(
        Club, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("ชมรม"),
    )  # fmt: skip

    class Meta:
        abstract = True

    @property
    def competitor(self):
        return {"club": self.club, "district": self.district}.get(self.level) or self.province

    def clean(self) -> None:
        errors = {}
        if self.level == EntityLevel.CLUB and not self.club_id:
            errors["club"] = _("กรุณาเลือกชมรม")
        if self.level == EntityLevel.DISTRICT and not self.district_id:
            errors["district"] = _("กรุณาเลือกอำเภอ")
        if self.level != EntityLevel.CLUB and self.club_id:
            errors["club"] = _("ระบุชมรมได้เฉพาะระดับชมรม")
        if self.club_id and self.province_id and self.club.province_id != self.province_id:
            errors["club"] = _("ชมรมต้องอยู่ในจังหวัดที่ระบุ")
        if (
            self.district_id
            and self.province_id
            and (self.district.province_id != self.province_id)
        ):
            errors["district"] = _("อำเภอต้องอยู่ในจังหวัดที่ระบุ")
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def level_constraint(name: str) -> models.CheckConstraint:
        return models.CheckConstraint(
            condition=(
                models.Q(level="club", club__isnull=False)
                | models.Q(level="district", district__isnull=False, club__isnull=True)
                | models.Q(level="province", district__isnull=True, club__isnull=True)
            ),
            name=name,
        )


class CompetitorRecord(Competitor):
    """What tier awards and contest entries share: who competed, where, and when."""

    fiscal_year = BuddhistYearField(_("ปีงบประมาณ (พ.ศ.)"))

    objects = CompetitorQuerySet.as_manager()

    class Meta:
        abstract = True

    @staticmethod
    def level_constraints(prefix: str) -> list[models.BaseConstraint]:
        return [
            Competitor.level_constraint(f"programs_{prefix}_level_matches_competitor"),
            models.CheckConstraint(
                condition=models.Q(fiscal_year__gte=2400), name=f"programs_{prefix}_fy_be"
            ),
        ]


class TierAward(CompetitorRecord):
    """The tier a club, district or province holds in a fiscal year (ยอดเพชรปีที่ 3)."""

    tier = models.PositiveSmallIntegerField(_("ระดับ"), choices=Tier.choices)
    consecutive_year = models.PositiveSmallIntegerField(
        _("รักษามาตรฐานปีที่"), default=1, validators=[MinValueValidator(1)]
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-fiscal_year", "province"]
        verbose_name = _("ระดับมาตรฐาน")
        verbose_name_plural = _("ระดับมาตรฐาน")
        constraints = [
            *CompetitorRecord.level_constraints("tieraward"),
            *unique_with_empty_as_value(
                fields=["level", "province", "district", "club", "fiscal_year"],
                nullable=["district", "club"],
                name="programs_tieraward_unique_per_year",
                message=_("ผู้เข้าประกวดนี้มีระดับมาตรฐานในปีงบประมาณนี้แล้ว กรุณาแก้ไขรายการเดิม"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competitor} {self.fiscal_year}: {self.get_tier_display()}"


class ContestEntry(CompetitorRecord):
    """An entry in a contest: stage, category and what came of it."""

    stage = models.CharField(_("รอบการประกวด"), max_length=10, choices=ContestStage.choices)
    category = models.CharField(_("ประเภทการประกวด"), max_length=255)
    result = models.CharField(
        _("ผลการประกวด"), max_length=20, choices=ContestResult.choices,
        default=ContestResult.PARTICIPATED,
    )  # fmt: skip
    award_name = models.CharField(_("ชื่อรางวัล"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-fiscal_year", "province", "stage"]
        verbose_name = _("การประกวด")
        verbose_name_plural = _("การประกวด")
        constraints = [
            *CompetitorRecord.level_constraints("contestentry"),
            *unique_with_empty_as_value(
                fields=["level", "province", "district", "club", "fiscal_year", "stage",
                        "category"],
                nullable=["district", "club"],
                name="programs_contestentry_unique_entry",
                message=_("มีการประกวดประเภทนี้ในรอบและปีงบประมาณนี้อยู่แล้ว กรุณาแก้ไขรายการเดิม"),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.competitor} {self.fiscal_year} {self.get_stage_display()}: {self.category}"
