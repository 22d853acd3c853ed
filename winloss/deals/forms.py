from django import forms

from winloss.lib.concurrency import VersionedForm

from .models import Competitor, Deal


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

    def __init__(self, *args, hide_rep_reason: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["primary_competitor"].queryset = Competitor.objects.filter(
            workspace=self.instance.workspace
        )
        if hide_rep_reason:
            del self.fields["rep_stated_reason"]

    def clean(self):
        data = super().clean()
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
