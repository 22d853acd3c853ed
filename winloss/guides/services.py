"""Writes for SOP step 3: seeding, editing, waiving findings and approving a guide, all logged.

Every change lands in the program log. Only a draft version can change; approving freezes it
(the models refuse any later write), and editing an approved guide starts the next draft as a
copy of it, so an interview always points at the exact questions it followed.
"""

from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from winloss.accounts.models import Membership, User
from winloss.accounts.roles import Cap
from winloss.activity.services import diff, log_action, snapshot
from winloss.lib.concurrency import StaleEdit, delete_versioned, save_versioned
from winloss.lib.errors import DomainError
from winloss.programs.models import Program

from .bank import bank_for
from .models import (
    OUTCOME_SECTIONS,
    GuideError,
    GuideStatus,
    GuideVersion,
    Question,
    Section,
    Waiver,
    section_for,
)
from .queries import (
    approved_version_for,
    draft_version_for,
    open_findings_count,
    review_text,
    rule_label,
)


def assert_usable(version: GuideVersion | None) -> GuideVersion:
    """Interviews call this before following a guide: only an approved version may be used."""
    if version is None:
        raise GuideError("This program has no approved interview guide yet.")
    if version.status != GuideStatus.APPROVED:
        raise GuideError(
            f"Version {version.number} of the guide is a draft: interviews follow an approved "
            "guide only."
        )
    return version


@transaction.atomic
def start_guide(*, program: Program, user: User) -> GuideVersion:
    """Version 1, seeded from the question bank: the common section and each outcome in scope."""
    _require(user, program, Cap.EDIT_GUIDE)
    if program.guide_versions.exists():
        raise GuideError("This program already has a guide.")
    version = GuideVersion.objects.create(program=program, number=1, created_by=user)
    in_scope = {section_for(t) for t in program.clean_deal_types()} - {None}
    sections = [Section.COMMON, *(s for s in OUTCOME_SECTIONS if s in in_scope or not in_scope)]
    questions = [
        Question(
            guide_version=version,
            section=section,
            position=position,
            text=entry.text,
            prompts=list(entry.prompts),
            bank_key=entry.key,
        )
        for section in sections
        for position, entry in enumerate(bank_for(section), start=1)
    ]
    Question.objects.bulk_create(questions)
    log_action(program, "guide.started", user=user, data={"number": 1, "count": len(questions)})
    return version


@transaction.atomic
def revise_guide(*, program: Program, user: User) -> GuideVersion:
    """The next draft version, a copy of the approved one (questions, prompts and waivers)."""
    _require(user, program, Cap.EDIT_GUIDE)
    draft = draft_version_for(program)
    if draft is not None:
        raise GuideError(f"Version {draft.number} is already a draft: edit that one.")
    approved = approved_version_for(program)
    if approved is None:
        raise GuideError("This program has no guide yet: start one from the question bank.")
    number = (program.guide_versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = GuideVersion.objects.create(
        program=program, number=number, based_on=approved, created_by=user
    )
    _copy_questions(approved, into=version)
    log_action(
        program,
        "guide.revised",
        user=user,
        data={"number": number, "based_on": approved.number},
    )
    return version


@transaction.atomic
def carry_guide_forward(
    *, previous: Program, wave: Program, user: User | None
) -> GuideVersion | None:
    """A new wave's guide starts as a draft copy of the last approved one of the waves before
    it, so every wave asks the same core questions (SOP step 3); None if none was approved."""
    source: GuideVersion | None = None
    earlier: Program | None = previous
    seen: set[int] = set()
    while earlier is not None and earlier.pk not in seen and source is None:
        seen.add(earlier.pk)
        source = approved_version_for(earlier)
        earlier = earlier.previous_wave
    if source is None or wave.guide_versions.exists():
        return None
    version = GuideVersion.objects.create(program=wave, number=1, based_on=source, created_by=user)
    _copy_questions(source, into=version)
    log_action(
        wave,
        "guide.carried_forward",
        user=user,
        data={"based_on": source.number, "wave": str(source.program)},
    )
    return version


def carry_guide_into_new_wave(sender, *, previous: Program, wave: Program, user, **kwargs) -> None:
    """Receiver of ``programs.signals.wave_started``."""
    carry_guide_forward(previous=previous, wave=wave, user=user)


def _copy_questions(source: GuideVersion, *, into: GuideVersion) -> None:
    """Questions, prompts and waivers of ``source``, as they are, into the draft ``into``."""
    for question in source.questions.prefetch_related("waivers"):
        copy = Question.objects.create(
            guide_version=into,
            section=question.section,
            position=question.position,
            text=question.text,
            prompts=list(question.prompts),
            bank_key=question.bank_key,
        )
        Waiver.objects.bulk_create(
            Waiver(question=copy, rule=w.rule, text=w.text, reason=w.reason, waived_by=w.waived_by)
            for w in question.waivers.all()
        )


@transaction.atomic
def add_question(
    *, version: GuideVersion, user: User, section: str, text: str, prompts: list[str]
) -> Question:
    _require_draft(version, user)
    if section not in Section.values:
        raise GuideError(f"A guide has no section {section!r}.")
    if not text.strip():
        raise GuideError("Write the question first.")
    last = version.questions.filter(section=section).aggregate(n=Max("position"))["n"] or 0
    question = Question.objects.create(
        guide_version=version,
        section=section,
        position=last + 1,
        text=text.strip(),
        prompts=_clean(prompts),
    )
    _touch(version)
    _log(question, "guide.question_added", user)
    return question


@transaction.atomic
def edit_question(
    *, question: Question, user: User, expected_version: int, text: str, prompts: list[str]
) -> Question:
    """Change a question's wording or prompts; refused (StaleEdit) if someone saved first."""
    _require_draft(question.guide_version, user)
    if not text.strip():
        raise GuideError("A question cannot be empty: delete it instead.")
    # From the database: a model form has already written the typed text onto ``question``.
    before = snapshot(Question.objects.get(pk=question.pk), ["text", "prompts"])
    question.text, question.prompts = text.strip(), _clean(prompts)
    changes = diff(before, snapshot(question, ["text", "prompts"]))
    if not changes:
        return question
    save_versioned(question, expected_version=expected_version, fields=["text", "prompts"])
    _touch(question.guide_version)
    _log(question, "guide.question_edited", user, changes=changes)
    return question


@transaction.atomic
def move_question(*, question: Question, user: User, direction: str) -> None:
    """Swap the question with its neighbour above ("up") or below ("down") in its section."""
    _require_draft(question.guide_version, user)
    if direction not in ("up", "down"):
        raise GuideError("A question moves up or down.")
    siblings = list(
        Question.objects.filter(guide_version=question.guide_version_id, section=question.section)
    )
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    # Renumber the whole section: positions stay 1..n even after deletions.
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            Question.objects.filter(pk=sibling.pk).update(position=position)
    _touch(question.guide_version)
    _log(question, "guide.question_moved", user, direction=direction)


@transaction.atomic
def delete_question(*, question: Question, user: User, expected_version: int) -> None:
    """Remove a question, unless someone changed it since the person looked at it."""
    _require_draft(question.guide_version, user)
    gone = GuideError("Someone else already deleted this question.")
    delete_versioned(question, expected_version=expected_version, gone=gone)
    _touch(question.guide_version)
    _log(question, "guide.question_deleted", user)


@transaction.atomic
def record_waiver(
    question: Any,
    waiver_model: Any,
    *,
    user: User,
    expected_version: int,
    rule: str,
    reason: str,
    error: type[DomainError],
) -> tuple[Any, Any]:
    """The waiver of ``rule`` on a question (of the guide, or of another questionnaire that
    keeps ``LinterWaiver``s): for its wording as stored now, refused when someone changed it
    since (``StaleEdit``), without a reason, or when the linter no longer finds the problem.
    Returns the stored question and its waiver."""
    current = type(question).objects.get(pk=question.pk)
    if current.version != expected_version:
        raise StaleEdit(current)
    if not reason.strip():
        raise error("Say why the question may stay as it is.")
    if rule not in {f.finding.rule for f in review_text(current.text)}:
        raise error("The linter no longer finds that problem in this question.")
    waiver, _ = waiver_model.objects.update_or_create(
        question=current,
        rule=rule,
        defaults={"text": current.text, "reason": reason.strip(), "waived_by": user},
    )
    return current, waiver


@transaction.atomic
def waive_finding(
    *, question: Question, user: User, expected_version: int, rule: str, reason: str
) -> Waiver:
    """Keep a question despite a finding, with a reason; it holds for this wording only."""
    _require_draft(question.guide_version, user)
    current, waiver = record_waiver(
        question, Waiver, user=user, expected_version=expected_version, rule=rule,
        reason=reason, error=GuideError,
    )  # fmt: skip
    _touch(question.guide_version)
    _log(current, "guide.finding_waived", user, rule=rule_label(rule), reason=waiver.reason)
    return waiver


@transaction.atomic
def approve_guide(*, version: GuideVersion, user: User, expected_version: int) -> GuideVersion:
    """Freeze a draft for use in interviews; every finding must be fixed or waived first."""
    version = GuideVersion.objects.select_for_update().get(pk=version.pk)
    if not _member_can(user, version.program, Cap.APPROVE_GUIDE):
        raise GuideError("Only the program owner or a workspace admin may approve the guide.")
    if version.is_approved:
        raise GuideError(f"Version {version.number} is already approved.")
    if version.version != expected_version:
        raise GuideError("The guide changed since you opened it. Read it again, then approve it.")
    if not version.questions.exists():
        raise GuideError("The guide has no questions yet.")
    open_count = open_findings_count(version)
    if open_count:
        raise GuideError(
            f"{open_count} linter finding{'s' if open_count != 1 else ''} still open: fix each "
            "question or waive the finding with a reason before approving."
        )
    version.status = GuideStatus.APPROVED
    version.approved_by = user
    version.approved_at = timezone.now()
    version.save()
    log_action(
        version.program,
        "guide.approved",
        user=user,
        data={"number": version.number, "count": version.questions.count()},
    )
    return version


def _member_can(user: User | None, program: Program, cap: Cap) -> bool:
    if user is None:
        return False
    membership = Membership.objects.filter(user=user, workspace=program.workspace_id).first()
    return membership is not None and membership.can(cap)


def _require(user: User | None, program: Program, cap: Cap) -> None:
    if not _member_can(user, program, cap):
        raise GuideError("Your role cannot change this program's guide.")


def _require_draft(version: GuideVersion, user: User) -> None:
    _require(user, version.program, Cap.EDIT_GUIDE)
    if GuideVersion.objects.filter(pk=version.pk, status=GuideStatus.APPROVED).exists():
        raise GuideError(
            f"Version {version.number} is approved and cannot change: edit the guide to start "
            "a new draft."
        )


def _touch(version: GuideVersion) -> None:
    GuideVersion.objects.filter(pk=version.pk).update(version=F("version") + 1)


def _clean(prompts: list[str]) -> list[str]:
    return [p.strip() for p in prompts if p.strip()]


def _log(question: Question, action: str, user: User, changes: dict | None = None, **data) -> None:
    version = question.guide_version
    log_action(
        version.program,
        action,
        user=user,
        changes=changes,
        data={
            "number": version.number,
            "section": Section(question.section).label,
            "text": question.text,
            **data,
        },
    )
