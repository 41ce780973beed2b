"""What every form of the portal shares."""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.safestring import mark_safe
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


class PlainSelect(forms.Select):
    """A ``<select>`` written out in Python, the same markup as Django's template.

    Django draws each select through its template engine, one included template per
    option: a filter bar of eight selects cost more than the table of 50 rows under it.
    Option groups (a label that is itself a list of choices) are drawn by Django.
    """

    def render(self, name, value, attrs=None, renderer=None):
        # iter(): a list() of a ModelChoiceIterator would count its rows in a query first.
        choices = list(iter(self.choices))
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        chosen = set(self.format_value(value))
        parts = [
            format_html(
                '<select name="{}"{}>', name, _attributes(self.build_attrs(self.attrs, attrs))
            )
        ]
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            selected = option_value in chosen
            if selected and not self.allow_multiple_selected:
                chosen = set()  # as Django: only the first option of a value is chosen
            parts.append(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    option_value,
                    mark_safe(" selected") if selected else "",
                    label,
                )
            )
        parts.append(mark_safe("</select>"))
        return mark_safe("".join(parts))


def _attributes(attrs: dict) -> str:
    """Attributes as ``django/forms/widgets/attrs.html`` writes them: in order, True as
    the bare name, False left out."""
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


def plain_select(widget: forms.Select) -> PlainSelect:
    """``widget`` drawn as a ``PlainSelect``, with all it holds (attributes, choices, the
    field's ``is_required``)."""
    plain = copy.copy(widget)
    plain.__class__ = PlainSelect
    return plain
