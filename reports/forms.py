"""The report request form: common fields, plus the options each kind declares."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import add_service_errors
from core.scoping import Action
from programs.models import Province
from reports.kinds import registry
from thai.fiscal_year import current_fiscal_year
from thai.forms import FiscalYearField


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("ชนิดรายงาน"))
    # Not required here: the chosen kind says whether it needs them (and defaults them).
    province = forms.ModelChoiceField(
        label=_("จังหวัด"),
        queryset=Province.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("กรุณาเลือกจังหวัดที่ท่านมีสิทธิ์ดูข้อมูล")},
    )
    fiscal_year = FiscalYearField(required=False, initial=None)
    thai_digits = forms.BooleanField(label=_("ใช้เลขไทย (๐–๙)"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kind"].choices = registry.choices()
        self.fields["fiscal_year"].initial = current_fiscal_year()
        self.fields["province"].queryset = Province.objects.for_user(user, Action.VIEW)
        if not user.is_national:
            # An officer or a provincial executive reads their own province: nothing to
            # choose on the page, and another province sent by a script is refused.
            self.fields["province"].widget = forms.HiddenInput()
        # Which kinds use each field, for the page to show only the chosen kind's fields.
        self.field_kinds: dict[str, list[str]] = {"thai_digits": [k.key for k in registry]}
        for kind in registry:
            if kind.needs_province:
                self.field_kinds.setdefault("province", []).append(kind.key)
            if kind.needs_fiscal_year:
                self.field_kinds.setdefault("fiscal_year", []).append(kind.key)
            for name, field in kind.extra_form_fields(user=user).items():
                field.required = False
                self.fields.setdefault(name, field)
                self.field_kinds.setdefault(name, []).append(kind.key)
        self.fields["thai_digits"] = self.fields.pop("thai_digits")  # last, after the options
        for field in self.fields.values():
            css = (
                "form-check-input"
                if isinstance(field.widget, forms.CheckboxInput)
                else ("form-select" if isinstance(field.widget, forms.Select) else "form-control")
            )
            field.widget.attrs.setdefault("class", css)

    def fields_with_kinds(self):
        """(bound field, the kinds that use it, space-separated; "" for the kind field)."""
        return [
            (field, " ".join(self.field_kinds.get(field.name, [])))
            for field in self.visible_fields()
        ]

    def raw_parameters(self) -> dict:
        data = dict(self.cleaned_data)
        province = data.pop("province", None)
        data["province"] = province.code if province else self.user.province_id
        data.pop("kind")
        return data

    def add_service_error(self, error: ValidationError) -> None:
        """The kind's refusal (scope, bad option), on the field it names where there is one."""
        add_service_errors(self, error)
