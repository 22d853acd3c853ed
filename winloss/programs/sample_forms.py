from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from .models import Allocation, EntryStatus
from .sampling.strata import BAND_METHODS, SEGMENT_DIMENSIONS


class DrawForm(forms.Form):
    size = forms.IntegerField(
        label="Sample size", min_value=1, max_value=10_000, help_text="Deals to approach."
    )
    allocation = forms.ChoiceField(
        choices=Allocation.choices,
        initial=Allocation.PROPORTIONAL,
        help_text="Proportional mirrors the pipeline; balanced gives each outcome the same "
        "number of places, so losses are heard as often as wins.",
    )
    dimension = forms.ChoiceField(
        label="Stratify by segment",
        choices=list(SEGMENT_DIMENSIONS.items()),
        initial="region",
        required=False,
    )
    band_method = forms.ChoiceField(
        label="Deal-size bands", choices=list(BAND_METHODS.items()), initial="terciles"
    )
    band_edges = forms.CharField(
        label="Band amounts",
        required=False,
        help_text=(
            "With bands you give: the amounts where bands begin, e.g. 10000, 50000; in the "
            "currency most deals are in when the scope holds several."
        ),
    )
    min_per_cell = forms.IntegerField(
        label="Minimum per stratum",
        min_value=0,
        max_value=100,
        initial=1,
        help_text="Every stratum with eligible deals gets at least this many places.",
    )
    recent_days = forms.IntegerField(
        label="Keep out accounts approached in the last (days)",
        min_value=0,
        max_value=3650,
        initial=180,
    )
    seed = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=2**62,
        help_text="Leave empty for a new random draw; the seed used is recorded either way.",
    )

    def clean_band_edges(self) -> list[Decimal]:
        text = self.cleaned_data.get("band_edges", "")
        edges = []
        for part in text.replace(";", ",").split(","):
            part = part.strip().replace(" ", "")
            if not part:
                continue
            try:
                edges.append(Decimal(part.replace("_", "")))
            except InvalidOperation:
                raise forms.ValidationError(f"{part!r} is not an amount.") from None
        if edges != sorted(set(edges)):
            raise forms.ValidationError("Give different amounts in increasing order.")
        return edges

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("band_method") == "custom" and not data.get("band_edges"):
            self.add_error("band_edges", "Give at least one amount where a band begins.")
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=2000, widget=forms.TextInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class RefusalForm(ReasonForm):
    status = forms.ChoiceField(
        choices=[
            (EntryStatus.DECLINED, "Declined"),
            (EntryStatus.UNREACHABLE, "Unreachable"),
        ]
    )


class AddDealForm(forms.Form):
    crm_id = forms.CharField(label="Deal's CRM id", max_length=100)
    reason = forms.CharField(label="Why add it", max_length=2000)
    override = forms.BooleanField(
        label="Approve it even if it is kept out (dispute, do-not-contact, recently approached)",
        required=False,
    )


class AssignForm(forms.Form):
    interviewer = forms.IntegerField(required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
