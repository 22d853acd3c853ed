from django import forms

from winloss.lib.concurrency import VersionedForm

from .models import Question, Section

TEXT_WIDGET = forms.Textarea(attrs={"rows": 2})
PROMPTS_HELP = "Follow-up prompts the interviewer may use, one per line."


class LinesField(forms.CharField):
    """A list of strings, typed one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value) -> list[str]:  # type: ignore[override]
        if isinstance(value, list | tuple):
            return [str(line).strip() for line in value if str(line).strip()]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class QuestionForm(VersionedForm):
    prompts = LinesField(label="Follow-up prompts", required=False, help_text=PROMPTS_HELP)

    class Meta:
        model = Question
        fields = ["text", "prompts"]
        widgets = {"text": TEXT_WIDGET}


class NewQuestionForm(forms.Form):
    section = forms.ChoiceField(choices=Section.choices)
    text = forms.CharField(label="Question", widget=TEXT_WIDGET, max_length=1000)
    prompts = LinesField(label="Follow-up prompts", required=False, help_text=PROMPTS_HELP)


class VersionForm(forms.Form):
    """What a delete or an approval was decided on: the version the person was looking at."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])


class WaiverForm(VersionForm):
    rule = forms.CharField(max_length=40)
    reason = forms.CharField(
        label="Why the question may stay as it is", max_length=500, widget=forms.TextInput
    )


class LintForm(forms.Form):
    text = forms.CharField(required=False, max_length=1000, strip=False)
    question = forms.IntegerField(required=False)
