"""SOP step 4 pages for the words respondents read: the email templates and the consent texts."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from winloss.accounts.access import WorkspaceRequest, can, get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.lib.errors import errors_as_message, errors_on_form
from winloss.lib.forms import is_id
from winloss.programs.models import Program
from winloss.programs.steps import render_step

from . import consent, emails, surveyed, templates_service
from .forms import ConsentTextForm, TemplateForm
from .models import (
    SURVEY_KINDS,
    ConsentKind,
    ConsentRecord,
    ConsentText,
    EmailTemplate,
    MessageKind,
)


def _template_forms(workspace, bound: TemplateForm | None = None) -> list[tuple]:
    rows = []
    for wording in templates_service.wordings(workspace):
        if bound is not None and bound.prefix == wording.kind:
            form = bound
        else:
            instance = wording.custom or EmailTemplate(
                workspace=workspace, kind=wording.kind, subject=wording.subject, body=wording.body
            )
            form = TemplateForm(instance=instance, prefix=wording.kind)
        rows.append((wording, form))
    return rows


def _templates_page(request, program_id: int, bound: TemplateForm | None = None):
    program = get_workspace_object(request, Program, program_id)
    example = templates_service.preview_appointment(program)
    surveyed_example = surveyed.hooks().preview(program)
    rows = [
        {
            "wording": wording,
            "label": MessageKind(wording.kind).label,
            "form": form,
            "preview": emails.render(
                surveyed_example if wording.kind in SURVEY_KINDS else example, wording.kind
            ),
        }
        for wording, form in _template_forms(request.workspace, bound)
    ]
    return render_step(
        request,
        program,
        "schedule",
        "outreach/templates.html",
        {
            "rows": rows,
            "merge_fields": emails.MERGE_FIELDS.items(),
            "example": example,
            "can_schedule": can(request, Cap.SCHEDULE),
        },
    )


@workspace_view(Cap.VIEW_EVIDENCE)
def email_templates(request, ws, program_id):
    return _templates_page(request, program_id)


def _bound_template_form(request: WorkspaceRequest) -> tuple[MessageKind, TemplateForm] | None:
    """The posted message's kind and its form, under the kind's prefix; None for no kind."""
    posted = request.POST.get("kind", "")
    if posted not in MessageKind.values:
        return None
    kind = MessageKind(posted)
    template = EmailTemplate.objects.filter(workspace=request.workspace, kind=kind).first()
    form = TemplateForm(
        request.POST,
        instance=template or EmailTemplate(workspace=request.workspace, kind=kind),
        prefix=kind,
    )
    return kind, form


@require_POST
@workspace_view(Cap.SCHEDULE)
def template_save(request, ws, program_id):
    get_workspace_object(request, Program, program_id)
    posted = _bound_template_form(request)
    if posted is None:
        messages.error(request, "Choose one of the messages listed.")
        return redirect("outreach:templates", ws=ws, program_id=program_id)
    kind, form = posted
    if form.is_valid():
        with errors_on_form(form):
            templates_service.save_template(
                workspace=request.workspace,
                kind=kind,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                user=request.user,
                expected_version=form.cleaned_data["version"],
            )
            messages.success(
                request, f"The {kind.label.lower()} message is saved; it is used from now."
            )
            return redirect(f"{_templates_url(ws, program_id)}#template-{kind}")
    return _templates_page(request, program_id, bound=form)


@require_POST
@workspace_view(Cap.SCHEDULE)
def template_reset(request, ws, program_id):
    get_workspace_object(request, Program, program_id)
    posted = _bound_template_form(request)
    kind = posted[0] if posted else None
    version = request.POST.get(f"{kind}-version", "") if kind else ""
    if kind is None or not is_id(version):
        messages.error(request, "Choose one of the messages listed.")
        return redirect("outreach:templates", ws=ws, program_id=program_id)
    stale = (
        "Someone changed this message while you were looking: nothing was reset. "
        "Read the saved wording below, then choose again."
    )
    with errors_as_message(request, stale=stale):
        templates_service.reset_template(
            workspace=request.workspace,
            kind=kind,
            user=request.user,
            expected_version=int(version),
        )
        messages.success(
            request, f"The {kind.label.lower()} message is back to the built-in wording."
        )
    return redirect(f"{_templates_url(ws, program_id)}#template-{kind}")


def _templates_url(ws: str, program: int) -> str:
    return reverse("outreach:templates", kwargs={"ws": ws, "program_id": program})


def _consent_counts(workspace) -> dict[int, int]:
    """How many consent records name each version: the versions people actually agreed to."""
    counts: dict[int, int] = {}
    records = ConsentRecord.objects.filter(statement__workspace=workspace)
    for field in ("statement", "recording_text"):
        for pk, n in records.values_list(field).annotate(n=Count("id")).order_by():
            if pk is not None:  # a survey's consent has no recording text
                counts[pk] = counts.get(pk, 0) + n
    return counts


def _consent_page(request, program_id: int, bound: dict[str, ConsentTextForm] | None = None):
    program = get_workspace_object(request, Program, program_id)
    workspace = request.workspace
    counts = _consent_counts(workspace)
    texts = []
    for kind in ConsentKind:
        current = consent.current_text(workspace, kind)
        versions = list(
            ConsentText.objects.filter(workspace=workspace, kind=kind)
            .exclude(pk=current.pk)
            .select_related("created_by")
            .order_by("-number")
        )
        form = (bound or {}).get(kind) or ConsentTextForm(
            initial={"body": current.body, "based_on": current.number}, prefix=kind
        )
        texts.append(
            {
                "kind": kind,
                "current": current,
                "current_consents": counts.get(current.pk, 0),
                "preview": consent.render(current, program=program),
                # With how many consents were given on each.
                "versions": [(version, counts.get(version.pk, 0)) for version in versions],
                "form": form,
            }
        )
    return render_step(
        request,
        program,
        "schedule",
        "outreach/consent.html",
        {
            "texts": texts,
            "fields": consent.FIELDS.items(),
            "can_edit": can(request, Cap.EDIT_GUIDE),
        },
    )


@workspace_view(Cap.VIEW_EVIDENCE)
def consent_texts(request, ws, program_id):
    return _consent_page(request, program_id)


@require_POST
@workspace_view(Cap.EDIT_GUIDE)
def consent_save(request, ws, program_id):
    get_workspace_object(request, Program, program_id)
    kind = request.POST.get("kind", "")
    if kind not in ConsentKind.values:
        messages.error(request, "Choose one of the consent texts listed.")
        return redirect("outreach:consent", ws=ws, program_id=program_id)
    form = ConsentTextForm(request.POST, prefix=kind)
    if form.is_valid():
        before = consent.current_text(request.workspace, kind)
        with errors_on_form(form):
            text = consent.save_text(
                workspace=request.workspace,
                kind=kind,
                body=form.cleaned_data["body"],
                user=request.user,
                based_on=form.cleaned_data["based_on"],
            )
            label = ConsentKind(kind).label
            if text.number == before.number:
                messages.info(request, f"The {label.lower()} is unchanged: nothing was saved.")
            else:
                messages.success(
                    request,
                    f"Version {text.number} of the {label.lower()} is saved: respondents read "
                    "it from now; consents already given keep the version they read.",
                )
            url = reverse("outreach:consent", kwargs={"ws": ws, "program_id": program_id})
            return redirect(f"{url}#consent-{kind}")
    return _consent_page(request, program_id, bound={kind: form})
