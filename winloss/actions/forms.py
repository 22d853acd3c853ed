import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils import timezone

from winloss.accounts.models import User
from winloss.lib.forms import IdsChoiceField

from .models import ActionStatus, ExpectedChange

if TYPE_CHECKING:
    from winloss.accounts.models import Workspace
    from winloss.coding.models import CodedExcerpt, Theme
    from winloss.escalations.models import Escalation
    from winloss.programs.models import Program


class EscalationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: "Escalation") -> str:
        return (
            f"{obj.get_category_display()}, raised {obj.raised_at:%d %b %Y}: “{obj.passage[:60]}”"
        )


class QuoteChoiceField(IdsChoiceField):
    def label_from_instance(self, obj: "CodedExcerpt") -> str:
        return f"“{obj.text[:120]}” ({obj.theme})"


class ActionForm(forms.Form):
    title = forms.CharField(label="What is to be done", max_length=300)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    theme: "forms.ModelChoiceField[Theme]" = forms.ModelChoiceField(
        label="The finding behind it", queryset=None, required=False, empty_label="—"
    )
    escalation = EscalationChoiceField(
        label="The escalation it corrects",
        queryset=None,
        required=False,
        empty_label="—",
        help_text="When the action answers an urgent issue raised in an interview.",
    )
    owner = forms.ModelChoiceField(queryset=User.objects.none())
    due_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    expected_change = forms.ChoiceField(choices=ExpectedChange.choices)
    evidence = QuoteChoiceField(
        label="Quotes that justify it",
        queryset=None,
        required=False,
        help_text="The excerpts chosen as quotes for the program's report.",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, program: "Program", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from winloss.coding.models import CodedExcerpt, Theme
        from winloss.escalations.models import Escalation

        # The fields as declared above: the form's field dict knows them only as Fields.
        theme = cast(forms.ModelChoiceField, self.fields["theme"])
        escalation = cast(forms.ModelChoiceField, self.fields["escalation"])
        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        evidence = cast(IdsChoiceField, self.fields["evidence"])
        theme.queryset = Theme.objects.filter(workspace=program.workspace, is_active=True)
        escalation.queryset = Escalation.objects.filter(program=program)
        owner.queryset = User.objects.filter(memberships__workspace=program.workspace).order_by(
            "name", "email"
        )
        # The quotes of the report: the evidence readers of the report will see.
        # Each is labelled with its theme: fetched with the quotes, not one by one.
        evidence.queryset = (
            CodedExcerpt.objects.filter(program=program, report_quotes__isnull=False)
            .select_related("theme")
            .distinct()
        )
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

    def __init__(self, *args: Any, workspace: "Workspace", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        owner.queryset = User.objects.filter(memberships__workspace=workspace)
