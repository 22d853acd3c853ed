from typing import Any, cast

from django import forms
from django.http import QueryDict

from winloss.accounts.models import Workspace
from winloss.deals.models import Competitor
from winloss.lib.forms import is_id

from .models import Direction, Theme


class CodeForm(forms.Form):
    """One code for a piece of a passage. The browser fills ``start``, ``end`` and ``text``
    from the selection; without JavaScript a person types the positions (the whole passage
    by default)."""

    passage = forms.CharField(max_length=40)
    start = forms.IntegerField(min_value=0, initial=0)
    end = forms.IntegerField(
        min_value=1, required=False, help_text="Leave empty for the whole passage."
    )
    text = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)
    theme = forms.ModelChoiceField(queryset=Theme.objects.none(), widget=forms.RadioSelect)
    direction = forms.ChoiceField(choices=Direction.choices, widget=forms.RadioSelect)
    competitor = forms.ModelChoiceField(queryset=Competitor.objects.none(), required=False)

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The fields as declared above: the form's field dict knows them only as Fields.
        theme = cast(forms.ModelChoiceField, self.fields["theme"])
        competitor = cast(forms.ModelChoiceField, self.fields["competitor"])
        theme.queryset = Theme.objects.filter(workspace=workspace, is_active=True)
        competitor.queryset = Competitor.objects.filter(workspace=workspace)


class RecodeForm(forms.Form):
    """Where to move the excerpts ticked on a theme's page (their ids come as ``excerpt``)."""

    theme = forms.ModelChoiceField(
        label="Move the selected excerpts to", queryset=Theme.objects.none()
    )

    def __init__(
        self, *args: Any, workspace: Workspace, exclude: Theme | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        themes = Theme.objects.filter(workspace=workspace, is_active=True)
        theme = cast(forms.ModelChoiceField, self.fields["theme"])
        theme.queryset = themes.exclude(pk=exclude.pk) if exclude else themes

    def excerpt_ids(self) -> list[int]:
        data = cast(QueryDict, self.data)  # bound to a POST
        return [int(v) for v in data.getlist("excerpt") if is_id(v)]


class HistoryImportForm(forms.Form):
    file = forms.FileField(
        label="Past coded interviews (CSV or XLSX)",
        help_text="One row an excerpt: deal CRM id, interview date, respondent name and role, "
        "attribution, excerpt text, theme, direction, competitor, rep's stated reason.",
    )
