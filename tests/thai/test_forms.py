"""Typed "8/6/2566" must never be stored as the year 2566 of the Christian era.

Django's stock Thai formats read "8/6/2566" as 8 June 2566 CE, 543 years off and
silently. Here: Django's own date fields refuse it in both languages, ThaiDateField
reads it right, a refusal keeps what the user typed, and a Christian-era year
never reaches the database.
"""

import datetime

import pytest
from django import forms
from django.contrib.sessions.models import Session
from django.db import IntegrityError, models, transaction
from django.utils import translation

from programs.models import Program
from tests.programs.factories import ProgramFactory
from thai.forms import ThaiDateField, ThaiDateInput, ThaiIntegerField


class PlainDateForm(forms.Form):
    day = forms.DateField()


class ThaiDateForm(forms.Form):
    day = ThaiDateField()


class OptionalThaiDateForm(forms.Form):
    day = ThaiDateField(required=False)


class ProgramForm(forms.ModelForm):
    """A ModelForm as Django builds it: model DateFields become forms.DateField."""

    class Meta:
        model = Program
        fields = ["slug", "name_th", "start_year", "end_year"]


# --- (a) Django's own date fields refuse it in both languages ---------------------


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("typed", ["8/6/2566", "08/06/2566", "6/8/2566", "8/6/66"])
def test_plain_django_date_field_refuses_buddhist_slash_date(language, typed):
    with translation.override(language):
        form = PlainDateForm(data={"day": typed})

        assert not form.is_valid()
        assert "day" in form.errors


@pytest.mark.parametrize("language", ["th", "en"])
def test_plain_django_date_field_still_accepts_iso(language):
    with translation.override(language):
        form = PlainDateForm(data={"day": "2023-06-08"})

        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == datetime.date(2023, 6, 8)


@pytest.mark.parametrize("language", ["th", "en"])
def test_model_form_date_field_refuses_buddhist_slash_date(language):
    # A model DateField's form field is Django's DateField with the active formats.
    form_field = models.DateField().formfield()

    with translation.override(language), pytest.raises(forms.ValidationError):
        form_field.clean("8/6/2566")


@pytest.mark.parametrize("language", ["th", "en"])
def test_model_form_datetime_field_refuses_buddhist_slash_date(language):
    # No portal model has a date column yet; Session.expire_date goes through the same formats.
    expiry_form = forms.modelform_factory(Session, fields=["expire_date"])

    with translation.override(language):
        form = expiry_form(data={"expire_date": "8/6/2566"})

        assert not form.is_valid()
        assert "expire_date" in form.errors


@pytest.mark.parametrize("language", ["th", "en"])
def test_plain_datetime_field_refuses_buddhist_slash_date(language):
    with translation.override(language), pytest.raises(forms.ValidationError):
        forms.DateTimeField().clean("8/6/2566 10:30")


# --- (b) ThaiDateField reads it right ---------------------------------------------


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("typed", ["8/6/2566", "๘/๖/๒๕๖๖", "8 มิ.ย. 2566", "2023-06-08"])
def test_thai_date_field_reads_buddhist_date_as_the_christian_date(language, typed):
    with translation.override(language):
        form = ThaiDateForm(data={"day": typed})

        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == datetime.date(2023, 6, 8)


def test_thai_date_field_shows_a_stored_date_as_day_month_buddhist_year():
    form = ThaiDateForm(initial={"day": datetime.date(2023, 6, 8)})

    assert 'value="8/6/2566"' in str(form["day"])


def test_thai_date_field_round_trips_what_it_shows():
    shown = ThaiDateInput().format_value(datetime.date(2024, 2, 29))

    form = ThaiDateForm(data={"day": shown})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2024, 2, 29)


def test_thai_date_input_has_a_thai_placeholder():
    rendered = str(ThaiDateForm()["day"])

    assert "8/6/2566" in rendered
    assert 'type="text"' in rendered


def test_optional_thai_date_field_treats_blank_as_empty():
    form = OptionalThaiDateForm(data={"day": "   "})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] is None


def test_required_thai_date_field_refuses_blank():
    form = ThaiDateForm(data={"day": ""})

    assert not form.is_valid()
    assert "day" in form.errors


def test_thai_date_field_has_not_changed_when_the_same_day_is_typed_differently():
    field = ThaiDateField()

    assert not field.has_changed(datetime.date(2023, 6, 8), "8 มิ.ย. 2566")
    assert field.has_changed(datetime.date(2023, 6, 8), "9/6/2566")
    assert field.has_changed(datetime.date(2023, 6, 8), "not a date")


# --- (c) a refusal is in Thai and keeps what the user typed -----------------------


@pytest.mark.parametrize(
    ("typed", "words_in_message"),
    [
        ("8/6/2023", "ค.ศ."),
        ("31/2/2566", "ไม่มีวันที่"),
        ("8 มิถุนา 2566", "เดือน"),
        ("2566-06-08", "ค.ศ."),
        ("ยังไม่ทราบ", "รูปแบบวันที่ไม่ถูกต้อง"),
    ],
)
def test_thai_date_form_with_bad_input_is_invalid_with_a_thai_error(typed, words_in_message):
    form = ThaiDateForm(data={"day": typed})

    assert not form.is_valid()
    assert words_in_message in form.errors["day"][0]


@pytest.mark.parametrize("typed", ["8/6/2023", "31/2/2566", "8 มิถุนา 2566", "ยังไม่ทราบ"])
def test_thai_date_form_with_bad_input_shows_back_exactly_what_was_typed(typed):
    form = ThaiDateForm(data={"day": typed})
    assert not form.is_valid()

    rendered = str(form["day"])

    assert f'value="{typed}"' in rendered


# --- (d) nothing is stored on bad input -------------------------------------------


@pytest.mark.django_db
def test_thai_date_form_with_bad_input_has_no_cleaned_date_to_store():
    form = ThaiDateForm(data={"day": "8/6/2023"})

    assert not form.is_valid()
    assert "day" not in form.cleaned_data


@pytest.mark.django_db
def test_program_with_christian_era_start_year_is_refused_by_full_clean():
    program = Program(slug="to-be-number-one", name_th="TO BE NUMBER ONE", start_year=2023)

    with pytest.raises(forms.ValidationError) as caught:
        program.full_clean()

    assert "start_year" in caught.value.message_dict
    assert "พ.ศ." in caught.value.message_dict["start_year"][0]
    assert not Program.objects.exists()


@pytest.mark.django_db
def test_program_model_form_with_christian_era_year_is_invalid_and_saves_nothing():
    form = ProgramForm(
        data={"slug": "roi-jai-rak", "name_th": "ร้อยใจรักษ์", "start_year": "2021", "end_year": ""}
    )

    assert not form.is_valid()
    assert "start_year" in form.errors
    assert 'value="2021"' in str(form["start_year"])
    assert not Program.objects.exists()


@pytest.mark.django_db
def test_program_model_form_with_buddhist_year_saves():
    form = ProgramForm(
        data={"slug": "roi-jai-rak", "name_th": "ร้อยใจรักษ์", "start_year": "2564", "end_year": ""}
    )

    assert form.is_valid(), form.errors
    assert form.save().start_year == 2564


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["start_year", "end_year"])
def test_database_refuses_christian_era_program_year(field):
    with pytest.raises(IntegrityError), transaction.atomic():
        Program.objects.create(slug="phetchabun", name_th="เพชรบูรณ์พอเพียง", **{field: 2023})

    assert not Program.objects.filter(slug="phetchabun").exists()


@pytest.mark.django_db
def test_database_refuses_updating_a_program_year_to_christian_era():
    program = ProgramFactory(start_year=2566)

    with pytest.raises(IntegrityError), transaction.atomic():
        Program.objects.filter(pk=program.pk).update(start_year=2023)

    program.refresh_from_db()
    assert program.start_year == 2566


@pytest.mark.django_db
def test_program_end_year_before_start_year_is_refused():
    program = Program(slug="x", name_th="โครงการ", start_year=2568, end_year=2566)

    with pytest.raises(forms.ValidationError) as caught:
        program.full_clean()

    assert "end_year" in caught.value.message_dict


# --- ThaiIntegerField -------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"), [("๔๗", 47), ("1,755", 1755), (" 283,246 ", 283246), ("13", 13)]
)
def test_thai_integer_field_reads_thai_digits_and_separators(typed, expected):
    assert ThaiIntegerField().clean(typed) == expected


def test_thai_integer_field_refuses_text():
    with pytest.raises(forms.ValidationError):
        ThaiIntegerField().clean("สิบสาม")
