"""The plain select draws what Django's select template draws."""

import re

import pytest
from django import forms

from core.forms import plain_select


def _without_layout(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


class Choices(forms.Form):
    optional = forms.ChoiceField(
        choices=[("", "ทั้งหมด"), ("a", "ก <ข>"), ("4", "สี่")], required=False
    )
    required = forms.ChoiceField(choices=[("", "เลือก"), ("a", "ก")])
    flag = forms.NullBooleanField(
        widget=forms.Select(choices=[("", "ทั้งหมด"), ("true", "ใช่"), ("false", "ไม่ใช่")]),
        required=False,
    )


@pytest.mark.parametrize(
    "data", [None, {}, {"optional": "a", "required": "a", "flag": "true"}, {"optional": "x"}]
)
def test_plain_select_writes_the_markup_of_django_select(data):
    django_form, plain_form = Choices(data), Choices(data)
    for field in plain_form.fields.values():
        field.widget = plain_select(field.widget)
    if data is not None:
        django_form.is_valid(), plain_form.is_valid()

    for name in Choices.base_fields:
        drawn_by_django = _without_layout(str(django_form[name]))
        assert str(plain_form[name]) == drawn_by_django


def test_plain_select_marks_the_chosen_option_and_escapes_labels():
    form = Choices({"optional": "a"})
    form.fields["optional"].widget = plain_select(form.fields["optional"].widget)

    html = str(form["optional"])

    assert '<option value="a" selected>ก &lt;ข&gt;</option>' in html
    assert '<option value="">ทั้งหมด</option>' in html


def test_plain_select_chooses_a_model_row_of_the_scope(db, province_a):
    field = forms.ModelChoiceField(queryset=province_a.districts.order_by("code"))
    field.widget = plain_select(field.widget)
    field.widget.choices = field.choices
    code = province_a.districts.order_by("code").first().code

    html = field.widget.render("district", code, attrs={"id": "id_district"})

    assert html.startswith('<select name="district" id="id_district">')
    assert f'<option value="{code}" selected>' in html
    assert html.count("<option") == province_a.districts.count() + 1
