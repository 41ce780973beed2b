"""Administrative boundaries (GeoJSON geometry) of provinces and districts, for maps.

Kept apart from Province and District so that the geometry, a few kilobytes a row,
is read only by the maps and never by the many pages that list provinces.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BoundaryLevel(models.TextChoices):
    PROVINCE = "province", _("จังหวัด")
    DISTRICT = "district", _("อำเภอ")


class Boundary(models.Model):
    """The outline of a province (code of 2 digits) or a district (4 digits)."""

    code = models.CharField(_("รหัสพื้นที่"), max_length=4, primary_key=True)
    level = models.CharField(_("ระดับ"), max_length=10, choices=BoundaryLevel.choices)
    province = models.ForeignKey(
        "programs.Province", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("จังหวัด"),
    )  # fmt: skip
    # A GeoJSON geometry (Polygon or MultiPolygon), longitude/latitude in WGS 84.
    geometry = models.JSONField(_("รูปร่าง (GeoJSON)"))
    imported_at = models.DateTimeField(_("นำเข้าเมื่อ"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("ขอบเขตพื้นที่")
        verbose_name_plural = _("ขอบเขตพื้นที่")
        indexes = [models.Index(fields=["level", "province"])]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.code}"
