import datetime as dt

from django import forms
from django.utils import timezone

from winloss.accounts.models import User
from winloss.lib.forms import IdsChoiceField

from .models import ActionStatus, ExpectedChange


class ActionForm(forms.Form):
    title = forms.CharField(label="What is to be done", max_length=300)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    theme = forms.ModelChoiceField(
        label="The finding behind it", queryset=None, required=False, empty_label="—"
    )
    escalation = forms.ModelChoiceField(
        label="The escalation it corrects",
        queryset=None,
        required=False,
        empty_label="—",
        help_text="When the action answers an urgent issue raised in an interview.",
    )
    owner = forms.ModelChoiceField(queryset=User.objects.none())
    due_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    expected_change = forms.ChoiceField(choices=ExpectedChange.choices)
    evidence = IdsChoiceField(
        label="Quotes that justify it",
        queryset=None,
        required=False,
        help_text="The excerpts chosen as quotes for the program's report.",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, program, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from winloss.coding.models import CodedExcerpt, Theme
        from winloss.escalations.models import Escalation

        self.fields["theme"].queryset = Theme.objects.filter(
            workspace=program.workspace, is_active=True
        )
        self.fields["escalation"].queryset = Escalation.objects.filter(program=program)
        self.fields["escalation"].label_from_instance = lambda e: (
            f"{e.get_category_display()}, raised {e.raised_at:%d %b %Y}: “{e.passage[:60]}”"
        )
        self.fields["owner"].queryset = User.objects.filter(
            memberships__workspace=program.workspace
        ).order_by("name", "email")
        # The quotes of the report: the evidence readers of the report will see.
        self.fields["evidence"].queryset = CodedExcerpt.objects.filter(
            program=program, report_quotes__isnull=False
        ).distinct()
        self.fields["evidence"].label_from_instance = lambda e: f"“{e.text[:120]}” ({e.theme})"
        self.fields["due_date"].initial = timezone.localdate() + dt.timedelta(days=30)

    def clean_due_date(self) -> dt.date:
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError("The due date is in the past: give a date from today on.")
        return due


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)
    closure_evidence = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class FollowUpForm(forms.Form):
    """Who checks back with the buyer, and when (SOP step 11)."""

    owner = forms.ModelChoiceField(
        queryset=User.objects.none(), error_messages={"required": "Choose who checks back."}
    )
    due_date = forms.DateField(error_messages={"required": "Choose when to check back."})

    def __init__(self, *args, workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(memberships__workspace=workspace)
