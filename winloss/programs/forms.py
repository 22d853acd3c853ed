from typing import Any, cast

from django import forms

from winloss.accounts.models import User, Workspace
from winloss.accounts.roles import Cap, role_can
from winloss.deals.models import STUDY_OUTCOMES, Outcome
from winloss.lib.concurrency import VersionedForm

from .models import MIN_PER_OUTCOME, Program, ResearchQuestion
from .queries import segment_values
from .recency import MAX_DAYS

SEGMENT_FIELDS = {
    "product_lines": "product_line",
    "regions": "region",
    "industries": "industry",
    "tiers": "tier",
}


class ProgramScopeForm(VersionedForm):
    deal_types = forms.MultipleChoiceField(
        label="Deal types",
        choices=[(o.value, o.label) for o in Outcome if o in STUDY_OUTCOMES],
        widget=forms.CheckboxSelectMultiple,
        help_text="Which outcomes this wave learns from. Mix wins and losses.",
    )
    research_questions = forms.MultipleChoiceField(
        choices=ResearchQuestion.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    product_lines = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Leave all unticked to include every product line.",
    )
    regions = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, required=False)
    industries = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, required=False)
    tiers = forms.MultipleChoiceField(
        label="Account tiers", widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Program
        fields = list(Program.SCOPE_FIELDS)
        widgets = {
            "window_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "window_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "objective": forms.Textarea(attrs={"rows": 3}),
            "other_questions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        # The fields as declared (here or from the model): the form's dict knows only Fields.
        for name, deal_field in SEGMENT_FIELDS.items():
            values = segment_values(workspace, deal_field)
            # Keep values already in the scope even if no deal carries them any more.
            values += [v for v in (getattr(self.instance, name) or []) if v not in values]
            cast(forms.MultipleChoiceField, self.fields[name]).choices = [(v, v) for v in values]
        owners = [
            m.user_id for m in workspace.memberships.all() if role_can(m.role, Cap.EDIT_SCOPE)
        ]
        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        owner.queryset = User.objects.filter(pk__in=owners)
        # Left out (a script posting the scope, an older form): the length stays as it is.
        self.fields["interview_minutes"].required = False
        self.fields["recency_days"].required = False
        # Left blank (or absent from an older form), the minimum stays as it is.
        minimum = cast(forms.IntegerField, self.fields["min_per_outcome"])
        minimum.required = False
        minimum.min_value = 1

    def clean_interview_minutes(self) -> int:
        value = self.cleaned_data.get("interview_minutes")
        return value or self.instance.interview_minutes or 30

    def clean_recency_days(self) -> int:
        # Forms and API calls that leave it out keep the program's setting.
        value = self.cleaned_data.get("recency_days")
        if value is not None and value > MAX_DAYS:
            raise forms.ValidationError(f"At most {MAX_DAYS:,} days.")
        return value if value is not None else self.instance.recency_days or 90

    def clean_min_per_outcome(self) -> int:
        value = self.cleaned_data.get("min_per_outcome")
        if value is None:
            return self.instance.min_per_outcome or MIN_PER_OUTCOME
        if value < 1:
            raise forms.ValidationError("At least 1 interview per outcome.")
        return value

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("window_start"), data.get("window_end")
        if start and end and end < start:
            self.add_error("window_end", "The window must end on or after its start.")
        name = data.get("name")
        if name and (
            Program.objects.filter(workspace=self.workspace, name__iexact=name)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("name", "Another program in this workspace already has this name.")
        return data


class NewProgramForm(ProgramScopeForm):
    # A new program has no version to race; None removes the field (the stubs cannot say so).
    version = None  # type: ignore[assignment]

    class Meta(ProgramScopeForm.Meta):
        fields = ProgramScopeForm.Meta.fields
