"""The sample-size planner: how many interviews to hear an issue, and how sure a share is."""

from dataclasses import dataclass

from django import forms

from winloss.lib.stats import chance_to_hear, expected_margin, interviews_needed

SHARES = (0.05, 0.10, 0.20, 0.30)
SIZES = (10, 20, 30, 50, 100)


class PlannerForm(forms.Form):
    share = forms.FloatField(
        label="Share of buyers an issue affects (%)",
        min_value=1,
        max_value=99,
        initial=10,
        help_text="For example 10: one buyer in ten meets it.",
    )
    interviews = forms.IntegerField(label="Interviews", min_value=1, max_value=10_000)
    chance = forms.FloatField(
        label="Chance of hearing it at least once (%)", min_value=1, max_value=99, initial=80
    )


@dataclass(frozen=True)
class Plan:
    share: float
    interviews: int
    chance: float
    chance_with_n: float
    needed: int
    margin: float
    table: list[tuple[int, list[float], float]]  # n, chance per share in SHARES, margin


def plan(form: PlannerForm, *, default_interviews: int) -> Plan:
    share, interviews, chance = 0.10, default_interviews, 0.80
    if form.is_bound and form.is_valid():
        share = form.cleaned_data["share"] / 100
        interviews = form.cleaned_data["interviews"]
        chance = form.cleaned_data["chance"] / 100
    return Plan(
        share=share,
        interviews=interviews,
        chance=chance,
        chance_with_n=chance_to_hear(share, interviews),
        needed=interviews_needed(share, chance),
        margin=expected_margin(interviews),
        table=[
            (n, [chance_to_hear(p, n) for p in SHARES], expected_margin(n))
            for n in sorted({*SIZES, interviews})
        ],
    )
