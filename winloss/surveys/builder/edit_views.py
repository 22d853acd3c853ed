"""The survey's actions: start, revise, approve; add, edit, move, delete and waive questions;
add, remove and move decision factors. Each calls one service and goes back to the page."""

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from winloss.accounts.access import get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.guides.forms import MoveForm, VersionForm, WaiverForm
from winloss.guides.queries import review_text
from winloss.lib.errors import errors_as_message, errors_on_form
from winloss.programs.models import Program
from winloss.programs.steps import STEP_BY_KEY

from ..models import SurveyQuestion
from . import services
from .access import get_factor_for, get_survey_question_for
from .forms import FactorForm, NewQuestionForm, QuestionForm
from .queries import draft_survey_for, factor_themes

STALE_DELETE = (
    "Someone else changed this question while you were looking at it, so it was not deleted. "
    "Read the saved wording and delete it again if it should go."
)
STALE_WAIVE = (
    "The question changed while you were reading it; nothing was waived. Read the new wording "
    "and its findings."
)


def _back(ws: str, program_pk: int, anchor: str = "") -> HttpResponse:
    response = redirect("surveys:survey", ws=ws, program_id=program_pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@require_POST
@workspace_view(Cap.EDIT_SURVEY)
def start(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    with errors_as_message(request):
        survey = services.start_survey(program=program, user=request.user)
        messages.success(
            request,
            f"Survey started with {survey.questions.count()} questions from the bank and "
            f"{survey.factors.count()} decision factors from the codebook.",
        )
    return _back(ws, program.pk)


@require_POST
@workspace_view(Cap.EDIT_SURVEY)
def revise(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    with errors_as_message(request):
        survey = services.revise_survey(program=program, user=request.user)
        copied_from = survey.based_on
        assert copied_from is not None  # a revision always copies the approved version
        messages.success(
            request,
            f"Draft v{survey.number} started as a copy of v{copied_from.number}; buyers are "
            "asked the approved version until this one is approved.",
        )
    return _back(ws, program.pk)


@require_POST
@workspace_view(Cap.APPROVE_SURVEY)
def approve(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    form = VersionForm(request.POST)
    draft = draft_survey_for(program)
    if draft is None or not form.is_valid():
        messages.error(request, "There is no draft to approve on this page; reload it.")
        return _back(ws, program.pk)
    with errors_as_message(request):
        services.approve_survey(
            survey=draft, user=request.user, expected_version=form.cleaned_data["version"]
        )
        messages.success(request, f"Version {draft.number} approved: buyers are now asked it.")
    return _back(ws, program.pk)


@require_POST
@workspace_view(Cap.EDIT_SURVEY)
def question_add(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    form = NewQuestionForm(request.POST)
    draft = draft_survey_for(program)
    if draft is None:
        messages.error(request, "Edit the survey first: approved versions do not change.")
    elif not form.is_valid():
        messages.error(request, "Choose the kind of question to add.")
    else:
        with errors_as_message(request):
            question = services.add_question(survey=draft, user=request.user, **form.cleaned_data)
            _say_findings(request, "Question added.", question)
            return _back(ws, program.pk, f"q-{question.pk}")
    return _back(ws, program.pk)


@workspace_view(Cap.EDIT_SURVEY)
def question_edit(request, ws, program_id, survey_question_id):
    """Edit one question's wording; the survey page posts here, and this page shows errors
    or a conflict with someone else's edit."""
    question = get_survey_question_for(request, program_id, survey_question_id)
    program = question.survey.program
    if question.survey.is_approved:
        messages.error(request, "This version is approved and cannot change: edit the survey.")
        return _back(ws, program.pk)
    form = QuestionForm(request.POST or None, instance=question)
    form.fields["text"].widget.attrs.update(
        {
            "hx-post": reverse("surveys:lint", kwargs={"ws": ws, "program_id": program.pk}),
            "hx-trigger": "input changed delay:400ms",
            "hx-target": "#lint-edit",
            "hx-vals": json.dumps({"question": question.pk}),
        }
    )
    if request.method == "POST" and form.is_valid():
        with errors_on_form(form):
            services.edit_question(
                question=question,
                user=request.user,
                expected_version=form.cleaned_data["version"],
                text=form.cleaned_data["text"],
            )
            _say_findings(request, "Question saved.", question)
            return _back(ws, program.pk, f"q-{question.pk}")
    text = form.data.get("text", question.text) if form.is_bound else question.text
    return render(
        request,
        "surveys/builder/question_edit.html",
        {
            "program": program,
            "step": STEP_BY_KEY["survey"],
            "question": question,
            "form": form,
            "findings": review_text(text, question.waivers.all()),
            "text": text,
        },
    )


@require_POST
@workspace_view(Cap.EDIT_SURVEY)
def question_move(request, ws, program_id, survey_question_id):
    question = get_survey_question_for(request, program_id, survey_question_id)
    form = MoveForm(request.POST)
    if form.is_valid():
        with errors_as_message(request):
            services.move_question(
                question=question, user=request.user, direction=form.cleaned_data["direction"]
            )
    return _back(ws, question.survey.program_id, f"q-{question.pk}")


@require_POST
@workspace_view(Cap.EDIT_SURVEY)
def question_delete(request, ws, program_id, survey_question_id):
    question = get_survey_question_for(request, program_id, survey_question_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Delete the question from the survey page.")
        return _back(ws, question.survey.program_id)
    with errors_as_message(request, stale=STALE_DELETE):
        services.delete_question(
            question=question, user=request.user, expected_version=form.cleaned_data["version"]
        )
        messages.success(request, f"Question deleted: “{question.text}”.")
        return _back(ws, question.survey.program_id)
    return _back(ws, question.survey.program_id, f"q-{question.pk}")


@require_POST
@workspace_view(Cap.EDIT_SURVEY)
def question_waive(request, ws, program_id, survey_question_id):
    question = get_survey_question_for(request, program_id, survey_question_id)
    form = WaiverForm(request.POST)
    if not form.is_valid():
        messages.error(request, "To waive a finding, say why the question may stay as it is.")
    else:
        with errors_as_message(request, stale=STALE_WAIVE):
            services.waive_finding(
                question=question,
                user=request.user,
                expected_version=form.cleaned_data["version"],
                rule=form.cleaned_data["rule"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, "Finding waived for this wording of the question.")
    return _back(ws, question.survey.program_id, f"q-{question.pk}")


@require_POST
@workspace_view(Cap.EDIT_SURVEY)
def factor_add(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    form = FactorForm(request.POST, themes=factor_themes(program.workspace_id))
    draft = draft_survey_for(program)
    if draft is None:
        messages.error(request, "Edit the survey first: approved versions do not change.")
    elif not form.is_valid():
        messages.error(request, "Choose an active theme of the codebook to add as a factor.")
    else:
        with errors_as_message(request):
            services.add_factor(survey=draft, user=request.user, theme=form.cleaned_data["theme"])
            messages.success(request, f"“{form.cleaned_data['theme']}” added as a factor.")
    return _back(ws, program.pk, "factors")


@require_POST
@workspace_view(Cap.EDIT_SURVEY)
def factor_remove(request, ws, program_id, factor_id):
    factor = get_factor_for(request, program_id, factor_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Remove the factor from the survey page.")
        return _back(ws, factor.survey.program_id, "factors")
    with errors_as_message(request):
        services.remove_factor(
            factor=factor, user=request.user, expected_version=form.cleaned_data["version"]
        )
        messages.success(request, f"“{factor.theme}” is no longer a factor of this survey.")
    return _back(ws, factor.survey.program_id, "factors")


@require_POST
@workspace_view(Cap.EDIT_SURVEY)
def factor_move(request, ws, program_id, factor_id):
    factor = get_factor_for(request, program_id, factor_id)
    form = MoveForm(request.POST)
    if form.is_valid():
        with errors_as_message(request):
            services.move_factor(
                factor=factor, user=request.user, direction=form.cleaned_data["direction"]
            )
    return _back(ws, factor.survey.program_id, "factors")


def _say_findings(request, done: str, question: SurveyQuestion) -> None:
    count = sum(1 for f in review_text(question.text, question.waivers.all()) if not f.waiver)
    if count:
        plural = "s" if count != 1 else ""
        messages.warning(
            request, f"{done} The linter has {count} finding{plural} on it: fix or waive them."
        )
    else:
        messages.success(request, done)
