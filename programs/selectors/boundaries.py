"""The boundaries maps draw: a compact GeoJSON FeatureCollection of the country's
provinces or of one province's districts, cached until boundaries are imported again.

Boundaries are public geography, not data of a province, so they are not scoped.
"""

from django.core.cache import cache

from programs.models import Boundary, BoundaryLevel, District, Province

_VERSION_KEY = "boundaries:version"
COUNTRY = "TH"


def boundaries_changed() -> None:
    """Called after an import: every cached collection is read afresh."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2, timeout=None)


def boundaries_version() -> int:
    return cache.get_or_set(_VERSION_KEY, 1, timeout=None)


def boundary_collection(*, area: str) -> dict | None:
    """The districts of province ``area``, or the provinces when ``area`` is "TH";
    None when no boundary of that area is loaded."""
    version = boundaries_version()
    key = f"boundaries:{version}:{area}"
    collection = cache.get(key)
    if collection is None:
        collection = _build(area) or {}
        cache.set(key, collection, timeout=None)
    return collection or None


def has_boundaries(*, area: str) -> bool:
    return boundary_collection(area=area) is not None


def _build(area: str) -> dict | None:
    if area == COUNTRY:
        rows = Boundary.objects.filter(level=BoundaryLevel.PROVINCE)
        names = dict(Province.objects.values_list("code", "name_th"))
    else:
        rows = Boundary.objects.filter(level=BoundaryLevel.DISTRICT, province_id=area)
        names = dict(District.objects.filter(province_id=area).values_list("code", "name_th"))
    features = [
        {
            "type": "Feature",
            "id": code,
            "properties": {"code": code, "name": names.get(code, code)},
            "geometry": geometry,
        }
        for code, geometry in rows.values_list("code", "geometry")
    ]
    if not features:
        return None
    return {"type": "FeatureCollection", "features": features}
