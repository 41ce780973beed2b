"""What every form of the portal shares."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form: on the field it names, or above the form
    when it names none (or a field the form does not have). What was typed stays."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


CHOSEN_WIDGETS = (
    forms.Select,
    forms.RadioSelect,
    forms.CheckboxInput,
    forms.CheckboxSelectMultiple,
)


def name_required_fields(form: forms.BaseForm) -> None:
    """Each field's "required" message names its field ("กรุณากรอก “วันที่”"), where
    Django's says only "ฟิลด์นี้จำเป็น": in the error summary the messages stand alone."""
    default = forms.Field.default_error_messages["required"]
    for field in form.fields.values():
        if field.error_messages.get("required") is not default:
            continue  # the form says something of its own already
        chosen = isinstance(field.widget, CHOSEN_WIDGETS)
        field.error_messages["required"] = (
            _("กรุณาเลือก “%(label)s”") if chosen else _("กรุณากรอก “%(label)s”")
        ) % {"label": field.label}
