from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict

from winloss.accounts.models import Workspace
from winloss.lib.concurrency import VersionedForm
from winloss.lib.forms import is_id

from ..models import Theme
from . import INDUSTRY_PACKS
from .files import examples_text, lines, parse_examples

LIST_HELP = "One per line."
EXAMPLES_HELP = (
    "One buyer statement per line, starting with its direction: “win_driver:”, “loss_driver:” "
    "or “neutral:” (W:, L:, N: for short)."
)


def _active_themes(workspace: Workspace, exclude: Theme | None = None) -> QuerySet[Theme]:
    themes = Theme.objects.filter(workspace=workspace, is_active=True)
    return themes.exclude(pk=exclude.pk) if exclude is not None else themes


class _ListFields(forms.Form):
    include = forms.CharField(
        label="Include when", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    exclude = forms.CharField(
        label="Exclude when", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    examples = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False)
    seed_phrases = forms.CharField(
        label="Seed phrases", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean_include(self) -> list[str]:
        return lines(self.cleaned_data["include"])

    def clean_exclude(self) -> list[str]:
        return lines(self.cleaned_data["exclude"])

    def clean_seed_phrases(self) -> list[str]:
        return lines(self.cleaned_data["seed_phrases"])

    def clean_examples(self) -> list[dict]:
        try:
            return parse_examples(self.cleaned_data["examples"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class ThemeForm(VersionedForm):
    include = _ListFields.base_fields["include"]
    exclude = _ListFields.base_fields["exclude"]
    examples = _ListFields.base_fields["examples"]
    seed_phrases = _ListFields.base_fields["seed_phrases"]
    clean_include = _ListFields.clean_include
    clean_exclude = _ListFields.clean_exclude
    clean_seed_phrases = _ListFields.clean_seed_phrases
    clean_examples = _ListFields.clean_examples

    class Meta:
        model = Theme
        fields = ["name", "parent", "definition"]
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, parents: QuerySet[Theme] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme = self.instance
        # The model's foreign key makes a ModelChoiceField; the fields dict knows only Fields.
        parent = cast(forms.ModelChoiceField, self.fields["parent"])
        parent.queryset = (
            parents if parents is not None else _active_themes(theme.workspace, exclude=theme)
        )
        parent.label = "Sub-theme of"
        self.fields["include"].help_text = self.fields["exclude"].help_text = LIST_HELP
        self.fields["seed_phrases"].help_text = LIST_HELP
        self.fields["examples"].help_text = EXAMPLES_HELP
        if not self.is_bound:
            self.initial.update(
                include="\n".join(theme.include),
                exclude="\n".join(theme.exclude),
                seed_phrases="\n".join(theme.seed_phrases),
                examples=examples_text(theme.examples),
            )


class NewThemeForm(_ListFields):
    slug = forms.CharField(
        label="Short name",
        max_length=49,
        help_text="Lowercase letters, digits and _ (e.g. data_residency). It never changes.",
    )
    name = forms.CharField(max_length=200)
    parent = forms.ModelChoiceField(
        label="Sub-theme of", queryset=Theme.objects.none(), required=False
    )
    definition = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    field_order = ["slug", "name", "parent", "definition"]

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = _active_themes(workspace)
        self.fields["examples"].help_text = EXAMPLES_HELP


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(label="Merge into", queryset=Theme.objects.none())

    def __init__(
        self, *args: Any, theme: Theme, targets: QuerySet[Theme] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        target = cast(forms.ModelChoiceField, self.fields["target"])
        target.queryset = (
            targets if targets is not None else _active_themes(theme.workspace, exclude=theme)
        )


class PackForm(forms.Form):
    pack = forms.ChoiceField(
        label="Industry pack",
        choices=[(name, name.replace("_", " ").capitalize()) for name in INDUSTRY_PACKS],
    )


class ImportForm(forms.Form):
    file = forms.FileField(label="Codebook CSV")


class PublishForm(forms.Form):
    """Publish the draft the person read: ``version`` is the draft's as the page showed it."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(
        label="What changed and why",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept with the version, for whoever reads the codebook's history.",
    )


class DiscardForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CompareForm(forms.Form):
    """Two versions of the codebook to set side by side, by number (``?old=2&new=3``)."""

    old = forms.TypedChoiceField(label="Compare version", coerce=int)
    new = forms.TypedChoiceField(label="with version", coerce=int)

    def __init__(self, *args: Any, numbers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("old", "new"):
            cast(forms.TypedChoiceField, self.fields[name]).choices = numbers


class ReviewForm(forms.Form):
    """A decision on the excerpts ticked in the review queue (their ids come as ``excerpt``):
    they still fit their theme as it is now defined, or they move to another theme."""

    FITS, RECODE = "fits", "recode"

    decision = forms.ChoiceField(choices=[(FITS, "Still fits"), (RECODE, "Recode")])
    theme = forms.ModelChoiceField(
        label="Recode the selected excerpts to", queryset=Theme.objects.none(), required=False
    )

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["theme"]).queryset = _active_themes(workspace)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == self.RECODE and cleaned.get("theme") is None:
            self.add_error("theme", "Choose the theme to recode the selected excerpts to.")
        return cleaned

    def excerpt_ids(self) -> list[int]:
        data = cast(QueryDict, self.data)  # bound to a POST
        return [int(v) for v in data.getlist("excerpt") if is_id(v)]
