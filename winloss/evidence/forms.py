"""The search form: its choices are the workspace's own themes, programs, competitors,
segments and regions, so a filter can only name something that exists."""

from typing import Any, cast

from django import forms

from winloss.accounts.models import Workspace
from winloss.coding.models import Direction, Theme
from winloss.deals.models import Competitor, Deal, DecisionRole, Outcome
from winloss.programs.models import Program, SampleEntry

from .queries import Filters

ANY = [("", "Any")]
FOLLOWABLE = ("theme", "competitor", "segment", "program")


def _distinct(queryset: Any, name: str) -> list[tuple[str, str]]:
    values = queryset.exclude(**{name: ""}).values_list(name, flat=True).distinct()
    return [(v, v) for v in sorted(values.order_by())]


class SearchForm(forms.Form):
    q = forms.CharField(label="Words", required=False, max_length=500)
    theme = forms.ChoiceField(required=False)
    direction = forms.ChoiceField(required=False, choices=ANY + list(Direction.choices))
    outcome = forms.ChoiceField(required=False, choices=ANY + list(Outcome.choices))
    competitor = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    segment = forms.ChoiceField(required=False)
    region = forms.ChoiceField(required=False)
    role = forms.ChoiceField(
        label="Respondent's role", required=False, choices=ANY + list(DecisionRole.choices)
    )
    program = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    wave = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    since = forms.DateField(label="Interviewed from", required=False)
    until = forms.DateField(label="Interviewed until", required=False)

    def __init__(
        self, *args: Any, workspace: Workspace, waves: dict[int, list[int]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        themes = Theme.objects.filter(workspace=workspace).order_by("-is_active", "position")
        self._choices(
            "theme",
            [
                (t.slug, t.name if t.is_active else f"{t.name} (retired)")
                for t in themes.only("slug", "name", "is_active")
            ],
        )
        competitors = Competitor.objects.filter(workspace=workspace).order_by("name")
        self._choices("competitor", [(c.pk, c.name) for c in competitors.only("name")])
        self._choices(
            "segment", _distinct(SampleEntry.objects.filter(workspace=workspace), "segment")
        )
        self._choices("region", _distinct(Deal.objects.filter(workspace=workspace), "region"))
        names = dict(Program.objects.filter(workspace=workspace).values_list("pk", "name"))
        # A recurring program by its newest wave's name; its value is its first wave.
        programs = sorted({members[0]: members for members in waves.values()}.items())
        self._choices(
            "program",
            [
                (
                    first,
                    names[members[-1]] + (f" (all {len(members)} waves)" if members[1:] else ""),
                )
                for first, members in programs
            ],
        )
        self._choices("wave", sorted(names.items(), key=lambda item: item[1].lower()))

    def _choices(self, name: str, choices: list[tuple[Any, str]]) -> None:
        field = cast(forms.ChoiceField, self.fields[name])
        field.choices = ANY + choices

    def followable(self) -> list[tuple[str, str, str]]:
        """(filter, value, its name) for each filter of this valid search that a person may
        follow for a weekly digest: a theme, competitor, segment or program."""
        found = []
        for name in FOLLOWABLE:
            value = self.cleaned_data.get(name)
            if value not in ("", None):
                names = dict(cast(list[tuple[Any, str]], self.fields[name].choices))  # type: ignore[attr-defined]
                found.append((name, str(value), names[value]))
        return found

    def filters(self) -> Filters:
        """The search the valid form describes (call after ``is_valid``)."""
        data = {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}
        return Filters(**data)


class SaveSearchForm(forms.Form):
    name = forms.CharField(label="Name this search", max_length=100)
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)
