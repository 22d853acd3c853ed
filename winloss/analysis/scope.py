"""Which interviews an analysis counts: validated ones only, narrowed by the page's filters."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from winloss.interviews.models import Interview, InterviewStatus
from winloss.interviews.queries import validated_interviews

if TYPE_CHECKING:
    from winloss.programs.models import Program

# Filters the page, the CLI and the API accept, and the interview field each narrows.
FILTERS: dict[str, str] = {
    "outcome": "entry__outcome",
    "region": "entry__deal__region",
    "product_line": "entry__deal__product_line",
    "industry": "entry__deal__industry",
    "tier": "entry__deal__tier",
    "competitor": "entry__deal__primary_competitor__name",
    "interviewer": "interviewer__email",
}

# Cuts (SOP step 8: deviations by segment, region, product line …): label and interview path.
CUTS: dict[str, tuple[str, str]] = {
    "region": ("Region", "entry__deal__region"),
    "segment": ("Segment (account tier)", "entry__deal__tier"),
    "industry": ("Industry", "entry__deal__industry"),
    "product_line": ("Product line", "entry__deal__product_line"),
    "competitor": ("Competitor", "entry__deal__primary_competitor__name"),
    "interviewer": ("Interviewer", "interviewer__name"),
    "band": ("Deal size", "size_band"),  # annotated: the program's deal-size bands
    "respondent_role": ("Respondent role", "respondent_role"),
}
# Cuts that differ between the people heard on one deal: their figures count interviews (a
# deal heard from procurement and from the economic buyer is in both groups). Every other cut
# describes the deal, and its figures count each deal once however many were heard.
VOICE_CUTS = ("interviewer", "respondent_role")
DEAL_CUTS = tuple(key for key in CUTS if key not in VOICE_CUTS)


@dataclass(frozen=True)
class Scope:
    program: "Program"
    filters: dict[str, str] = field(default_factory=dict)

    def interviews(self) -> QuerySet[Interview]:
        return self.interviews_of([self.program])

    def interviews_of(self, programs: list["Program"]) -> QuerySet[Interview]:
        """Validated interviews of these programs (the waves, for trends), filtered."""
        qs = validated_interviews(programs[0])
        for program in programs[1:]:
            qs = qs | validated_interviews(program)
        for name, value in self.filters.items():
            if name in FILTERS and value:
                qs = qs.filter(**{FILTERS[name]: value})
        return qs

    def excluded(self) -> list[tuple[Interview, str]]:
        """Interviews of the program left out, and why (SOP step 6: until fixed)."""
        rows = (
            Interview.objects.filter(program=self.program)
            .exclude(pk__in=validated_interviews(self.program).values("pk"))
            .select_related("entry__deal", "validation")
            .order_by("pk")
        )
        out = []
        for interview in rows[:200]:
            if interview.status != InterviewStatus.COMPLETED:
                why = "not completed"
            else:
                validation = getattr(interview, "validation", None)
                why = validation.get_status_display().lower() if validation else "not reviewed"
            out.append((interview, why))
        return out


def known_values(program, names: list[str]) -> dict[str, list[str]]:
    """The values these filters can take among the program's validated interviews, for the
    filter form's suggestions: one query over the distinct combinations."""
    rows = (
        validated_interviews(program)
        .order_by()
        .values_list(*(FILTERS[name] for name in names))
        .distinct()
    )
    found: dict[str, set[str]] = {name: set() for name in names}
    for row in rows:
        for name, value in zip(names, row, strict=True):
            if value:
                found[name].add(value)
    return {name: sorted(values) for name, values in found.items()}


def scope_from(program, params) -> Scope:
    return Scope(program, {k: params.get(k, "") for k in FILTERS if params.get(k)})


def without(q: Q | None = None) -> Q:
    return q or Q()
