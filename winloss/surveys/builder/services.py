"""Writes for building the buyer survey: start it from the bank, edit its questions, choose its
decision factors, approve it, revise it — every change logged on the program.

Only a draft changes; approving freezes it (the models refuse any later write, as for the
interview guide), and editing an approved survey starts the next draft as a copy, so every
answer points at the exact wording the buyer read.
"""

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from winloss.accounts.models import Membership, User
from winloss.accounts.roles import Cap
from winloss.activity.services import diff, log_action, snapshot
from winloss.coding.models import Theme
from winloss.guides.queries import rule_label
from winloss.guides.services import record_waiver
from winloss.lib.concurrency import delete_versioned, save_versioned
from winloss.programs.models import Program

from ..models import (
    MAX_OPEN_QUESTIONS,
    QuestionKind,
    Survey,
    SurveyError,
    SurveyFactor,
    SurveyQuestion,
    SurveyStatus,
    SurveyWaiver,
)
from .bank import DEFAULT_FACTORS, MAX_FACTORS, bank_entry, default_questions
from .queries import approved_survey_for, draft_survey_for, factor_themes, open_findings_count

# At most one question of each of these kinds: the answers fill one field of the response.
SINGLE_KINDS = {QuestionKind.FACTORS, QuestionKind.MAIN_REASON, QuestionKind.RECONSIDER}
# The kinds that list the factors: with fewer than two there is nothing to choose between.
KINDS_WITH_FACTORS = {QuestionKind.FACTORS, QuestionKind.MAIN_REASON}
MIN_FACTORS = 2
DIRECTIONS = ("up", "down")


@transaction.atomic
def start_survey(*, program: Program, user: User) -> Survey:
    """Version 1 from the bank, rating the codebook's first active themes as its factors."""
    _require(user, program, Cap.EDIT_SURVEY)
    if program.surveys.exists():
        raise SurveyError("This program already has a survey.")
    survey = Survey.objects.create(program=program, number=1, created_by=user)
    entries = default_questions()
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(survey=survey, kind=e.kind, position=p, text=e.text, bank_key=e.key)
        for p, e in enumerate(entries, start=1)
    )
    themes = list(factor_themes(program.workspace_id)[:DEFAULT_FACTORS])
    SurveyFactor.objects.bulk_create(
        SurveyFactor(survey=survey, theme=theme, position=p)
        for p, theme in enumerate(themes, start=1)
    )
    log_action(
        program,
        "survey.started",
        user=user,
        data={"number": 1, "count": len(entries), "factors": len(themes)},
    )
    return survey


def _copy(source: Survey, *, program: Program, number: int, user: User | None) -> Survey:
    """A draft of ``program`` copying ``source``: its questions, waivers and factors."""
    survey = Survey.objects.create(program=program, number=number, based_on=source, created_by=user)
    for question in source.questions.prefetch_related("waivers"):
        copy = SurveyQuestion.objects.create(
            survey=survey,
            kind=question.kind,
            position=question.position,
            text=question.text,
            bank_key=question.bank_key,
        )
        SurveyWaiver.objects.bulk_create(
            SurveyWaiver(
                question=copy, rule=w.rule, text=w.text, reason=w.reason, waived_by=w.waived_by
            )
            for w in question.waivers.all()
        )
    SurveyFactor.objects.bulk_create(
        SurveyFactor(survey=survey, theme_id=f.theme_id, position=f.position)
        for f in source.factors.all()
    )
    return survey


@transaction.atomic
def carry_survey_forward(*, previous: Program, wave: Program, user: User | None) -> Survey | None:
    """A new wave's survey starts as a draft copy of the last approved one of the waves before
    it, as its guide does, so the waves ask the same questions; None if none was approved."""
    source: Survey | None = None
    earlier: Program | None = previous
    seen: set[int] = set()
    while earlier is not None and earlier.pk not in seen and source is None:
        seen.add(earlier.pk)
        source = approved_survey_for(earlier)
        earlier = earlier.previous_wave
    if source is None or wave.surveys.exists():
        return None
    survey = _copy(source, program=wave, number=1, user=user)
    log_action(
        wave,
        "survey.carried_forward",
        user=user,
        data={"based_on": source.number, "wave": str(source.program)},
    )
    return survey


def carry_survey_into_new_wave(sender, *, previous: Program, wave: Program, user, **kwargs) -> None:
    """Receiver of ``programs.signals.wave_started``."""
    carry_survey_forward(previous=previous, wave=wave, user=user)


@transaction.atomic
def revise_survey(*, program: Program, user: User) -> Survey:
    """The next draft, a copy of the approved version: questions, waivers and factors."""
    _require(user, program, Cap.EDIT_SURVEY)
    draft = draft_survey_for(program)
    if draft is not None:
        raise SurveyError(f"Version {draft.number} is already a draft: edit that one.")
    approved = approved_survey_for(program)
    if approved is None:
        raise SurveyError("This program has no survey yet: start one from the question bank.")
    number = (program.surveys.aggregate(n=Max("number"))["n"] or 0) + 1
    survey = _copy(approved, program=program, number=number, user=user)
    log_action(
        program, "survey.revised", user=user, data={"number": number, "based_on": approved.number}
    )
    return survey


@transaction.atomic
def add_question(*, survey: Survey, user: User, kind: str, text: str = "") -> SurveyQuestion:
    """A question at the end of the survey; without wording, the bank's next one of ``kind``."""
    _require_draft(survey, user)
    if kind not in QuestionKind.values:
        raise SurveyError(f"A survey has no question kind {kind!r}.")
    kinds = list(survey.questions.values_list("kind", flat=True))
    if kind == QuestionKind.OPEN and kinds.count(kind) >= MAX_OPEN_QUESTIONS:
        raise SurveyError(
            f"A survey has at most {MAX_OPEN_QUESTIONS} open questions: a short survey is "
            "answered. Delete or reword one instead."
        )
    if kind in SINGLE_KINDS and kind in kinds:
        raise SurveyError(
            f"This survey already asks “{QuestionKind(kind).label}”: edit that question instead."
        )
    text, bank_key = text.strip(), ""
    if not text:
        used = set(survey.questions.values_list("bank_key", flat=True))
        entry = bank_entry(kind, used=used)
        if entry is None:
            raise SurveyError("Write the question first.")
        text, bank_key = entry.text, entry.key
    last = survey.questions.aggregate(n=Max("position"))["n"] or 0
    question = SurveyQuestion.objects.create(
        survey=survey, kind=kind, position=last + 1, text=text, bank_key=bank_key
    )
    _touch(survey)
    _log(question, "survey.question_added", user)
    return question


@transaction.atomic
def edit_question(
    *, question: SurveyQuestion, user: User, expected_version: int, text: str
) -> SurveyQuestion:
    """Change a question's wording; refused (StaleEdit) if someone saved first."""
    _require_draft(question.survey, user)
    if not text.strip():
        raise SurveyError("A question cannot be empty: delete it instead.")
    # From the database: a model form has already written the typed text onto ``question``.
    before = snapshot(SurveyQuestion.objects.get(pk=question.pk), ["text"])
    question.text = text.strip()
    changes = diff(before, snapshot(question, ["text"]))
    if not changes:
        return question
    save_versioned(question, expected_version=expected_version, fields=["text"])
    _touch(question.survey)
    _log(question, "survey.question_edited", user, changes=changes)
    return question


@transaction.atomic
def move_question(*, question: SurveyQuestion, user: User, direction: str) -> None:
    """Swap the question with the one before ("up") or after ("down") it."""
    _require_draft(question.survey, user)
    if _swap(SurveyQuestion, question.survey.questions.all(), question.pk, direction):
        _touch(question.survey)
        _log(question, "survey.question_moved", user, direction=direction)


@transaction.atomic
def delete_question(*, question: SurveyQuestion, user: User, expected_version: int) -> None:
    """Remove a question, unless someone changed it since the person looked at it."""
    _require_draft(question.survey, user)
    gone = SurveyError("Someone else already deleted this question.")
    delete_versioned(question, expected_version=expected_version, gone=gone)
    _touch(question.survey)
    _log(question, "survey.question_deleted", user)


@transaction.atomic
def waive_finding(
    *, question: SurveyQuestion, user: User, expected_version: int, rule: str, reason: str
) -> SurveyWaiver:
    """Keep a question despite a finding, with a reason; it holds for this wording only."""
    _require_draft(question.survey, user)
    current, waiver = record_waiver(
        question, SurveyWaiver, user=user, expected_version=expected_version, rule=rule,
        reason=reason, error=SurveyError,
    )  # fmt: skip
    _touch(question.survey)
    _log(current, "survey.finding_waived", user, rule=rule_label(rule), reason=waiver.reason)
    return waiver


@transaction.atomic
def add_factor(*, survey: Survey, user: User, theme: Theme) -> SurveyFactor:
    """Rate ``theme`` too, after the factors already chosen."""
    _require_draft(survey, user)
    if not factor_themes(survey.program.workspace_id).filter(pk=theme.pk).exists():
        raise SurveyError(
            f"“{theme}” is not an active top-level theme of the codebook, so it cannot be a "
            "decision factor."
        )
    factors = list(survey.factors.values_list("theme_id", flat=True))
    if theme.pk in factors:
        raise SurveyError(f"“{theme}” is already a decision factor of this survey.")
    if len(factors) >= MAX_FACTORS:
        raise SurveyError(
            f"A survey rates at most {MAX_FACTORS} decision factors: remove one first."
        )
    last = survey.factors.aggregate(n=Max("position"))["n"] or 0
    factor = SurveyFactor.objects.create(survey=survey, theme=theme, position=last + 1)
    _touch(survey)
    _log_factor(factor, "survey.factor_added", user)
    return factor


@transaction.atomic
def remove_factor(*, factor: SurveyFactor, user: User, expected_version: int) -> None:
    """Stop rating a factor, if the survey is still as the person saw it."""
    _require_draft(factor.survey, user)
    if not Survey.objects.filter(pk=factor.survey_id, version=expected_version).exists():
        raise SurveyError(
            "The survey changed while you were looking at it, so the factor was not removed. "
            "Read it again and remove the factor if it should go."
        )
    SurveyFactor.objects.filter(pk=factor.pk).delete()
    _touch(factor.survey)
    _log_factor(factor, "survey.factor_removed", user)


@transaction.atomic
def move_factor(*, factor: SurveyFactor, user: User, direction: str) -> None:
    _require_draft(factor.survey, user)
    if _swap(SurveyFactor, factor.survey.factors.all(), factor.pk, direction):
        _touch(factor.survey)
        _log_factor(factor, "survey.factor_moved", user, direction=direction)


@transaction.atomic
def approve_survey(*, survey: Survey, user: User, expected_version: int) -> Survey:
    """Freeze a draft for sending; every finding must be fixed or waived first."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not _member_can(user, survey.program, Cap.APPROVE_SURVEY):
        raise SurveyError("Only the program owner or a workspace admin may approve the survey.")
    if survey.is_approved:
        raise SurveyError(f"Version {survey.number} is already approved.")
    if survey.version != expected_version:
        raise SurveyError("The survey changed since you opened it. Read it again, then approve it.")
    kinds = set(survey.questions.values_list("kind", flat=True))
    if not kinds:
        raise SurveyError("The survey has no questions yet.")
    open_count = open_findings_count(survey)
    if open_count:
        raise SurveyError(
            f"{open_count} linter finding{'s' if open_count != 1 else ''} still open: fix each "
            "question or waive the finding with a reason before approving."
        )
    factors = list(survey.factors.select_related("theme"))
    if kinds & KINDS_WITH_FACTORS and len(factors) < MIN_FACTORS:
        raise SurveyError(
            f"Choose at least {MIN_FACTORS} decision factors: the buyer scores them and picks "
            "the main reason among them."
        )
    gone = [str(f.theme) for f in factors if not f.theme.is_active]
    if gone:
        raise SurveyError(
            "These factors are no longer active themes of the codebook; remove them first: "
            + ", ".join(gone)
            + "."
        )
    survey.status = SurveyStatus.APPROVED
    survey.approved_by = user
    survey.approved_at = timezone.now()
    survey.save()
    log_action(
        survey.program,
        "survey.approved",
        user=user,
        data={"number": survey.number, "count": survey.questions.count(), "factors": len(factors)},
    )
    return survey


def _swap(model, rows, pk: int, direction: str) -> bool:
    """Swap row ``pk`` with its neighbour and number the rows 1..n; False at either end."""
    if direction not in DIRECTIONS:
        raise SurveyError("A question or factor moves up or down.")
    ordered = list(rows)
    index = next(i for i, row in enumerate(ordered) if row.pk == pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, row in enumerate(ordered, start=1):
        if row.position != position:
            model.objects.filter(pk=row.pk).update(position=position)
    return True


def _member_can(user: User | None, program: Program, cap: Cap) -> bool:
    if user is None:
        return False
    membership = Membership.objects.filter(user=user, workspace=program.workspace_id).first()
    return membership is not None and membership.can(cap)


def _require(user: User | None, program: Program, cap: Cap) -> None:
    if not _member_can(user, program, cap):
        raise SurveyError("Your role cannot change this program's survey.")


def _require_draft(survey: Survey, user: User) -> None:
    _require(user, survey.program, Cap.EDIT_SURVEY)
    if Survey.objects.filter(pk=survey.pk, status=SurveyStatus.APPROVED).exists():
        raise SurveyError(
            f"Version {survey.number} is approved and cannot change: edit the survey to start "
            "a new draft."
        )


def _touch(survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(version=F("version") + 1)


def _log(
    question: SurveyQuestion, action: str, user: User, changes: dict | None = None, **data
) -> None:
    survey = question.survey
    log_action(
        survey.program,
        action,
        user=user,
        changes=changes,
        data={"number": survey.number, "text": question.text, **data},
    )


def _log_factor(factor: SurveyFactor, action: str, user: User, **data) -> None:
    survey = factor.survey
    log_action(
        survey.program,
        action,
        user=user,
        data={"number": survey.number, "theme": str(factor.theme), **data},
    )
