"""The report request form: common fields, plus the options each kind declares."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.scoping import Action
from programs.fiscal_year import current_fiscal_year
from programs.models import Province
from programs.thai_numbers import arabic_digits
from reports.kinds import registry


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("ชนิดรายงาน"))
    province = forms.ModelChoiceField(label=_("จังหวัด"), queryset=Province.objects.none())
    fiscal_year = forms.CharField(label=_("ปีงบประมาณ (พ.ศ.)"), max_length=4)
    thai_digits = forms.BooleanField(label=_("ใช้เลขไทย (๐–๙)"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kind"].choices = registry.choices()
        self.fields["fiscal_year"].initial = current_fiscal_year()
        if user.is_national:
            self.fields["province"].queryset = Province.objects.for_user(user, Action.VIEW)
        else:
            del self.fields["province"]  # an officer or a provincial executive: their own
        self.option_fields: dict[str, list[str]] = {}
        for kind in registry:
            for name, field in kind.extra_form_fields(user=user).items():
                field.required = False
                self.fields.setdefault(name, field)
                self.option_fields.setdefault(kind.key, []).append(name)
        for field in self.fields.values():
            css = (
                "form-check-input"
                if isinstance(field.widget, forms.CheckboxInput)
                else ("form-select" if isinstance(field.widget, forms.Select) else "form-control")
            )
            field.widget.attrs.setdefault("class", css)

    def clean_fiscal_year(self):
        value = arabic_digits(self.cleaned_data["fiscal_year"]).strip()
        # isdigit() is true of "²" too, which int() refuses.
        if not (value.isascii() and value.isdigit()):
            raise forms.ValidationError(_("กรุณากรอกปีงบประมาณเป็น พ.ศ. (เช่น 2568)"))
        return int(value)

    def raw_parameters(self) -> dict:
        data = dict(self.cleaned_data)
        province = data.pop("province", None)
        data["province"] = province.code if province else self.user.province_id
        data.pop("kind")
        return data
