from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from audit.selectors import audited_models, model_key
from thai.forms import ThaiDateField


class AuditFilterForm(forms.Form):
    model = forms.ChoiceField(label=_("ข้อมูล"), required=False)
    user = forms.ModelChoiceField(
        label=_("ผู้แก้ไข"),
        queryset=get_user_model().objects.order_by("first_name", "last_name", "username"),
        required=False,
        empty_label=_("ทุกคน"),
    )
    date_from = ThaiDateField(label=_("ตั้งแต่วันที่"), required=False)
    date_to = ThaiDateField(label=_("ถึงวันที่"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("ทุกประเภท"))] + [
            (model_key(model), model._meta.verbose_name) for model in audited_models()
        ]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise ValidationError({"date_to": _("วันที่สิ้นสุดต้องไม่ก่อนวันที่เริ่มต้น")})
        return data
