"""Change history (django-simple-history) as the object pages show it: who, when,
and each field's value before → after."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from thai.numbers import format_number

KIND_LABELS = {"+": _("สร้าง"), "~": _("แก้ไข"), "-": _("ลบ")}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: object
    user: object
    kind: str
    changes: list[FieldChange] = field(default_factory=list)


def history_entries(obj, *, limit: int = 50) -> list[HistoryEntry]:
    """The newest ``limit`` changes of ``obj``, each compared with the record before it."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    entries = []
    if not records:  # rows written by bulk_create (imports, the bench data) have none
        return entries
    for newer, older in zip(records, [*records[1:], None], strict=True):
        if len(entries) == limit:
            break
        changes = []
        if older is not None:
            delta = newer.diff_against(older)
            for change in delta.changes:
                model_field = obj._meta.get_field(change.field)
                changes.append(
                    FieldChange(
                        label=str(model_field.verbose_name),
                        old=_display(model_field, change.old),
                        new=_display(model_field, change.new),
                    )
                )
        entries.append(
            HistoryEntry(
                when=newer.history_date,
                user=newer.history_user,
                kind=str(KIND_LABELS.get(newer.history_type, newer.history_type)),
                changes=changes,
            )
        )
    return entries


def _display(model_field, value) -> str:
    if value is None or value == "":
        return "–"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("ใช่") if value else _("ไม่ใช่"))
    if model_field.is_relation:
        related = model_field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related else str(value)
    if isinstance(value, Decimal):
        return format_number(value)  # "120" rather than the stored "120.0000"
    if hasattr(value, "year") and hasattr(value, "month"):
        from thai.dates import format_thai_date

        return format_thai_date(value, "medium")
    return str(value)
