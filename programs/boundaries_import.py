"""Import of province and district boundaries from GeoJSON (HDX/OCHA ``th_adm1`` and
``th_adm2`` files, or any file whose features carry ``ADM1_PCODE``/``ADM2_PCODE``
such as ``TH48``/``TH4801``).

Coordinates are rounded to 4 decimals (about 11 m) and points closer than
``TOLERANCE`` to the previous one are dropped: a district map drawn a few hundred
pixels wide loses nothing, and the GeoJSON served per province stays small.
Everything is validated before anything is written, in one transaction; features of
provinces or districts not in the database are counted and skipped.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from core.imports import ImportRefused
from programs.models import Boundary, BoundaryLevel, District, Province
from programs.selectors.boundaries import boundaries_changed

DECIMALS = 4
TOLERANCE = 0.0015  # degrees, about 160 m
_CODE_KEYS = [("ADM2_PCODE", BoundaryLevel.DISTRICT, 4), ("ADM1_PCODE", BoundaryLevel.PROVINCE, 2)]


@dataclass
class BoundaryImportResult:
    imported: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # codes not in the database
    points_before: int = 0
    points_after: int = 0


def boundaries_import(*, paths: list[Path]) -> BoundaryImportResult:
    """Read every GeoJSON file of ``paths`` (files, or folders of ``*.geojson``)."""
    files = []
    for path in map(Path, paths):
        files += sorted(path.glob("*.geojson")) if path.is_dir() else [path]
    problems: list[str] = []
    result = BoundaryImportResult()
    provinces = set(Province.objects.values_list("code", flat=True))
    districts = dict(District.objects.values_list("code", "province_id"))
    rows: dict[str, Boundary] = {}
    if not files:
        problems.append(_("ไม่พบไฟล์ GeoJSON"))
    for path in files:
        for index, feature in enumerate(_features(path, problems), start=1):
            where = f"{path.name} รายการที่ {index}"
            found = _code_of(feature.get("properties") or {})
            if found is None:
                problems.append(
                    _("%(where)s: ไม่พบรหัสพื้นที่ (ADM1_PCODE/ADM2_PCODE)") % {"where": where}
                )
                continue
            level, code = found
            province = code[:2]
            if (level == BoundaryLevel.PROVINCE and code not in provinces) or (
                level == BoundaryLevel.DISTRICT and districts.get(code) != province
            ):
                result.skipped.append(code)
                continue
            geometry = feature.get("geometry") or {}
            if geometry.get("type") not in ("Polygon", "MultiPolygon"):
                problems.append(
                    _("%(where)s: รูปร่างต้องเป็น Polygon หรือ MultiPolygon") % {"where": where}
                )
                continue
            try:
                compact, before, after = _compact(geometry)
            except (TypeError, ValueError, IndexError):
                problems.append(_("%(where)s: พิกัดไม่ถูกต้อง") % {"where": where})
                continue
            result.points_before += before
            result.points_after += after
            rows[code] = Boundary(code=code, level=level, province_id=province, geometry=compact)
    if problems:
        raise ImportRefused(problems)
    with transaction.atomic():
        Boundary.objects.bulk_create(
            rows.values(),
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["level", "province", "geometry"],
        )
    # After the write: a map read in between caches the old outline under the old version.
    boundaries_changed()
    for level in BoundaryLevel:
        result.imported[level.value] = sum(1 for row in rows.values() if row.level == level)
    return result


def _features(path: Path, problems: list[str]) -> list[dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(_("ไม่พบไฟล์ %(name)s") % {"name": path})
        return []
    except (ValueError, UnicodeDecodeError):
        problems.append(_("ไฟล์ %(name)s ไม่ใช่ GeoJSON ที่อ่านได้") % {"name": path.name})
        return []
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        problems.append(_("ไฟล์ %(name)s ต้องเป็น FeatureCollection") % {"name": path.name})
        return []
    return [feature for feature in data.get("features", []) if isinstance(feature, dict)]


def _code_of(properties: dict) -> tuple[BoundaryLevel, str] | None:
    for key, level, digits in _CODE_KEYS:
        value = str(properties.get(key) or "").upper().removeprefix("TH")
        if value.isdigit() and len(value) == digits:
            return level, value
    return None


def _compact(geometry: dict) -> tuple[dict, int, int]:
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    before = after = 0
    compact = []
    for polygon in polygons:
        rings = []
        for ring in polygon:
            before += len(ring)
            kept = _thin(ring)
            if len(kept) >= 4:
                rings.append(kept)
                after += len(kept)
        if rings:
            compact.append(rings)
    if not compact:
        raise ValueError("empty geometry")
    return {"type": "MultiPolygon", "coordinates": compact}, before, after


def _thin(ring: list) -> list[list[float]]:
    """Rounded points, each at least TOLERANCE from the one kept before it; closed."""
    points = [[round(float(x), DECIMALS), round(float(y), DECIMALS)] for x, y, *_z in ring]
    kept = [points[0]]
    for x, y in points[1:-1]:
        last_x, last_y = kept[-1]
        if abs(x - last_x) >= TOLERANCE or abs(y - last_y) >= TOLERANCE:
            kept.append([x, y])
    if len(kept) < 3:  # a tiny island: keep its outline as it was
        kept = points[:-1]
    return [*kept, kept[0]]
