"""Which interviews an analysis counts: validated ones only, narrowed by the page's filters."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from winloss.interviews.models import Interview, InterviewStatus
from winloss.interviews.queries import validated_interviews

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


@dataclass(frozen=True)
class Scope:
    program: object
    filters: dict[str, str] = field(default_factory=dict)

    def interviews(self) -> QuerySet[Interview]:
        qs = validated_interviews(self.program)
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


def scope_from(program, params) -> Scope:
    return Scope(program, {k: params.get(k, "") for k in FILTERS if params.get(k)})


def without(q: Q | None = None) -> Q:
    return q or Q()
