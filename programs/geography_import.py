"""Import of DOPA geography in the thailand-geography-json format.

``provinces.json``, ``districts.json`` and ``subdistricts.json`` are lists of
objects with numeric codes (``provinceCode`` 48, ``districtCode`` 4801,
``subdistrictCode`` 480101). Everything is validated before anything is written;
one transaction writes it all, so a broken file changes nothing.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from core.imports import ImportCounts, ImportRefused
from programs.models import District, Province, Region, Subdistrict


@dataclass
class GeographyImportResult:
    counts: dict[str, ImportCounts] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated for c in self.counts.values())


# (model, file, code key, parent key, digits of code, digits of parent, field map)
_LEVELS = [
    (Province, "provinces.json", "provinceCode", None, 2, 0,
     {"name_th": "provinceNameTh", "name_en": "provinceNameEn"}),
    (District, "districts.json", "districtCode", "provinceCode", 4, 2,
     {"name_th": "districtNameTh", "name_en": "districtNameEn", "postal_code": "postalCode"}),
    (Subdistrict, "subdistricts.json", "subdistrictCode", "districtCode", 6, 4,
     {"name_th": "subdistrictNameTh", "name_en": "subdistrictNameEn",
      "postal_code": "postalCode"}),
]  # fmt: skip
_PARENT_FIELD = {District: "province_id", Subdistrict: "district_id"}


def geography_import(*, directory: Path) -> GeographyImportResult:
    """Validate the three files, then create or update what differs, in one transaction."""
    rows_by_model = _read_and_validate(Path(directory))
    result = GeographyImportResult()
    with transaction.atomic():
        for model, rows in rows_by_model.items():
            result.counts[model._meta.model_name] = _upsert(model, rows)
    return result


def _read_and_validate(directory: Path) -> dict:
    problems: list[str] = []
    rows_by_model: dict = {}
    known_codes: set[str] = set()
    for model, filename, code_key, parent_key, digits, parent_digits, fields in _LEVELS:
        path = directory / filename
        records = _load(path, problems)
        rows: dict[str, dict] = {}
        for index, record in enumerate(records, start=1):
            where = f"{filename} แถวที่ {index}"
            if not isinstance(record, dict):
                problems.append(_("%(where)s: ไม่ใช่ข้อมูลแบบ object") % {"where": where})
                continue
            code = _code(record.get(code_key), digits)
            if code is None:
                problems.append(
                    _("%(where)s: รหัส %(key)s “%(value)s” ต้องเป็นตัวเลข %(digits)s หลัก")
                    % {
                        "where": where,
                        "key": code_key,
                        "value": record.get(code_key),
                        "digits": digits,
                    }
                )
                continue
            if code in rows:
                problems.append(_("%(where)s: รหัส %(code)s ซ้ำ") % {"where": where, "code": code})
                continue
            values = {name: str(record.get(key) or "").strip() for name, key in fields.items()}
            if not values["name_th"]:
                problems.append(_("%(where)s: ไม่มีชื่อภาษาไทย") % {"where": where})
                continue
            if parent_key:
                parent = _code(record.get(parent_key), parent_digits)
                if parent is None or parent not in known_codes or not code.startswith(parent):
                    problems.append(
                        _("%(where)s: รหัส %(code)s ไม่อยู่ใน %(key)s “%(parent)s” ที่รู้จัก")
                        % {
                            "where": where,
                            "code": code,
                            "key": parent_key,
                            "parent": record.get(parent_key),
                        }
                    )
                    continue
                values[_PARENT_FIELD[model]] = parent
            else:
                values["region"] = Region.of_province_code(code).value
            rows[code] = values
        rows_by_model[model] = rows
        known_codes = set(rows)
    if problems:
        raise ImportRefused(problems)
    return rows_by_model


def _load(path: Path, problems: list[str]) -> list:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(_("ไม่พบไฟล์ %(path)s") % {"path": path})
        return []
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        problems.append(_("%(file)s อ่านไม่ได้: %(error)s") % {"file": path.name, "error": error})
        return []
    if not isinstance(data, list):
        problems.append(_("%(file)s ต้องเป็นรายการ (JSON array)") % {"file": path.name})
        return []
    return data


def _code(value, digits: int) -> str | None:
    text = str(value if value is not None else "").strip()
    return text if text.isascii() and text.isdigit() and len(text) == digits else None


def _upsert(model, rows: dict[str, dict]) -> ImportCounts:
    counts = ImportCounts()
    fields = list(next(iter(rows.values())).keys()) if rows else []
    existing = {obj.pk: obj for obj in model.objects.only("pk", *fields)}
    to_create, to_update = [], []
    for code, values in rows.items():
        obj = existing.get(code)
        if obj is None:
            to_create.append(model(pk=code, **values))
        elif any(getattr(obj, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(obj, name, value)
            to_update.append(obj)
        else:
            counts.unchanged += 1
    model.objects.bulk_create(to_create, batch_size=2000)
    model.objects.bulk_update(to_update, fields, batch_size=2000)
    counts.created, counts.updated = len(to_create), len(to_update)
    return counts
