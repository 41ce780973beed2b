"""What every form of the portal shares."""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.spreadsheets import MAX_UPLOAD_BYTES
from core.uploads import discard_upload, keep_upload, kept_upload


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


class KeptUploadForm(forms.Form):
    """An import's form whose file is kept on the server between the check and its
    confirmation (``core.uploads.keep_upload``), and for the retry after a failed check:
    the user never picks the same file twice. A subclass declares its ``file`` field
    (not required: ``kept`` names the file checked last) and the purpose it is kept
    under; ``kept_file`` is the file to read once the form is valid."""

    upload_purpose = ""
    kept = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.kept_file = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is not None and upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("ไฟล์มีขนาด %(size).1f MB เกินกว่าที่รับได้ (%(max)s MB)")
                % {"size": upload.size / (1024 * 1024), "max": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload

    def clean(self):
        """The file to check: the one chosen now (kept on the server for the retry and
        the confirmation, whatever else on the form fails), else the one kept before."""
        data = super().clean()
        upload = data.get("file")
        token = data.get("kept") or ""
        purpose = self.upload_purpose
        if upload is not None:
            upload.seek(0)
            self.kept_file = keep_upload(
                user=self.user, purpose=purpose, name=upload.name, data=upload.read()
            )
            discard_upload(user=self.user, purpose=purpose, token=token)
            self.data = self.data.copy()
            self.data[self.add_prefix("kept")] = self.kept_file.token
        elif "file" not in self.errors:
            self.kept_file = kept_upload(user=self.user, purpose=purpose, token=token)
            if self.kept_file is None:
                self.add_error(
                    "file",
                    _("ไฟล์ที่ตรวจสอบไว้หมดอายุแล้ว (เก็บไว้ 1 วัน) กรุณาเลือกไฟล์อีกครั้ง")
                    if token
                    else _("กรุณาเลือกไฟล์ที่จะนำเข้า"),
                )
        return data

    def discard_kept_file(self) -> None:
        """After the confirmed import: the kept file has served."""
        if self.kept_file is not None:
            discard_upload(user=self.user, purpose=self.upload_purpose, token=self.kept_file.token)


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
