import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils import timezone

from winloss.accounts.models import User

from .models import Category, ChatWebhook

if TYPE_CHECKING:
    from winloss.interviews.models import Interview
    from winloss.programs.models import Program


class RaiseForm(forms.Form):
    interview: "forms.ModelChoiceField[Interview]" = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="— none —"
    )
    category = forms.ChoiceField(choices=Category.choices)
    passage = forms.CharField(
        label="What the respondent said", widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.ModelChoiceField(queryset=User.objects.none())
    expected_response_by = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, program: "Program", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from winloss.interviews.models import Interview

        # The fields as declared above: the form's field dict knows them only as Fields.
        interview = cast(forms.ModelChoiceField, self.fields["interview"])
        # Each choice is labelled with its deal: fetched with the interviews, not one by one.
        interview.queryset = Interview.objects.filter(program=program).select_related("entry__deal")
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = User.objects.filter(
            memberships__workspace=program.workspace
        ).order_by("name", "email")
        self.fields["expected_response_by"].initial = timezone.localdate() + dt.timedelta(days=5)


class FlagForm(forms.Form):
    """The interviewer's urgent flag: what kind of issue, and the words that raised it."""

    category = forms.ChoiceField(label="Kind of issue", choices=Category.choices)
    passage = forms.CharField(
        label="What the respondent said", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class WebhookForm(forms.ModelForm):
    url = forms.URLField(label="Incoming-webhook address", max_length=500, assume_scheme="https")

    class Meta:
        model = ChatWebhook
        fields = ["kind", "url", "enabled"]
