"""The analysis' own writes: the buying criteria the team expected to win on."""

from collections.abc import Iterable

from django.db import transaction

from winloss.accounts.models import User
from winloss.activity.services import log_action
from winloss.coding.models import Theme
from winloss.programs.models import Program

from .models import ExpectedCriterion


@transaction.atomic
def set_expected_criteria(*, program: Program, themes: Iterable[Theme], user: User) -> None:
    """Record the themes the team expected to win on, replacing the earlier list; logged."""
    chosen = {t.pk: t for t in themes if t.workspace_id == program.workspace_id}
    ExpectedCriterion.objects.filter(program=program).exclude(theme_id__in=chosen).delete()
    have = set(ExpectedCriterion.objects.filter(program=program).values_list("theme_id", flat=True))
    ExpectedCriterion.objects.bulk_create(
        ExpectedCriterion(workspace=program.workspace, program=program, theme=t, added_by=user)
        for pk, t in chosen.items()
        if pk not in have
    )
    log_action(
        program,
        "program.expected_criteria_set",
        user=user,
        data={"themes": sorted(t.slug for t in chosen.values())},
    )
