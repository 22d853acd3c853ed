from typing import Any, cast

from django import forms

from winloss.accounts.models import Workspace
from winloss.deals.models import Competitor
from winloss.lib.concurrency import ShowsConflicts
from winloss.lib.taxonomy import SOP_THEMES


class DebriefForm(ShowsConflicts, forms.Form):
    main_reason = forms.ChoiceField(
        label="The main reason the deal went as it did", choices=list(SOP_THEMES.items())
    )
    what_else = forms.CharField(
        label="What else mattered?", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    competitor = forms.ModelChoiceField(
        label="The competitor",
        queryset=Competitor.objects.none(),
        required=False,
        empty_label="None / don't know",
    )
    do_differently = forms.CharField(
        label="What would you do differently?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, workspace: Workspace, won: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        competitor = cast(forms.ModelChoiceField, self.fields["competitor"])
        competitor.queryset = Competitor.objects.filter(workspace=workspace)
        if won:
            del self.fields["do_differently"]
