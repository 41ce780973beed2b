"""The audit log: every create, update and delete of the domain models, newest first.

Each audited model keeps its own django-simple-history table; the log reads them all
as one list (a SQL UNION of the same few columns), filtered before the union so that
PostgreSQL only sorts what is asked for, and fills in the objects of one page only.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import CharField, F, Value
from simple_history.models import registered_models

from audit.history import KIND_LABELS

# The apps whose models are the portal's data (accounts: users are managed in the admin
# site, which keeps its own log of changes to them).
AUDITED_APPS = ("programs", "meetings", "reports", "evaluations")


@dataclass
class AuditEntry:
    when: datetime.datetime
    user: object
    action: str
    model_label: str
    object_id: int
    object_repr: str
    reason: str


def audited_models() -> list[type[models.Model]]:
    """The models of the audited apps that keep a change history, by verbose name."""
    found = {
        model
        for model in registered_models.values()
        if model._meta.app_label in AUDITED_APPS
        and hasattr(model._meta, "simple_history_manager_attribute")
    }
    return sorted(found, key=lambda model: str(model._meta.verbose_name))


def history_model(model: type[models.Model]) -> type[models.Model]:
    return getattr(model, model._meta.simple_history_manager_attribute).model


def model_key(model: type[models.Model]) -> str:
    return model._meta.label_lower


def audit_log(
    *,
    user,
    model: str | None = None,
    changed_by=None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
):
    """A queryset of dicts (``key``, ``history_id``, ``history_date``) of matching changes.

    Only administrators read the log.
    """
    if not (user.is_authenticated and user.is_administrator):
        raise PermissionDenied
    parts = []
    for audited in audited_models():
        key = model_key(audited)
        if model and key != model:
            continue
        records = history_model(audited).objects.all()
        if changed_by is not None:
            records = records.filter(history_user=changed_by)
        if date_from is not None:
            records = records.filter(history_date__date__gte=date_from)
        if date_to is not None:
            records = records.filter(history_date__date__lte=date_to)
        # A history table's own ordering (newest first) is dropped: the union is sorted
        # as a whole, and SQLite refuses an ORDER BY inside a part of a compound query.
        parts.append(
            records.order_by()
            .annotate(key=Value(key, output_field=CharField()))
            .values("key", "history_id", "history_date")
        )
    if not parts:
        return history_model(audited_models()[0]).objects.none().values("history_id")
    first, *others = parts
    return first.union(*others, all=True).order_by(F("history_date").desc(), "-history_id")


def audit_entries(rows) -> list[AuditEntry]:
    """The entries of one page of ``audit_log`` rows, with who did it and to what."""
    by_key = {model_key(model): model for model in audited_models()}
    wanted: dict[str, list[int]] = {}
    for row in rows:
        wanted.setdefault(row["key"], []).append(row["history_id"])
    records = {}
    for key, ids in wanted.items():
        for record in (
            history_model(by_key[key])
            .objects.filter(history_id__in=ids)
            .select_related("history_user")
        ):
            records[key, record.history_id] = (by_key[key], record)
    entries = []
    for row in rows:
        model, record = records[row["key"], row["history_id"]]
        entries.append(
            AuditEntry(
                when=record.history_date,
                user=record.history_user,
                action=str(KIND_LABELS.get(record.history_type, record.history_type)),
                model_label=str(model._meta.verbose_name),
                object_id=getattr(record, model._meta.pk.attname),
                object_repr=_object_repr(record),
                reason=record.history_change_reason or "",
            )
        )
    return entries


def _object_repr(record) -> str:
    try:
        return str(record.instance)
    except models.ObjectDoesNotExist:
        # The object points at something deleted since; its own number still says which.
        return f"#{record.id}"
