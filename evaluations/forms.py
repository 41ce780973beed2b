from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from evaluations.services import parse_points


class ScoreSheetForm(forms.Form):
    """One field per criterion of the visit's rubric version, checked by the same rule
    as the API (``services.parse_points``) and, in the browser, by the same bounds."""

    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    rubric = forms.IntegerField(widget=forms.HiddenInput)
    strengths = forms.CharField(
        label=_("จุดเด่น"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    improvements = forms.CharField(
        label=_("สิ่งที่ควรปรับปรุง"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    def __init__(self, *args, criteria, sheet=None, **kwargs):
        self.criteria = criteria
        initial = kwargs.setdefault("initial", {})
        if criteria:
            initial.setdefault("rubric", criteria[0].component.rubric_id)
        if sheet is not None:
            initial.update(strengths=sheet.strengths, improvements=sheet.improvements)
            initial.update(
                {f"criterion_{score.criterion_id}": score.points for score in sheet.scores.all()}
            )
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.CharField(
                label=f"{criterion.code} {criterion.text}",
                required=False,
                widget=forms.TextInput(
                    attrs={
                        "inputmode": "decimal",
                        "autocomplete": "off",
                        "data-max": f"{criterion.max_points:g}",
                        "data-criterion": criterion.pk,
                        "class": "form-control score-input",
                    }
                ),
            )

    def clean(self):
        data = super().clean()
        for criterion in self.criteria:
            name = f"criterion_{criterion.pk}"
            raw = (data.get(name) or "").strip()
            if not raw:
                data[name] = None
                continue
            try:
                data[name] = parse_points(raw, criterion)
            except ValidationError as error:
                self.add_error(name, error)
        return data

    def scores(self) -> dict[int, object]:
        return {
            criterion.pk: self.cleaned_data[f"criterion_{criterion.pk}"]
            for criterion in self.criteria
            if self.cleaned_data.get(f"criterion_{criterion.pk}") is not None
        }

    def criterion_rows(self):
        return [(criterion, self[f"criterion_{criterion.pk}"]) for criterion in self.criteria]

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("เหตุผลที่เปิดแก้ไข"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
