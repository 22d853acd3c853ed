"""SOP step 3 actions: start, revise and approve the guide; add, edit, move, delete questions."""

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from winloss.accounts.access import get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.lib.errors import errors_as_message, errors_on_form
from winloss.programs.models import Program
from winloss.programs.steps import STEP_BY_KEY

from . import services
from .access import get_question_for
from .forms import MoveForm, NewQuestionForm, QuestionForm, VersionForm, WaiverForm
from .models import Question
from .queries import draft_version_for, review_text


def _back(ws: str, program_pk: int, question_pk: int | None = None) -> HttpResponse:
    response = redirect("guides:guide", ws=ws, program_id=program_pk)
    if question_pk:
        response["Location"] += f"#q-{question_pk}"
    return response


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


@require_POST
@workspace_view(Cap.EDIT_GUIDE)
def start(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    with errors_as_message(request):
        version = services.start_guide(program=program, user=request.user)
        count = version.questions.count()
        messages.success(request, f"Guide started with {count} questions from the bank.")
    return _back(ws, program.pk)


@require_POST
@workspace_view(Cap.EDIT_GUIDE)
def revise(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    with errors_as_message(request):
        version = services.revise_guide(program=program, user=request.user)
        copied_from = version.based_on
        assert copied_from is not None  # a revision always copies the approved version
        messages.success(
            request,
            f"Draft v{version.number} started as a copy of v{copied_from.number}; "
            "interviews keep using the approved version until this one is approved.",
        )
    return _back(ws, program.pk)


@require_POST
@workspace_view(Cap.APPROVE_GUIDE)
def approve(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    form = VersionForm(request.POST)
    draft = draft_version_for(program)
    if draft is None or not form.is_valid():
        messages.error(request, "There is no draft to approve on this page; reload it.")
        return _back(ws, program.pk)
    with errors_as_message(request):
        services.approve_guide(
            version=draft, user=request.user, expected_version=form.cleaned_data["version"]
        )
        messages.success(request, f"Version {draft.number} approved: interviews now follow it.")
    return _back(ws, program.pk)


@require_POST
@workspace_view(Cap.EDIT_GUIDE)
def question_add(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    form = NewQuestionForm(request.POST)
    draft = draft_version_for(program)
    if draft is None:
        messages.error(request, "Edit the guide first: approved versions do not change.")
        return _back(ws, program.pk)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(ws, program.pk)
    with errors_as_message(request):
        question = services.add_question(version=draft, user=request.user, **form.cleaned_data)
        _say_findings(request, "Question added.", question)
        return _back(ws, program.pk, question.pk)
    return _back(ws, program.pk)


@workspace_view(Cap.EDIT_GUIDE)
def question_edit(request, ws, program_id, question_id):
    """Edit one question; the guide page posts here, and this page shows errors or conflicts."""
    question = get_question_for(request, program_id, question_id)
    if question.guide_version.is_approved:
        messages.error(request, "This version is approved and cannot change: edit the guide.")
        return _back(ws, question.guide_version.program_id)
    form = QuestionForm(request.POST or None, instance=question)
    form.fields["text"].widget.attrs.update(
        {
            "hx-post": reverse("guides:lint", kwargs={"ws": ws, "program_id": program_id}),
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
                prompts=form.cleaned_data["prompts"],
            )
            _say_findings(request, "Question saved.", question)
            return _back(ws, question.guide_version.program_id, question.pk)
    text = form.data.get("text", question.text) if form.is_bound else question.text
    return render(
        request,
        "guides/question_edit.html",
        {
            "program": question.guide_version.program,
            "step": STEP_BY_KEY["guide"],
            "question": question,
            "form": form,
            "findings": review_text(text, question.waivers.all()),
            "text": text,
        },
    )


@require_POST
@workspace_view(Cap.EDIT_GUIDE)
def question_move(request, ws, program_id, question_id):
    question = get_question_for(request, program_id, question_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(ws, question.guide_version.program_id)
    with errors_as_message(request):
        services.move_question(
            question=question, user=request.user, direction=form.cleaned_data["direction"]
        )
    return _back(ws, question.guide_version.program_id, question.pk)


@require_POST
@workspace_view(Cap.EDIT_GUIDE)
def question_delete(request, ws, program_id, question_id):
    question = get_question_for(request, program_id, question_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Delete the question from the guide page.")
        return _back(ws, question.guide_version.program_id)
    stale = (
        "Someone else changed this question while you were looking at it, so it was not "
        "deleted. Read the saved wording and delete it again if it should go."
    )
    with errors_as_message(request, stale=stale):
        services.delete_question(
            question=question, user=request.user, expected_version=form.cleaned_data["version"]
        )
        messages.success(request, f"Question deleted: “{question.text}”.")
        return _back(ws, question.guide_version.program_id)
    return _back(ws, question.guide_version.program_id, question.pk)


@require_POST
@workspace_view(Cap.EDIT_GUIDE)
def question_waive(request, ws, program_id, question_id):
    question = get_question_for(request, program_id, question_id)
    form = WaiverForm(request.POST)
    if not form.is_valid():
        messages.error(request, "To waive a finding, say why the question may stay as it is.")
        return _back(ws, question.guide_version.program_id, question.pk)
    stale = (
        "The question changed while you were reading it; nothing was waived. Read the "
        "new wording and its findings."
    )
    with errors_as_message(request, stale=stale):
        services.waive_finding(
            question=question,
            user=request.user,
            expected_version=form.cleaned_data["version"],
            rule=form.cleaned_data["rule"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, "Finding waived for this wording of the question.")
    return _back(ws, question.guide_version.program_id, question.pk)


def _say_findings(request, done: str, question: Question) -> None:
    count = sum(1 for f in review_text(question.text, question.waivers.all()) if not f.waiver)
    if count:
        plural = "s" if count != 1 else ""
        messages.warning(
            request, f"{done} The linter has {count} finding{plural} on it: fix or waive them."
        )
    else:
        messages.success(request, done)
