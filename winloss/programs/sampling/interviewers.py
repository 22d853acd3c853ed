"""Who interviews each sampled deal: a neutral person, with the load balanced."""

from collections import defaultdict

from django.apps import apps
from django.db import transaction

from winloss.accounts.models import Membership, User, Workspace
from winloss.accounts.roles import Cap, Role, role_can
from winloss.activity.services import log_action

from ..models import (
    EntryStatus,
    Program,
    SampleEntry,
)
from .common import SampleError, transition
from .picking import load_by_interviewer

NOT_A_MEMBER = "Choose an interviewer among the members of this workspace."


def interviewer_choices(workspace: Workspace) -> list[User]:
    """Members who may conduct interviews here (SOP step 5), agency people included."""
    memberships = Membership.objects.filter(workspace=workspace).select_related("user")
    return sorted(
        (m.user for m in memberships if role_can(m.role, Cap.CONDUCT)), key=lambda u: str(u)
    )


@transaction.atomic
def assign_interviewer(
    entry: SampleEntry, *, interviewer: User | None, user: User | None, expected_version: int
) -> SampleEntry:
    """Name the interviewer. Never the deal's own owner: the buyer must speak to a neutral
    person (SOP best practice), whatever the form or the API sent."""
    if interviewer is not None:
        if not Membership.objects.filter(user=interviewer, workspace=entry.workspace).exists():
            raise SampleError(NOT_A_MEMBER)  # never named: they belong to another workspace
        if interviewer.pk not in {u.pk for u in interviewer_choices(entry.workspace)}:
            raise SampleError(f"{interviewer} cannot conduct interviews in this workspace.")
        if entry.deal.is_owned_by(interviewer):
            raise SampleError(
                f"{interviewer} owns “{entry.deal}”: a rep must not interview their own deal."
            )
    transition(entry, expected_version, interviewer=interviewer)
    # An interview already under way moves with the deal, so the new interviewer finishes it:
    # only an interview's own interviewer writes it (``interviews.access``). Interviews are a
    # later stage than the sample: named through the app registry, not imported.
    apps.get_model("interviews", "Interview").objects.filter(
        entry=entry, status="in_progress"
    ).update(interviewer=interviewer)
    log_action(
        entry.program,
        "sample.interviewer_assigned",
        user=user,
        data={"deal": str(entry.deal), "interviewer": str(interviewer or "nobody")},
    )
    return entry


@transaction.atomic
def assign_interviewers(
    program: Program, *, user: User | None = None, actor: str = "", log: bool = True
) -> int:
    """Give every unassigned deal of the sample an interviewer, balancing the load: the
    interviewer with the fewest open assignments in the workspace, never the deal's owner."""
    interviewers = [
        m.user
        for m in Membership.objects.filter(
            workspace=program.workspace, role=Role.INTERVIEWER
        ).select_related("user")
    ]
    if not interviewers:
        return 0
    load = defaultdict(int, load_by_interviewer(program.workspace))
    unassigned = (
        SampleEntry.objects.current(program)
        .filter(status=EntryStatus.SELECTED, interviewer__isnull=True)
        .select_related("deal")
        .order_by("pk")
    )
    # The most constrained deals first (those only some interviewers may take), so the
    # balance does not depend on the order the deals happen to come in.
    choices = [(e, [u for u in interviewers if not e.deal.is_owned_by(u)]) for e in unassigned]
    choices.sort(key=lambda pair: (len(pair[1]), pair[0].pk))
    changed = []
    for entry, candidates in choices:
        if not candidates:
            continue
        chosen = min(candidates, key=lambda u: (load[u.pk], str(u), u.pk))
        entry.interviewer, entry.version = chosen, entry.version + 1
        changed.append(entry)
        load[chosen.pk] += 1
    # One statement per batch, not one per deal: a draw of 10,000 assigns in seconds.
    SampleEntry.objects.bulk_update(changed, ["interviewer", "version"], batch_size=500)
    assigned = len(changed)
    if log and assigned:
        log_action(
            program,
            "sample.interviewers_assigned",
            user=user,
            actor=actor,
            data={"count": assigned},
        )
    return assigned
