"""Geography: region → province → district → subdistrict (DOPA codes) → village.

Codes are the official ones: province 2 digits, district 4, subdistrict 6; a code
nests in its parent (subdistrict 480101 lies in district 4801, in province 48).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scoping import ScopedQuerySet


class Region(models.TextChoices):
    """The five contest regions of TO BE NUMBER ONE (province → region → national)."""

    BANGKOK = "bangkok", _("กรุงเทพมหานคร")
    CENTRAL_EAST = "central_east", _("ภาคกลางและภาคตะวันออก")
    NORTH = "north", _("ภาคเหนือ")
    NORTHEAST = "northeast", _("ภาคตะวันออกเฉียงเหนือ")
    SOUTH = "south", _("ภาคใต้")

    @classmethod
    def of_province_code(cls, code: str) -> "Region":
        """The region a province belongs to, from the first digit of its code."""
        if code == "10":
            return cls.BANGKOK
        return {
            "1": cls.CENTRAL_EAST,
            "2": cls.CENTRAL_EAST,
            "3": cls.NORTHEAST,
            "4": cls.NORTHEAST,
            "5": cls.NORTH,
            "6": cls.NORTH,
            "7": cls.CENTRAL_EAST,
            "8": cls.SOUTH,
            "9": cls.SOUTH,
        }[code[0]]


class ProvinceQuerySet(ScopedQuerySet):
    province_field = "pk"


class Province(models.Model):
    code = models.CharField(_("รหัสจังหวัด"), max_length=2, primary_key=True)
    name_th = models.CharField(_("ชื่อจังหวัด"), max_length=100, unique=True)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=100)
    region = models.CharField(_("ภาค"), max_length=20, choices=Region.choices)

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("จังหวัด")
        verbose_name_plural = _("จังหวัด")

    def __str__(self) -> str:
        return self.name_th


class DistrictQuerySet(ScopedQuerySet):
    province_field = "province"


class District(models.Model):
    code = models.CharField(_("รหัสอำเภอ"), max_length=4, primary_key=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="districts", verbose_name=_("จังหวัด")
    )
    name_th = models.CharField(_("ชื่ออำเภอ"), max_length=100)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=100)
    postal_code = models.CharField(_("รหัสไปรษณีย์"), max_length=5, blank=True)

    objects = DistrictQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("อำเภอ")
        verbose_name_plural = _("อำเภอ")

    def __str__(self) -> str:
        return self.name_th

    def clean(self) -> None:
        if self.province_id and not self.code.startswith(self.province_id):
            raise ValidationError({"code": _("รหัสอำเภอต้องขึ้นต้นด้วยรหัสจังหวัด")})


class SubdistrictQuerySet(ScopedQuerySet):
    province_field = "district__province"


class Subdistrict(models.Model):
    code = models.CharField(_("รหัสตำบล"), max_length=6, primary_key=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="subdistricts", verbose_name=_("อำเภอ")
    )
    name_th = models.CharField(_("ชื่อตำบล"), max_length=100)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=100)
    postal_code = models.CharField(_("รหัสไปรษณีย์"), max_length=5, blank=True)

    objects = SubdistrictQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("ตำบล")
        verbose_name_plural = _("ตำบล")

    def __str__(self) -> str:
        return self.name_th

    def clean(self) -> None:
        if self.district_id and not self.code.startswith(self.district_id):
            raise ValidationError({"code": _("รหัสตำบลต้องขึ้นต้นด้วยรหัสอำเภอ")})


class VillageQuerySet(ScopedQuerySet):
    province_field = "subdistrict__district__province"


class Village(models.Model):
    """A village (หมู่บ้าน), entered by officers; DOPA has no open list of them."""

    subdistrict = models.ForeignKey(
        Subdistrict, on_delete=models.PROTECT, related_name="villages", verbose_name=_("ตำบล")
    )
    number = models.PositiveSmallIntegerField(_("หมู่ที่"))
    name_th = models.CharField(_("ชื่อหมู่บ้าน"), max_length=150)
    code = models.CharField(_("รหัสหมู่บ้าน"), max_length=8, blank=True)

    objects = VillageQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["subdistrict", "number"]
        verbose_name = _("หมู่บ้าน")
        verbose_name_plural = _("หมู่บ้าน")
        constraints = [
            models.UniqueConstraint(
                fields=["subdistrict", "number"], name="%(app_label)s_%(class)s_unique_number"
            )
        ]

    def __str__(self) -> str:
        return _("บ้าน%(name)s หมู่ที่ %(number)s") % {"name": self.name_th, "number": self.number}
