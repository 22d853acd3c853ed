"""Writes for SOP step 1: creating programs and changing their scope, always logged."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from winloss.accounts.models import User, Workspace
from winloss.activity.services import diff, log_action, snapshot
from winloss.deals.models import Deal
from winloss.lib.concurrency import save_versioned
from winloss.lib.errors import DomainError

from .models import Program


class ProgramError(DomainError):
    """A program change that cannot be made, with a message for the person who asked."""


@transaction.atomic
def create_program(
    *, workspace: Workspace, user: User | None, actor: str = "", **fields: Any
) -> Program:
    if Program.objects.filter(workspace=workspace, name__iexact=fields.get("name", "")).exists():
        raise ProgramError(f"A program named {fields['name']!r} already exists.")
    program = Program.objects.create(workspace=workspace, **fields)
    log_action(
        program,
        "program.created",
        user=user,
        actor=actor,
        changes={k: [None, v] for k, v in snapshot(program, Program.SCOPE_FIELDS).items() if v},
    )
    return program


def program_for_import(
    *,
    workspace: Workspace,
    name: str,
    deals: Iterable[Deal],
    objective: str,
    user: User | None,
    actor: str = "",
) -> tuple[Program, bool]:
    """The program named ``name`` (any case), or a new one whose scope is what the imported
    ``deals`` span (their outcomes, their close dates): past interviews and past surveys
    arrive with no program of their own. Says whether it was made."""
    program = Program.objects.filter(workspace=workspace, name__iexact=name.strip()).first()
    if program is not None:
        return program, False
    deals = list({deal.pk: deal for deal in deals}.values())
    closes = [d.close_date for d in deals if d.close_date]
    program = create_program(
        workspace=workspace,
        user=user,
        actor=actor,
        name=name.strip(),
        objective=objective,
        deal_types=sorted({d.outcome for d in deals}),
        window_start=min(closes, default=None),
        window_end=max(closes, default=None),
        target_sample_size=len(deals),
    )
    return program, True


@transaction.atomic
def update_scope(
    program: Program, *, user: User | None, expected_version: int, actor: str = "", **fields: Any
) -> Program:
    """Change the scope; every change lands in the program log (SOP step 1)."""
    before = snapshot(Program.objects.get(pk=program.pk), Program.SCOPE_FIELDS)
    for name, value in fields.items():
        if name not in Program.SCOPE_FIELDS:
            raise ProgramError(f"{name} is not part of a program's scope.")
        setattr(program, name, value)
    changes = diff(before, snapshot(program, fields))
    if not changes:
        return program
    save_versioned(program, expected_version=expected_version, fields=fields)
    action = "program.status_changed" if set(changes) == {"status"} else "program.scope_changed"
    log_action(program, action, user=user, actor=actor, changes=changes)
    return program
