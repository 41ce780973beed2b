"""What every report kind provides, and the registry that holds them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, QuerySet
from django.utils.translation import gettext_lazy as _

from core.registry import Registry
from core.scoping import Action
from programs.models import Province
from thai.fiscal_year import current_fiscal_year, parse_fiscal_year

# Bumped when templates or the PDF pipeline change, so that reuse never hands out
# a file made by older code.
FORMAT_VERSION = "4"

Progress = Callable[[int, str], None]


class SystemReader:
    """Who reads the data of a job no one signed in asked for (the monthly schedule, the
    command line). Bound to a province, it reads as that province's executive would, so
    that the file its officers and governor download holds no more than they may see;
    unbound (a command-line report of a meeting or a round), it reads everything."""

    is_authenticated = True
    is_active = True
    is_officer = is_evaluator = False
    can_enter_data = False
    pk = None

    def __init__(self, province_code: str | None = None) -> None:
        self.province_id = province_code
        self.is_administrator = province_code is None
        self.is_executive = province_code is not None
        self.is_national = province_code is None


def reader_for(user, *, province_code: str | None = None):
    return user if user is not None else SystemReader(province_code)


def viewer_scope(reader) -> str:
    """A name for what ``reader`` sees through ``for_user(reader, "view")``: two readers
    with the same name read the same rows, so a file made for one may go to the other.

    It follows ``core.scoping``: administrators read everything (drafts included), a
    national executive every province's published rows, an officer or a provincial
    executive one province; an evaluator only their own assignments.
    """
    if reader.is_administrator:
        return "admin"
    if reader.is_evaluator:
        return f"evaluator:{reader.pk}"
    if reader.province_id is not None:
        return f"province:{reader.province_id}"
    if reader.is_executive:
        return "national"
    return f"user:{reader.pk}"


def history_version(*querysets: QuerySet) -> str:
    """A fingerprint of the change history of some rows: any save or delete changes it."""
    parts = [FORMAT_VERSION]
    for queryset in querysets:
        figures = queryset.aggregate(latest=Max("history_date"), count=Count("history_id"))
        parts.append(f"{queryset.model._meta.label}:{figures['latest']}:{figures['count']}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def parameters_key(parameters: dict[str, Any]) -> str:
    canonical = json.dumps(parameters, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class ReportKind:
    """A kind of report. Subclasses set the class attributes and implement the hooks."""

    key: ClassVar[str]
    label: ClassVar[str]
    template_name: ClassVar[str]
    # The common parameters this kind reads (Thai digits is common to every kind); its
    # own parameters are the fields of ``extra_form_fields``.
    needs_province: ClassVar[bool] = True
    needs_fiscal_year: ClassVar[bool] = True

    # --- parameters ------------------------------------------------------------
    def extra_form_fields(self, *, user) -> dict[str, forms.Field]:
        return {}

    def clean_parameters(self, raw: dict[str, Any], *, user) -> dict[str, Any]:
        """Validated, JSON-ready parameters, or ValidationError. Checks the user's scope."""
        parameters: dict[str, Any] = {}
        if self.needs_province:
            code = str(raw.get("province") or "")
            if not code and user is not None and user.province_id:
                code = user.province_id
            province = _province_in_scope(code, user)
            parameters["province"] = province.code
        if self.needs_fiscal_year:
            parameters["fiscal_year"] = _fiscal_year(raw.get("fiscal_year"))
        parameters["thai_digits"] = bool(raw.get("thai_digits"))
        parameters.update(self.clean_options(raw, parameters=parameters, user=user))
        return parameters

    def clean_options(self, raw, *, parameters, user) -> dict[str, Any]:
        return {}

    def province_code(self, parameters) -> str | None:
        return parameters.get("province")

    def reader(self, parameters, *, user):
        """Who the data is read as: the requester, or for a job of no one the system
        bounded to the report's province (see ``SystemReader``)."""
        return reader_for(user, province_code=parameters.get("province"))

    # --- content ---------------------------------------------------------------
    def title(self, parameters) -> str:
        raise NotImplementedError

    def filename(self, parameters) -> str:
        return f"{self.key}-{parameters.get('province', 'all')}-{parameters.get('fiscal_year')}.pdf"

    def data_version(self, parameters) -> str:
        raise NotImplementedError

    def build_context(self, *, parameters, user, progress: Progress) -> dict[str, Any]:
        raise NotImplementedError

    def archival_record(self, parameters):
        """A ``reports.pdf.archival.ArchivalRecord`` when the report is an archival record
        (certified minutes, approved figures): the PDF is then PDF/A-3b with its data
        attached. None for a working report."""
        return None

    def signed_record(self, parameters):
        """The signed record (``reports.models.SignedRecord``) these parameters name, which
        a job hands out as it was stored and signed instead of rendering anew (certified
        minutes); None for a report that is rendered."""
        return None


def _fiscal_year(value) -> int:
    try:
        return parse_fiscal_year(value or current_fiscal_year())
    except ValidationError as error:
        raise ValidationError({"fiscal_year": error.messages}) from None


def _province_in_scope(code: str, user) -> Province:
    provinces = (
        Province.objects.all() if user is None else Province.objects.for_user(user, Action.VIEW)
    )
    province = provinces.filter(pk=code).first() if code else None
    if province is None:
        raise ValidationError({"province": _("กรุณาเลือกจังหวัดที่ท่านมีสิทธิ์ดูข้อมูล")})
    return province


class KindRegistry(Registry[ReportKind]):
    def register(self, kind_class: type[ReportKind]) -> type[ReportKind]:
        """Class decorator: the kind's one instance, under its key."""
        self.add(kind_class.key, kind_class())
        return kind_class

    def choices(self) -> list[tuple[str, str]]:
        return [(kind.key, kind.label) for kind in self]


registry = KindRegistry("report kinds")
