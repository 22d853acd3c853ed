"""The program's honoraria: the offer, the budget, and every respondent's thank-you."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from winloss.accounts.access import WorkspaceRequest, get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.lib.errors import errors_as_message
from winloss.lib.spreadsheets import TABLE_TYPES, table_bytes
from winloss.outreach.models import Appointment
from winloss.programs.models import Program
from winloss.programs.steps import render_step
from winloss.surveys.models import SurveyResponse

from . import export as finance
from . import services
from .forms import OfferForm, RecordForm, StatusForm
from .models import Honorarium
from .queries import budget_of, current_offer, offers, respondents, sentence, status_counts


def _back(ws: str, program: Program, anchor: str = "") -> HttpResponse:
    response = redirect("honoraria:program", ws=ws, program_id=program.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@workspace_view(Cap.HONORARIA)
def program_honoraria(request: WorkspaceRequest, ws: str, program_id: int) -> HttpResponse:
    program = get_workspace_object(request, Program, program_id)
    offer = current_offer(program)
    initial = {
        "kind": offer.kind,
        "amount": offer.amount or None,
        "currency": offer.currency,
        "budget": offer.budget or None,
        "charities": "\n".join(offer.charities),
    }
    return render_step(
        request,
        program,
        "schedule",
        "honoraria/program.html",
        {
            "offer": offer,
            "sentence": sentence(offer),
            "offer_form": OfferForm(initial=initial),
            "record_form": RecordForm(),
            "budget": budget_of(program),
            "respondents": respondents(program),
            "counts": status_counts(program),
            "versions": offers(program),
        },
    )


@require_POST
@workspace_view(Cap.HONORARIA)
def offer(request: WorkspaceRequest, ws: str, program_id: int) -> HttpResponse:
    program = get_workspace_object(request, Program, program_id)
    form = OfferForm(request.POST)
    if not form.is_valid():
        problems = "; ".join(
            f"{form[f].label}: {' '.join(str(m) for m in e)}" for f, e in form.errors.items()
        )
        messages.error(request, f"The offer was not saved. {problems}")
        return _back(ws, program, "offer")
    with errors_as_message(request):
        saved = services.set_offer(program=program, user=request.user, **form.cleaned_data)
        messages.success(
            request,
            f"Offer saved: {services.terms(saved)}. Invitations sent from now on say so.",
        )
    return _back(ws, program, "offer")


def _respondent_of(request: WorkspaceRequest, program: Program, key: str) -> dict:
    model = Appointment if key[0] == "a" else SurveyResponse
    found = get_workspace_object(request, model, key[1:], program=program)
    return {"appointment": found} if key[0] == "a" else {"survey_response": found}


@require_POST
@workspace_view(Cap.HONORARIA)
def record(request: WorkspaceRequest, ws: str, program_id: int) -> HttpResponse:
    program = get_workspace_object(request, Program, program_id)
    form = RecordForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the respondent's choice from the list.")
        return _back(ws, program, "respondents")
    data = form.cleaned_data
    who = _respondent_of(request, program, data["respondent"])
    with errors_as_message(request):
        saved = services.record_choice(
            program=program,
            user=request.user,
            choice=data["choice"] if data["choice"] != "not_allowed" else "",
            charity=data["charity"],
            not_allowed=data["choice"] == "not_allowed",
            note=data["note"],
            **who,
        )
        messages.success(request, f"Recorded: {saved.choice_text or saved.get_status_display()}.")
    return _back(ws, program, "respondents")


@require_POST
@workspace_view(Cap.HONORARIA)
def status(request: WorkspaceRequest, ws: str, program_id: int) -> HttpResponse:
    program = get_workspace_object(request, Program, program_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose sent, declined or not allowed by their employer.")
        return _back(ws, program, "respondents")
    data = form.cleaned_data
    honorarium = get_workspace_object(request, Honorarium, data["honorarium"], program=program)
    stale = "Someone changed this honorarium while you were looking: check it and try again."
    with errors_as_message(request, stale=stale):
        services.change_status(
            honorarium=honorarium,
            status=data["status"],
            user=request.user,
            expected_version=data["version"],
            note=data["note"],
        )
        messages.success(
            request,
            f"Honorarium of {honorarium.money} marked {honorarium.get_status_display().lower()}.",
        )
    return _back(ws, program, "respondents")


@workspace_view(Cap.HONORARIA)
def export(request: WorkspaceRequest, ws: str, program_id: int) -> HttpResponse:
    program = get_workspace_object(request, Program, program_id)
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    rows = finance.rows(program, role=request.membership.role)
    body = table_bytes(fmt, finance.COLUMNS, rows, sheet="Honoraria")
    response = HttpResponse(body, content_type=TABLE_TYPES[fmt])
    name = f"honoraria-{slugify(program.name) or program.pk}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
