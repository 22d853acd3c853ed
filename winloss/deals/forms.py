from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict

from winloss.lib.concurrency import StaleEdit, VersionedForm
from winloss.lib.forms import IdsChoiceField

from .imports.outcomes import StageRow
from .models import Account, Competitor, Contact, Deal, Outcome, StageMapping


class DealForm(VersionedForm):
    class Meta:
        model = Deal
        fields = [
            "name",
            "outcome",
            "stage",
            "amount",
            "currency",
            "created_date",
            "close_date",
            "owner_name",
            "owner_email",
            "owner_team",
            "product",
            "product_line",
            "region",
            "industry",
            "tier",
            "primary_competitor",
            "rep_stated_reason",
            "open_dispute",
        ]
        widgets = {
            "created_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "close_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "rep_stated_reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, hide_rep_reason: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The model's foreign key makes a ModelChoiceField; the fields dict knows only Fields.
        competitor = cast(forms.ModelChoiceField, self.fields["primary_competitor"])
        competitor.queryset = Competitor.objects.filter(workspace=self.instance.workspace)
        if hide_rep_reason:
            del self.fields["rep_stated_reason"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        # The database refuses these too; saying it here names the field for the person.
        if data.get("outcome") in Deal.CLOSED_OUTCOMES_VALUES and not data.get("close_date"):
            self.add_error("close_date", "A closed deal needs its close date.")
        created, closed = data.get("created_date"), data.get("close_date")
        if created and closed and closed < created:
            self.add_error("close_date", "The close date is before the date the deal opened.")
        return data


class CompetitorForm(forms.Form):
    name = forms.CharField(max_length=200)
    website = forms.URLField(required=False, assume_scheme="https")
    aliases = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Other names buyers and the CRM use, one per line.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_aliases(self) -> list[str]:
        lines = self.cleaned_data["aliases"].splitlines()
        return [line.strip() for line in lines if line.strip()]

    def show_conflict(self, error: StaleEdit) -> None:
        """Keep what was typed, move it onto the saved version, and say why it was not saved."""
        data = cast(QueryDict, self.data).copy()  # bound to a POST
        data["version"] = str(cast(Competitor, error.current).version)
        self.data = data
        self.add_error(None, str(error))


class StageOutcomesForm(forms.Form):
    """Every stage's outcome on one form, saved as a whole on the version it was made from."""

    MAX_STAGES = 1_000

    version = forms.CharField(widget=forms.HiddenInput)
    new_stage = forms.CharField(
        label="Another stage",
        max_length=StageMapping._meta.get_field("stage").max_length,
        required=False,
        help_text="A stage your CRM uses that no deal here carries yet, e.g. Verbal Commit.",
    )
    new_outcome = forms.ChoiceField(
        label="Imports read it as", choices=[("", "Choose…"), *Outcome.choices], required=False
    )

    def __init__(self, *args: Any, rows: list[StageRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows[: self.MAX_STAGES]
        for i, row in enumerate(self.rows):
            self.fields[f"outcome-{i}"] = forms.ChoiceField(
                label=row.stage,
                required=False,
                choices=[("", f"Default: {row.default_label}"), *Outcome.choices],
                initial=row.saved,
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        new_stage = (data.get("new_stage") or "").strip()
        if new_stage and not data.get("new_outcome"):
            self.add_error("new_outcome", f"Choose how imports should read {new_stage!r}.")
        if data.get("new_outcome") and not new_stage:
            self.add_error("new_stage", "Name the stage.")
        return data

    def outcomes(self) -> dict[str, str]:
        """Stage -> chosen outcome ("" for the default), the new stage last."""
        chosen = {row.stage: self.cleaned_data[f"outcome-{i}"] for i, row in enumerate(self.rows)}
        if new_stage := self.cleaned_data["new_stage"].strip():
            chosen[new_stage] = self.cleaned_data["new_outcome"]
        return chosen

    def stage_fields(self) -> list[tuple[StageRow, forms.BoundField]]:
        return [(row, self[f"outcome-{i}"]) for i, row in enumerate(self.rows)]


class DealsChoiceField(IdsChoiceField):
    def label_from_instance(self, obj: Deal) -> str:
        return f"{obj.name} ({obj.get_outcome_display()}" + (
            f", closed {obj.close_date:%-d %b %Y})" if obj.close_date else ")"
        )


class ContactForm(forms.ModelForm):
    """A person at the buyer: who the sample approaches and how they took part in the decision."""

    deals = DealsChoiceField(
        label="Took part in these deals",
        queryset=Deal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="A sample drawn already gives these deals this respondent if they have none.",
    )

    class Meta:
        model = Contact
        fields = ["name", "title", "email", "phone", "decision_role", "do_not_contact"]
        help_texts = {
            "decision_role": "The sample asks the executive sponsor first, then evaluators."
        }

    def __init__(
        self, *args: Any, account_deals: QuerySet[Deal] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        if account_deals is None:
            del self.fields["deals"]
        else:
            cast(DealsChoiceField, self.fields["deals"]).queryset = account_deals


class ContactEditForm(VersionedForm):
    """Correcting a contact: the same fields as adding one, on the version it was opened on."""

    class Meta:
        model = Contact
        fields = ContactForm.Meta.fields
        help_texts = ContactForm.Meta.help_texts

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True


class AccountForm(VersionedForm):
    """Correcting an account imported from the CRM (its name, where the export gave an id)."""

    class Meta:
        model = Account
        fields = ["name", "industry", "country", "region", "tier", "employees", "parent_name"]
