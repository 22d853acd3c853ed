"""Inter-coder agreement (SOP step 7): second coders on a share of a program's validated
interviews, Cohen's kappa per theme and Krippendorff's alpha over the double-coded ones, and
settling the passages the two coders saw differently.

A unit is a passage (a note or a transcript turn) of a double-coded interview; each coder's
value for it is the set of themes they applied anywhere in it. Coder A is everyone who coded
the interview other than its second coder (normally one analyst).
"""

import math
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet

from winloss.accounts.models import Membership, User, Workspace
from winloss.accounts.roles import Cap, roles_with
from winloss.activity.services import log_action
from winloss.interviews.models import Interview, Note, TranscriptTurn
from winloss.interviews.queries import validated_interviews
from winloss.programs.models import Program

from ..models import CodedExcerpt, SecondCoding, Settlement, Theme
from ..services import CodingError, check_coder
from ..summary import refresh_summary
from .stats import kappa_per_theme, krippendorff_alpha


@dataclass
class Disagreement:
    interview_id: int
    key: str
    text: str
    a: list[str]
    b: list[str]

    @property
    def both(self) -> list[str]:
        return [slug for slug in self.a if slug in self.b]


@dataclass
class Agreement:
    interviews: int = 0  # double-coded: both coders coded something there
    units: int = 0
    alpha: float | None = None
    kappas: dict[str, float] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)


def coders_of(workspace: Workspace) -> QuerySet[Membership]:
    """Members whose role may code, for choosing a second coder."""
    return (
        Membership.objects.filter(workspace=workspace, role__in=roles_with(Cap.CODE))
        .select_related("user")
        .order_by("user__name", "user__email")
    )


@transaction.atomic
def assign_second_coder(
    *, program: Program, coder: User, share: float, user: User
) -> list[SecondCoding]:
    """Give ``coder`` a random ``share`` (0–1] of the program's validated interviews that have
    no second coder yet and that they have not coded themselves."""
    if not 0 < share <= 1:
        raise CodingError("Choose a share between 1% and 100%.")
    if not coders_of(program.workspace).filter(user=coder).exists():
        raise CodingError("The second coder must be a member whose role may code.")
    validated = validated_interviews(program)
    candidates = list(
        validated.filter(second_coding__isnull=True)
        .exclude(excerpts__coder=coder)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    wanted = (
        math.ceil(share * validated.count()) - SecondCoding.objects.filter(program=program).count()
    )
    if wanted <= 0 or not candidates:
        raise CodingError("That share of the validated interviews already has a second coder.")
    # Seeded by the program: the same request picks the same interviews (reproducible).
    chosen = random.Random(program.pk).sample(candidates, min(wanted, len(candidates)))
    made = SecondCoding.objects.bulk_create(
        [
            SecondCoding(
                workspace=program.workspace,
                program=program,
                interview_id=pk,
                coder=coder,
                assigned_by=user,
            )
            for pk in sorted(chosen)
        ]
    )
    refresh_summary(chosen)  # from now on their second coder's codes wait for settling
    log_action(
        program,
        "coding.second_coder_assigned",
        user=user,
        data={"coder": str(coder), "count": len(made), "share": f"{share:.0%}"},
    )
    return made


def _key(note_id: int | None, turn_id: int | None) -> str:
    return f"note-{note_id}" if note_id else f"turn-{turn_id}"


def agreement_for(program: Program) -> Agreement:
    seconds = dict(
        SecondCoding.objects.filter(program=program).values_list("interview_id", "coder_id")
    )
    if not seconds:
        return Agreement()
    a: dict[tuple[int, str], set[str]] = {}
    b: dict[tuple[int, str], set[str]] = {}
    coded_by: dict[int, set[str]] = {}
    rows = CodedExcerpt.objects.filter(interview_id__in=list(seconds)).values_list(
        "interview_id", "note_id", "transcript_turn_id", "coder_id", "theme__slug"
    )
    for interview_id, note_id, turn_id, coder_id, slug in rows.iterator(chunk_size=5000):
        second = coder_id == seconds[interview_id]
        coded_by.setdefault(interview_id, set()).add("b" if second else "a")
        (b if second else a).setdefault((interview_id, _key(note_id, turn_id)), set()).add(slug)
    double = [i for i, sides in coded_by.items() if sides == {"a", "b"}]
    if not double:
        return Agreement()
    texts: dict[tuple[int, str], str] = {}
    for pk, interview_id, text in (
        Note.objects.filter(interview_id__in=double)
        .exclude(text="")
        .values_list("pk", "interview_id", "text")
    ):
        texts[(interview_id, f"note-{pk}")] = text
    for pk, interview_id, text in (
        TranscriptTurn.objects.filter(transcript__interview_id__in=double)
        .exclude(text="")
        .values_list("pk", "transcript__interview_id", "text")
    ):
        texts[(interview_id, f"turn-{pk}")] = text
    units = sorted(texts)
    codings_a = {unit: frozenset(a.get(unit, ())) for unit in units}
    codings_b = {unit: frozenset(b.get(unit, ())) for unit in units}
    # Krippendorff's alpha, nominal, with each coder's set of themes as the unit's value.
    alpha = krippendorff_alpha(
        [
            [",".join(sorted(codings_a[u])) or "-" for u in units],
            [",".join(sorted(codings_b[u])) or "-" for u in units],
        ]
    )
    settled = {
        (s.interview_id, s.passage_key)
        for s in Settlement.objects.filter(interview_id__in=double).only(
            "interview_id", "note_id", "transcript_turn_id"
        )
    }
    disagreements = [
        Disagreement(
            unit[0], unit[1], texts[unit], sorted(codings_a[unit]), sorted(codings_b[unit])
        )
        for unit in units
        if codings_a[unit] != codings_b[unit] and unit not in settled
    ]
    return Agreement(
        interviews=len(double),
        units=len(units),
        alpha=alpha,
        kappas=kappa_per_theme(codings_a, codings_b),
        disagreements=disagreements,
    )


@transaction.atomic
def settle(
    *, interview: Interview, passage_key: str, themes: list[Theme], user: User
) -> Settlement:
    """Record the themes the coders agreed on for a passage they coded differently."""
    from ..passages import find_passage

    check_coder(interview, user)
    passage = find_passage(interview, passage_key)
    if passage is None:
        raise CodingError("That passage is not part of this interview.")
    if any(t.workspace_id != interview.workspace_id for t in themes):
        raise CodingError("Choose themes of this workspace's codebook.")
    Settlement.objects.filter(interview=interview, **passage.links()).delete()
    settlement = Settlement.objects.create(
        workspace=interview.workspace,
        interview=interview,
        themes=sorted(t.slug for t in themes),
        settled_by=user,
        **passage.links(),
    )
    refresh_summary([interview.pk])  # the settled themes now count
    log_action(
        settlement,
        "coding.settled",
        user=user,
        data={"themes": [t.name for t in themes] or ["no theme"], "length": len(passage.text)},
    )
    return settlement
