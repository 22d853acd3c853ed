"""The builder's forms. The version, move, waiver and live-lint forms are the guide's own:
the survey is edited the same way."""

from django import forms

from winloss.coding.models import Theme
from winloss.guides.forms import TEXT_WIDGET
from winloss.lib.concurrency import VersionedForm

from ..models import QuestionKind, SurveyQuestion


class QuestionForm(VersionedForm):
    class Meta:
        model = SurveyQuestion
        fields = ["text"]
        widgets = {"text": TEXT_WIDGET}


class NewQuestionForm(forms.Form):
    kind = forms.ChoiceField(choices=QuestionKind.choices)
    text = forms.CharField(
        label="Question",
        widget=TEXT_WIDGET,
        max_length=1000,
        required=False,
        help_text="Leave it empty to take the question bank's wording.",
    )


class FactorForm(forms.Form):
    theme = forms.ModelChoiceField(queryset=Theme.objects.none(), label="Theme")

    def __init__(self, *args, themes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes  # type: ignore[attr-defined]
